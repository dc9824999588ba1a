/** What main.ts and the scripts share: choosing the configuration file and loading it (or refusing a synthesis). */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_ENV_VAR, ConfigError, DEFAULT_CONFIG_PATH, loadConfig } from '../config/load';
import type { Model } from '../model/model';

/** The configuration file: `--config <file>`, `--config=<file>`, $SESSION_PREFS_CONFIG, or the example. */
export function configPath(argv: readonly string[]): string {
  const flag = argv.indexOf('--config');
  if (flag >= 0 && argv[flag + 1] !== undefined) return argv[flag + 1];
  const inline = argv.find((a) => a.startsWith('--config='));
  if (inline) return inline.slice('--config='.length);
  return process.env[CONFIG_ENV_VAR] || DEFAULT_CONFIG_PATH;
}

/**
 * Loads the configuration named by `argv`. A configuration problem throws ConfigError, which
 * startCommand (src/cli/command.ts) prints, every problem listed, with exit status 1.
 */
export function loadModel(argv: readonly string[]): Model {
  return loadConfig(configPath(argv));
}

/** True when the cdktf CLI runs this process as its app (`cdktf synth`, `diff`, `deploy`, `watch`). */
export function runningUnderCdktf(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined;
}

/**
 * Stops a synthesis that must not happen, printing `text` exactly once.
 *
 * Run directly: `text` on stderr, exit 1. Under the cdktf CLI, which echoes an app's stderr live
 * and then again in its error report (and its stdout too when the app fails), `text` goes to stdout
 * and the app exits 0 without synthesizing; any manifest.json of an earlier synthesis is removed
 * first, so cdktf stops with "app was expected to call synth()" (exit 1) instead of using stale
 * stacks.
 */
export function refuseSynth(text: string, outdir: string): never {
  if (!runningUnderCdktf()) {
    process.stderr.write(text);
    process.exit(1);
  }
  rmSync(join(outdir, 'manifest.json'), { force: true });
  process.stdout.write(`${text}Nothing was synthesized (cdktf reports this next as an app that did not call synth()).\n`);
  process.exit(0);
}

/** loadModel for main.ts: a configuration problem refuses the synthesis (see refuseSynth). */
export function loadModelOrRefuse(argv: readonly string[], outdir: string): Model {
  try {
    return loadConfig(configPath(argv));
  } catch (e) {
    if (e instanceof ConfigError) refuseSynth(`${e.message}\n`, outdir);
    throw e;
  }
}
