/**
 * `npm run check`: builds the app of the configuration in memory (nothing is written), applies
 * the compliance rules and prints the report (rule × stack: pass / FAIL / suppressed, then every
 * finding with its construct path and every suppression with its reason).
 *
 * Usage: npm run check -- [--config <file>] [--json]
 * The configuration is chosen as main.ts chooses it (--config, $SESSION_PREFS_CONFIG, the example).
 * Exit status: 0 compliant (warnings allowed), 1 error findings or an invalid configuration, 2 usage error.
 */
import { CHECK_COMMAND } from '../src/cli/commands';
import { startCommand } from '../src/cli/command';

void startCommand(CHECK_COMMAND, async ({ flags }, argv) => {
  // The work loads only now: --help and usage errors answer without cdktf and the configuration loader.
  const [{ loadModel }, { checkModel }, { renderReport, reportJson }] = await Promise.all([
    import('../src/cli/config-file'),
    import('../stacks/compliance'),
    import('../src/compliance/report'),
  ]);
  const result = checkModel(loadModel(argv));
  process.stdout.write(flags.json ? reportJson(result) : renderReport(result));
  return result.errors.length > 0 ? 1 : 0;
});
