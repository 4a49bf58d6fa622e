// Who a process is to Kafka: one SASL/SCRAM principal per service (infra/native/kafkaAcls.ts grants each its
// rights), in the shape kafkajs takes as `sasl`. No driver here: the adapters pass it on.
//
// Without a password there is no SASL at all: a broker of one's own that has no authentication (Compose's, today)
// still works. The native launcher always generates the passwords (infra/native/secrets.ts), so `npm start` and
// `npm test` always authenticate.

export interface KafkaSasl {
  mechanism: 'scram-sha-512';
  username: string;
  password: string;
}

/** The principals the native launcher creates, one per service; each process's schema defaults to its own. */
export const KAFKA_PRINCIPALS = {
  admin: 'sluice-admin',
  connect: 'sluice-connect',
  projector: 'sluice-projector',
  ops: 'sluice-ops',
} as const;

export const kafkaSasl = (username: string, password: string | undefined): KafkaSasl | undefined =>
  password ? { mechanism: 'scram-sha-512', username, password } : undefined;

/** For operator tools, tests and benchmarks (which see every generated secret): the admin principal. */
export const adminSaslFrom = (env: Record<string, string | undefined>): KafkaSasl | undefined =>
  kafkaSasl(env['KAFKA_ADMIN_USER'] ?? KAFKA_PRINCIPALS.admin, env['KAFKA_ADMIN_PASSWORD']);
