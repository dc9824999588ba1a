/** What main.ts and the scripts share: choosing the configuration file and loading it or exiting. */
import { CONFIG_ENV_VAR, ConfigError, DEFAULT_CONFIG_PATH, loadConfig } from './config/load';
import type { Model } from './config/model';

/** The configuration file: `--config <file>`, `--config=<file>`, $SESSION_PREFS_CONFIG, or the example. */
export function configPath(argv: readonly string[]): string {
  const flag = argv.indexOf('--config');
  if (flag >= 0 && argv[flag + 1] !== undefined) return argv[flag + 1];
  const inline = argv.find((a) => a.startsWith('--config='));
  if (inline) return inline.slice('--config='.length);
  return process.env[CONFIG_ENV_VAR] || DEFAULT_CONFIG_PATH;
}

/** Loads the configuration named by `argv`; on a configuration problem prints every one and exits 1. */
export function loadModelOrExit(argv: readonly string[]): Model {
  try {
    return loadConfig(configPath(argv));
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}
