// How the native stack's Kafka authenticates, as broker settings and the principals' passwords.
//
// - Clients (and the broker to itself, inter-broker) use SASL/SCRAM-SHA-512 on 127.0.0.1: a password is never sent,
//   and each service is its own principal with its own ACLs (kafkaAcls.ts). SCRAM credentials live in the cluster
//   metadata: created with `kafka-storage format --add-scram` for a new home. A home formatted before they existed
//   has none, so nobody could log in to add them (Kafka 3.9's admin client refuses AlterUserScramCredentials against
//   the controller listener): for that one start the admin may also log in with PLAIN, checked against the static
//   JAAS line, the launcher adds the SCRAM users through the broker, and the next start drops PLAIN again (kafka.ts).
// - The KRaft controller listener cannot use SCRAM (its credentials are in the very metadata the controller serves),
//   so it uses SASL/PLAIN with one static principal from the JAAS line below; that principal, like the admin, is a
//   super user, because registering and heartbeating a broker needs CLUSTER_ACTION.
// - Why SASL_PLAINTEXT and not SASL_SSL: every listener is on the loopback interface of one machine, where TLS
//   protects against no one who cannot already read the secrets file; SCRAM keeps the password off the wire all the
//   same. A deployment across machines puts SASL_SSL on both listeners (README, Production; docs/security.md).
import type { StackContext } from './context.js';
import { KAFKA_PRINCIPALS } from '../../lib/kafkaSasl.js';
import { withSecrets } from '../../lib/secrets.js';

export const CONTROLLER_PRINCIPAL = 'sluice-controller';

export interface KafkaPasswords {
  controller: string;
  /** SCRAM users by principal name. */
  users: Record<string, string>;
}

const need = (env: Record<string, string | undefined>, name: string): string => {
  const value = env[name];
  if (!value) throw new Error(`${name} is missing from the secrets file: the launcher generates it on start`);
  // They go into JAAS lines between double quotes: refuse what would end the quote rather than escape it.
  if (!/^[A-Za-z0-9_\-.~+/=]+$/.test(value)) throw new Error(`${name} may hold only letters, digits and _-.~+/= (it is quoted in a JAAS line)`);
  return value;
};

export function kafkaPasswords(ctx: StackContext): KafkaPasswords {
  const env = withSecrets({ ...process.env, SLUICE_SECRETS_FILE: ctx.secretsFile });
  return {
    controller: need(env, 'KAFKA_CONTROLLER_PASSWORD'),
    users: {
      [KAFKA_PRINCIPALS.admin]: need(env, 'KAFKA_ADMIN_PASSWORD'),
      [KAFKA_PRINCIPALS.connect]: need(env, 'KAFKA_CONNECT_PASSWORD'),
      [KAFKA_PRINCIPALS.projector]: need(env, 'KAFKA_PROJECTOR_PASSWORD'),
      [KAFKA_PRINCIPALS.ops]: need(env, 'KAFKA_OPS_PASSWORD'),
    },
  };
}

export const scramJaas = (username: string, password: string): string =>
  `org.apache.kafka.common.security.scram.ScramLoginModule required username="${username}" password="${password}";`;

const plainJaas = (password: string): string =>
  `org.apache.kafka.common.security.plain.PlainLoginModule required username="${CONTROLLER_PRINCIPAL}" password="${password}" user_${CONTROLLER_PRINCIPAL}="${password}";`;

/**
 * The security part of server.properties (mode 0600: it holds the admin's and the controller's passwords).
 * `adminPlain`: the admin may also log in with PLAIN (only while SCRAM users are missing from an older home).
 */
export function securityProperties(p: KafkaPasswords, adminPlain = false): string[] {
  const admin = p.users[KAFKA_PRINCIPALS.admin] ?? '';
  const plain = adminPlain
    ? ['listener.name.client.sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN', `listener.name.client.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_${KAFKA_PRINCIPALS.admin}="${admin}";`]
    : ['listener.name.client.sasl.enabled.mechanisms=SCRAM-SHA-512'];
  return [
    'listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,CLIENT:SASL_PLAINTEXT',
    'inter.broker.listener.name=CLIENT',
    'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
    'sasl.mechanism.controller.protocol=PLAIN',
    ...plain,
    `listener.name.client.scram-sha-512.sasl.jaas.config=${scramJaas(KAFKA_PRINCIPALS.admin, admin)}`,
    'listener.name.controller.sasl.enabled.mechanisms=PLAIN',
    `listener.name.controller.plain.sasl.jaas.config=${plainJaas(p.controller)}`,
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found=false',
    `super.users=User:${KAFKA_PRINCIPALS.admin};User:${CONTROLLER_PRINCIPAL}`,
    'auto.create.topics.enable=false',
  ];
}

/** Client settings for kafka-configs as the admin over PLAIN (adding SCRAM users to an older home). */
export const adminPlainClientProperties = (p: KafkaPasswords): string =>
  [
    'security.protocol=SASL_PLAINTEXT',
    'sasl.mechanism=PLAIN',
    `sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="${KAFKA_PRINCIPALS.admin}" password="${p.users[KAFKA_PRINCIPALS.admin] ?? ''}";`,
  ].join('\n');

/** `kafka-storage format --add-scram` arguments: every SCRAM user, created with the cluster's metadata. */
export const addScramArgs = (p: KafkaPasswords): string[] =>
  Object.entries(p.users).flatMap(([name, password]) => ['--add-scram', `SCRAM-SHA-512=[name=${name},password=${password}]`]);
