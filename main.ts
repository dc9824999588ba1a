/**
 * The cdktf app. Reads the configuration named by `--config <file>` or $SESSION_PREFS_CONFIG
 * (default config/example.yaml), validates all of it, and only then synthesizes: a bad
 * configuration prints every problem, exits 1 and writes nothing.
 */
import { App } from 'cdktf';
import { CONFIG_ENV_VAR, ConfigError, DEFAULT_CONFIG_PATH, loadConfig } from './src/config/load';
import { addStacks } from './stacks/app';

function configPath(argv: readonly string[]): string {
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
  const app = new App();
  addStacks(app, model);
  app.synth();
}

main();
