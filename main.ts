/**
 * The cdktf app. Reads the configuration named by `--config <file>` or $SESSION_PREFS_CONFIG
 * (default config/example.yaml), validates all of it, and only then synthesizes: a bad
 * configuration prints every problem, exits 1 and writes nothing. The compliance rules
 * (README.md, Compliance guardrails) are applied to the app built in memory first: an error finding prints
 * every finding, exits 1 and writes nothing either.
 */
import { App } from 'cdktf';
import { applyCompliance, checkModel } from './src/compliance/apply';
import { renderSynthNotice } from './src/compliance/report';
import { CONFIG_ENV_VAR, ConfigError, DEFAULT_CONFIG_PATH, loadConfig } from './src/config/load';
import { addStacks } from './stacks/app';

/** The configuration file: `--config <file>`, `--config=<file>`, $SESSION_PREFS_CONFIG, or the example. */
export function configPath(argv: readonly string[]): string {
  const flag = argv.indexOf('--config');
  if (flag >= 0 && argv[flag + 1] !== undefined) return argv[flag + 1];
  const inline = argv.find((a) => a.startsWith('--config='));
  if (inline) return inline.slice('--config='.length);
  return process.env[CONFIG_ENV_VAR] || DEFAULT_CONFIG_PATH;
}

function main(): void {
  const path = configPath(process.argv.slice(2));
  let model;
  try {
    model = loadConfig(path);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const compliance = checkModel(model);
  process.stderr.write(renderSynthNotice(compliance));
  if (compliance.errors.length > 0) process.exit(1);
  const app = new App();
  addStacks(app, model);
  applyCompliance(app, model);
  app.synth();
}

if (require.main === module) main();
