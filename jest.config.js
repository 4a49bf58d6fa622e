// Three tiers, by file suffix: unit (pure, no I/O), int (real Postgres/Kafka/Connect/ES), e2e (whole pipeline).
const transform = { '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }] };
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform,
  testEnvironment: 'node',
  testPathIgnorePatterns: ['/node_modules/', '/.infra/', '/dist/'],
};

export default {
  // Integration and end-to-end tests wait on real components; jest 30 reads the timeout only at the top level.
  testTimeout: 180_000,
  reporters: ['default', '<rootDir>/testkit/summaryReporter.cjs'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/**/*.unit.spec.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/**/*.int.spec.ts'],
      globalSetup: '<rootDir>/testkit/globalSetup.mjs',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/testkit/globalSetup.mjs',
    },
  ],
};
