// The secrets each Sluice process reads, in one place: the launcher hands each process a secrets file with these
// names only (infra/native/components/apps.ts), and in production each process refuses to start without every
// password among them (lib/production.ts). A name a process's configuration reads but this list leaves out is caught
// by infra/native/components/apps.unit.spec.ts.
const API = ['API_KEYS', 'API_KEY_SECRET'] as const;

export const PROCESS_SECRETS = {
  'command-api': ['PG_WRITER_PASSWORD', ...API],
  projector: ['PG_PROJECTOR_PASSWORD', 'ES_PROJECTOR_PASSWORD', 'KAFKA_PROJECTOR_PASSWORD', 'CONNECT_REST_PASSWORD', ...API],
  'query-api': ['ES_QUERY_PASSWORD', ...API],
  ops: ['PG_OPS_PASSWORD', 'ES_OPS_PASSWORD', 'KAFKA_OPS_PASSWORD', 'CONNECT_REST_PASSWORD', ...API],
} as const satisfies Record<string, readonly string[]>;

export type SluiceProcess = keyof typeof PROCESS_SECRETS;

/** The passwords a process connects with: each must be set, and not a development default, in production. */
export const passwordsOf = (process: SluiceProcess): string[] => PROCESS_SECRETS[process].filter((name) => name.endsWith('_PASSWORD'));
