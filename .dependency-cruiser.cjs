// The import rules of docs/conventions.md ("Floors"), checked on the whole tree by `npm test`
// (test/structure/imports.unit.spec.ts) and by hand with `npx depcruise --config .dependency-cruiser.cjs api bin bench chaos connectors infra lib model projector testkit`.
// ESLint's no-restricted-imports holds the same boundaries file by file; only a graph can see a cycle.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'Files that import each other, directly or around a loop (type-only imports included): cut the loop by moving the shared name down a floor.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lib-is-the-ground',
      severity: 'error',
      comment: 'lib/ holds what every process shares and imports nothing of Sluice but lib/.',
      from: { path: '^lib/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^(api|bin|bench|chaos|connectors|infra|model|projector|testkit|test)/' },
    },
    {
      name: 'the-contract-stands-on-lib-only',
      severity: 'error',
      comment: 'model/ is the read-model contract every program builds on: it imports lib/ and itself, nothing above.',
      from: { path: '^model/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^(api|bin|bench|chaos|connectors|infra|projector|testkit|test)/' },
    },
    {
      name: 'programs-never-import-the-projector',
      severity: 'error',
      comment: 'The APIs, the connectors, the launcher and the contract talk to the projector through Kafka and Elasticsearch, never by import.',
      from: { path: '^(api|connectors|infra|lib|model)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^projector/' },
    },
    {
      name: 'tools-use-the-projector-door',
      severity: 'error',
      comment: 'The sluice command, the fault suite, the benchmarks and the test kit reach the projector through projector/operations.ts only.',
      from: { path: '^(bin|bench|chaos|testkit|test)/' },
      to: { path: '^projector/', pathNot: '^projector/operations\\.ts$' },
    },
    {
      name: 'apis-keep-to-themselves',
      severity: 'error',
      comment: 'The command API, the query API and the ops service share only lib/, model/ and api/http (and api/events for the event schemas).',
      from: { path: '^api/(command|query|ops)/' },
      to: { path: '^api/(command|query|ops)/', pathNot: ['^api/$1/'] },
    },
    {
      name: 'stages-above-adapters',
      severity: 'error',
      comment: "Adapters sit at the edge: the projector's stages implement their work against ports; the composition root hands them the adapters.",
      from: { path: '^projector/(resolve|hydrate|timeline|progress)/', pathNot: ['/adapters/', '\\.spec\\.ts$'] },
      to: { path: '^projector/adapters/|/adapters/' },
    },
    {
      name: 'projector-assembly-on-top',
      severity: 'error',
      comment: "The projector is wired in one place: main.ts (the process's composition root) and the factories of assembly/ it and the door (operations.ts) use. Nothing below them imports them.",
      from: { path: '^projector/', pathNot: ['^projector/(main|operations)\\.ts$', '^projector/assembly/', '\\.spec\\.ts$'] },
      to: { path: '^projector/(assembly/|main\\.ts$|operations\\.ts$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^node_modules', '^dist/', '^\\.infra/', '^test/structure/fixtures/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs'] },
  },
};
