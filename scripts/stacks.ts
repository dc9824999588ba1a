/**
 * `npm run stacks`: lists every stack the configuration produces, with its account and Regions
 * (a table, or --json). Reads the configuration only: no synthesis, no AWS.
 */
import { loadModelOrExit } from '../src/cli/config-file';
import { parseArgsOrExit } from '../src/cli/args';
import { STACKS_COMMAND } from '../src/cli/commands';
import { renderStackTable, stackRows } from '../src/cli/stacks-table';

const argv = process.argv.slice(2);
const { flags } = parseArgsOrExit(STACKS_COMMAND, argv);
const rows = stackRows(loadModelOrExit(argv));
process.stdout.write(flags.json ? `${JSON.stringify(rows, null, 2)}\n` : renderStackTable(rows));
