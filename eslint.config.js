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

/** The programs share only lib/, the read-model contract (model/) and api/http: never each other's code. */
const boundary = (name, others) => ({
  group: others.flatMap((o) => [`**/${o}/**`, `**/${o}`]),
  message: `${name} never imports ${others.join(' or ')} (docs/conventions.md, "Floors"): their contract is model/, the schema and the topics.`,
});

const command = boundary('api/command', ['api/query', 'api/ops', 'projector']);
const query = boundary('api/query', ['api/command', 'api/ops', 'projector']);
const projector = boundary('projector', ['api']);
const ops = boundary('api/ops', ['api/command', 'api/query', 'projector']);
/** The ops rooms get their probes from the composition root (api/ops/main.ts): only it sees api/ops/adapters. */
const opsRooms = {
  group: ['../adapters/**', '../adapters'],
  message: 'The rooms of api/ops (lag, capacity, recovery, search) never import api/ops/adapters: main.ts hands them their probes; adapters import the rooms, not the other way.',
};
/** The contract at the bottom of the house: it stands on lib/ alone. */
const model = boundary('model', ['api', 'projector', 'bin', 'bench', 'chaos', 'testkit', 'connectors', 'infra']);
/** Tools reach the projector through its one door. */
const door = {
  group: ['**/projector/**', '!**/projector/operations.js'],
  message: 'Outside projector/, only projector/operations.ts may be imported (docs/conventions.md, "Floors").',
};
const closed = { group: ['**/projector/**', '**/projector'], message: 'The launcher, the connectors and lib/ never import the projector (docs/conventions.md, "Floors").' };

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
    files: ['**/*.spec.ts', 'test/**/*.ts', 'testkit/**/*.ts'],
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
  { files: ['projector/**/*.ts'], rules: restrict(projector) },
  { files: ['api/ops/**/*.ts'], rules: restrict(ops) },
  { files: ['api/ops/{lag,capacity,recovery,search}/**/*.ts'], ignores: ['**/*.spec.ts'], rules: restrict(ops, opsRooms) },
  { files: ['model/**/*.ts'], ignores: ['**/*.spec.ts'], rules: restrict(model) },
  { files: ['bin/**/*.ts', 'bench/**/*.ts', 'chaos/**/*.ts', 'testkit/**/*.ts', 'test/**/*.ts'], rules: restrict(door) },
  { files: ['infra/**/*.ts', 'connectors/**/*.ts', 'lib/**/*.ts'], ignores: ['**/*.spec.ts'], rules: restrict(closed) },
  // Later blocks replace the rule for the files they match, so each pure block restates its program's boundary.
  { files: ['api/command/**/decide.ts', 'api/command/**/aggregate.ts'], rules: restrict(pure, command) },
  { files: ['api/query/**/search.ts'], rules: restrict(pure, query) },
  { files: ['model/**/*.ts'], ignores: ['**/*.spec.ts', 'model/adapters/**'], rules: restrict(pure, model) },
  { files: ['lib/position.ts', 'lib/names.ts', 'lib/groupCommit.ts', 'lib/apiKeys.ts', 'lib/production.ts', 'lib/textQuery.ts'], rules: restrict(pure) },
);
