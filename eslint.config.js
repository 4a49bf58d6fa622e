// ESLint (flat config): typescript-eslint's type-checked rules, plus the import boundaries of docs/conventions.md as
// `no-restricted-imports` so that they hold by construction rather than by review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const drivers = ['express', 'express-*', 'pg', 'pg-*', 'kafkajs', '@elastic/*', 'prom-client', 'pino'];

/** Pure code: no drivers, no node:* (it must run, and be tested, without any I/O). */
const pure = {
  group: [...drivers, 'node:*', '**/adapters/**'],
  message: 'Pure code imports no driver and no node:* module (docs/conventions.md, "What may import what"); put I/O in an adapter.',
};

/** The three programs share only the database schema, topics and document types (`import type` is allowed). */
const boundary = (name, others) => ({
  group: others.flatMap((o) => [`**/${o}/**`, `**/${o}`]),
  allowTypeImports: true,
  message: `${name} never imports ${others.join(' or ')} (docs/conventions.md): their contract is the schema, topics and document types.`,
});

const command = boundary('api/command', ['api/query', 'projector']);
const query = boundary('api/query', ['api/command', 'projector']);
// The query API's composition root alone reads the registered declarations, to hand them to createQueryApp as data
// (the routes derived from them, api/query/derived); the rest of the query API only `import type`s them.
const { group: _group, ...queryRest } = query;
const queryRoot = { ...queryRest, regex: '(^|/)(api/command|projector)(/|$)(?!projections/index\\.js$)' };
const projector = boundary('projector', ['api/command', 'api/query']);
// The ops service watches the others from outside: it reads the projector's declarations (projections, captured
// tables) and the shared names (lib/names.ts), never the command or query API's code.
const ops = boundary('api/ops', ['api/command', 'api/query']);

const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['.infra/**', 'node_modules/**', 'dist/**', 'test-artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Ports and composition roots return promises by contract; an `async` body without `await` is fine there.
      '@typescript-eslint/require-await': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  {
    // Plain JavaScript here is Node tooling (jest config, reporters, the launcher's bootstrap).
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', module: 'writable', require: 'readonly', __dirname: 'readonly', URL: 'readonly' } },
  },
  {
    // The ops console runs in the browser.
    files: ['api/ops/console/**/*.js'],
    languageOptions: { globals: { document: 'readonly', fetch: 'readonly', sessionStorage: 'readonly', URLSearchParams: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
  // Test doubles implement Promise-returning ports; `async` without `await` is the plain way to write them.
  // Tests read untyped JSON response bodies and assert on them; the assertions are the type check there.
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  { files: ['api/command/**/*.ts'], rules: restrict(command) },
  { files: ['api/query/**/*.ts'], rules: restrict(query) },
  { files: ['api/query/main.ts'], rules: restrict(queryRoot) },
  { files: ['projector/**/*.ts'], rules: restrict(projector) },
  { files: ['api/ops/**/*.ts'], rules: restrict(ops) },
  // Later blocks replace the rule for the files they match, so each pure block restates its program's boundary.
  { files: ['api/command/**/decide.ts', 'api/command/**/model.ts'], rules: restrict(pure, command) },
  { files: ['api/query/**/search.ts'], rules: restrict(pure, query) },
  { files: ['projector/cdc/**/*.ts', 'projector/projections/**/*.ts'], ignores: ['**/*.spec.ts'], rules: restrict(pure, projector) },
  { files: ['lib/position.ts', 'lib/names.ts', 'lib/groupCommit.ts', 'lib/apiKeys.ts', 'lib/production.ts', 'lib/textQuery.ts'], rules: restrict(pure) },
);
