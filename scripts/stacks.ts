/**
 * `npm run stacks`: lists every stack the configuration produces, with its account and Regions
 * (a table, or --json). Reads the configuration only: no synthesis, no AWS.
 */
import { startCommand } from '../src/cli/command';
import { STACKS_COMMAND } from '../src/cli/commands';

void startCommand(STACKS_COMMAND, async ({ flags }, argv) => {
  // The work loads only now: --help and usage errors answer without the configuration loader.
  const [{ loadModel }, { renderStackTable, stackRows }] = await Promise.all([import('../src/cli/config-file'), import('../src/cli/stacks-table')]);
  const rows = stackRows(loadModel(argv));
  process.stdout.write(flags.json ? `${JSON.stringify(rows, null, 2)}\n` : renderStackTable(rows));
});
