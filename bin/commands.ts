// The `sluice` command's commands, registered and run (bin/sluice.ts loads this once it knows the command runs here).
import { Command } from 'commander';
import { adoptSecrets } from '../lib/secrets.js';
import { adoptTarget } from '../lib/target.js';
import { registerClusterCommands } from './clusterCommands.js';
import { registerSetupCommand } from './setupCommand.js';
import { registerApplyCommand } from './applyCommand.js';
import { registerComposeSecretsCommand } from './composeSecretsCommand.js';
import { registerStackCommands } from './stackCommands.js';
import { registerLagCommands } from './lagCommands.js';
import { registerCapacityCommands } from './capacityCommands.js';
import { registerProjectionCommands } from './projectionCommands.js';
import { registerEventBuiltCommands } from './eventBuiltCommands.js';

// `sluice cluster ...` manages the cluster's own home: the development stack's secrets must not leak into it.
if (process.argv[2] !== 'cluster') {
  adoptTarget(); // SLUICE_TARGET=cluster: the cluster's settings (lib/target.ts)
  adoptSecrets(); // the stack's generated credentials (lib/secrets.ts), for the commands that connect to it
}
const program = new Command('sluice').description('CQRS on change data capture: Postgres -> Debezium -> Kafka -> Elasticsearch');
registerStackCommands(program);
registerClusterCommands(program);
registerLagCommands(program);
registerCapacityCommands(program);
registerProjectionCommands(program);
registerEventBuiltCommands(program);
registerSetupCommand(program);
registerApplyCommand(program);
registerComposeSecretsCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`sluice: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
