/**
 * `npm run stacks`: lists every stack the configuration produces, with its account and Regions
 * (a table, or --json). Reads the configuration only: no synthesis, no AWS.
 */
import { loadModelOrExit } from '../src/cli/config-file';
import { CONFIG_FLAG, JSON_FLAG, parseArgsOrExit, type CommandSpec } from '../src/cli/args';
import { renderStackTable, stackRows } from '../src/cli/stacks-table';

const COMMAND: CommandSpec = {
  usage: 'npm run stacks --',
  summary: 'Lists every stack of the configuration: stack -> account -> Regions, and (with --json) where its state lives. Use the names with `npx cdktf diff <stack>`.',
  flags: [CONFIG_FLAG, JSON_FLAG],
  details: ['Exit status: 0 listed; 1 configuration problems; 2 usage error.'],
};

const argv = process.argv.slice(2);
const { flags } = parseArgsOrExit(COMMAND, argv);
const rows = stackRows(loadModelOrExit(argv));
process.stdout.write(flags.json ? `${JSON.stringify(rows, null, 2)}\n` : renderStackTable(rows));
