/**
 * `npm run stacks`: lists every stack the configuration produces, with its account and Regions
 * (a table, or --json). Reads the configuration only: no synthesis, no AWS.
 */
import { startCommand } from '../src/cli/command';
import { loadModel } from '../src/cli/config-file';
import { STACKS_COMMAND } from '../src/cli/commands';
import { renderStackTable, stackRows } from '../src/cli/stacks-table';

void startCommand(STACKS_COMMAND, ({ flags }, argv) => {
  const rows = stackRows(loadModel(argv));
  process.stdout.write(flags.json ? `${JSON.stringify(rows, null, 2)}\n` : renderStackTable(rows));
});
