// `sluice setup`: prepares an already running Postgres and Kafka Connect (Docker Compose, or your own
// clusters): database, least-privilege roles, migrations, publication, and the Debezium connector.
import type { Command } from 'commander';
import { migrate, migrateOptionsFromEnv } from '../infra/postgres/migrate.js';
import { registerConnector } from '../connectors/register.js';
import { connectRestFrom } from '../connectors/rest.js';
import { CONNECTORS } from '../lib/names.js';

export function registerSetupCommand(program: Command): void {
  program
    .command('setup')
    .description('run migrations and register the Debezium connectors against configured endpoints')
    .action(async () => {
      const env = process.env;
      const applied = await migrate(migrateOptionsFromEnv(env));
      console.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'schema up to date');
      // Table changes and the outbox's domain events (docs/events.md): two connectors, two slots.
      for (const name of CONNECTORS) {
        await registerConnector({
          connect: connectRestFrom(env),
          name,
          secretsFile: env['CONNECT_SECRETS_FILE'] ?? '.infra/data/connect/secrets.properties',
          database: {
            // Where Connect reaches Postgres, which may differ from where this command does.
            host: env['CONNECT_PG_HOST'] ?? env['PG_HOST'] ?? '127.0.0.1',
            port: Number(env['PG_PORT'] ?? 5432),
            name: env['PG_DATABASE'] ?? 'sluice',
            user: env['PG_DEBEZIUM_USER'] ?? 'sluice_debezium',
            password: env['PG_DEBEZIUM_PASSWORD'] ?? 'debezium-dev',
          },
        });
        console.log(`connector ${name} is RUNNING`);
      }
    });
}
