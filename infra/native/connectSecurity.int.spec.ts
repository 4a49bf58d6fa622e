// T40, Kafka Connect: its REST API asks for basic authentication, the connector configuration it shows holds a
// `${file:...}` reference and not the database password, and its FileConfigProvider resolves references only inside
// the connector secrets folder (allowed.paths): a reference to the stack's own secrets file stays unresolved.
// Needs the native stack (the folder layout under SLUICE_HOME); the REST password is the stack's generated one.
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { connectFetch, connectRest, connectRestFrom, CONNECT_REST_DEFAULT_USER } from '../../connectors/rest.js';
import { TABLE_CONNECTOR } from '../../lib/names.js';
import { secretsFileOf } from '../../lib/secrets.js';
import { createLayout } from './layout.js';

const rest = connectRestFrom(process.env);
const layout = createLayout(process.env['SLUICE_HOME'] ?? '.infra');
const secretsFolder = `${layout.data('connect')}/secrets`;

/**
 * Whether Connect resolves `${file:<path>:<key>}`: validation resolves config providers first, and a predicate's
 * regex tells the outcome apart (a resolved value is a valid regex, an unresolved `${file:...}` is not).
 */
async function resolves(path: string, key: string): Promise<boolean> {
  const response = await connectFetch(rest, '/connector-plugins/io.debezium.connector.postgresql.PostgresConnector/config/validate', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector', name: 't40-validate', 'topic.prefix': 't40',
      predicates: 'p', 'predicates.p.type': 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches', 'predicates.p.pattern': `\${file:${path}:${key}}`,
    }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { configs: { value: { name: string; errors: string[] } }[] };
  const pattern = body.configs.find((c) => c.value.name === 'predicates.p.pattern');
  return pattern !== undefined && pattern.value.errors.length === 0;
}

describe('Kafka Connect REST API and config provider (T40)', () => {
  it('answers 401 without credentials or with a wrong password, 200 with them', async () => {
    expect((await fetch(`${rest.url}/connectors`)).status).toBe(401);
    expect((await connectFetch(connectRest(rest.url, CONNECT_REST_DEFAULT_USER, 'not-the-password'), '/connectors')).status).toBe(401);
    const response = await connectFetch(rest, '/connectors');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(expect.arrayContaining([TABLE_CONNECTOR]));
  });

  it('shows the connector\'s password as a ${file:...} reference, never its value', async () => {
    const text = await (await connectFetch(rest, `/connectors/${TABLE_CONNECTOR}/config`)).text();
    expect(JSON.parse(text)).toMatchObject({ 'database.password': expect.stringMatching(/^\$\{file:.+:database\.password\}$/) });
    const password = process.env['PG_DEBEZIUM_PASSWORD'];
    expect(password).toBeTruthy();
    expect(text).not.toContain(password);
  });

  it('resolves file references inside the secrets folder only: the stack\'s secrets file stays unresolved', async () => {
    // The same readable file, inside the folder and outside it: only the folder decides.
    const inside = `${secretsFolder}/t40-${randomUUID()}.properties`;
    const outside = `${tmpdir()}/t40-${randomUUID()}.properties`;
    for (const file of [inside, outside]) writeFileSync(file, 'key=abc\n', { mode: 0o644 });
    try {
      expect(await resolves(inside, 'key')).toBe(true);
      expect(await resolves(outside, 'key')).toBe(false);
    } finally {
      for (const file of [inside, outside]) rmSync(file, { force: true });
    }
    // Files Connect's user can read (its own worker properties) or that hold every secret: neither resolves.
    expect(await resolves(secretsFileOf(process.env), 'PG_ADMIN_PASSWORD')).toBe(false);
    expect(await resolves(resolve(layout.data('connect'), 'connect-distributed.properties'), 'sasl.jaas.config')).toBe(false);
  });
});
