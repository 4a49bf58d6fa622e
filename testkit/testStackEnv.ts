// Where the test stack lives: its home and ports, 10000 above the development defaults (./testStack.ts starts it).

/** Every endpoint and home the processes, the launcher and the test helpers read, for the test stack. */
export const TEST_STACK_ENV: Readonly<Record<string, string>> = {
  SLUICE_HOME: '.infra/test',
  SLUICE_DOWNLOADS: '.infra/downloads',
  PG_PORT: '15432',
  KAFKA_BROKERS: '127.0.0.1:19092',
  KAFKA_CONTROLLER_PORT: '19093',
  CONNECT_URL: 'http://127.0.0.1:18083',
  ES_URL: 'https://127.0.0.1:19200',
  API_COMMAND_PORT: '18080',
  API_QUERY_PORT: '18081',
  API_OPS_PORT: '18082',
  PROJECTOR_METRICS_PORT: '18090',
};

/**
 * Points this process (and every process it starts) at the test stack. `SLUICE_TEST_ENDPOINTS=env` keeps the
 * endpoints the environment already names instead, for a run against clusters of one's own.
 */
export function useTestStack(env: NodeJS.ProcessEnv = process.env): void {
  // Suites write to one database while their projectors come and go (isolated ones start at the end of the change
  // topics): every projector a test starts rebuilds the incremental aggregates' summary rows (docs/design.md decision 11).
  env['PROJECTOR_SUMMARY_BUILD'] ??= 'always';
  if (env['SLUICE_TEST_ENDPOINTS'] === 'env') return;
  Object.assign(env, TEST_STACK_ENV);
}
