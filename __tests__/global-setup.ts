/**
 * Runs once before the test workers start (jest globalSetup of the integration project): fills
 * Terraform's plugin cache, and starts the one emulator every integration test file shares. Its URL
 * goes to the workers as SESSION_PREFS_EMULATOR_URL (they inherit this process's environment), so
 * the harness's startEmulator() and emulatorForBlock() use it instead of starting moto per file.
 * An emulator named by SESSION_PREFS_EMULATOR_URL already is used as it is; where moto or Terraform
 * is missing, nothing is started and the emulator tests report themselves as skipped (or failed,
 * with REQUIRE_EMULATOR=1). __tests__/global-teardown.ts stops it.
 */
import { warmPluginCache } from '../src/terraform/offline';
import { EMULATOR_URL_ENV, emulatorAvailable, MOTO_PYTHON_CHECKED_ENV, motoPython, startEmulator, type Emulator } from './support/emulator';

/** Where globalSetup leaves the emulator it started, for globalTeardown (same process). */
export const SHARED_EMULATOR_KEY = '__sessionPrefsSharedEmulator';

export default async function globalSetup(): Promise<void> {
  // The interpreter that has moto, found once for every worker (files that start a moto of their own).
  const python = motoPython();
  if (python !== undefined) process.env[MOTO_PYTHON_CHECKED_ENV] = python;
  // The plugin cache fills while moto starts (each about 1 to 3 s; the workers wait for both).
  const warming = warmPluginCache();
  if (process.env[EMULATOR_URL_ENV] || emulatorAvailable() !== undefined) return warming;
  const [emulator] = await Promise.all([startEmulator({ dedicated: true, name: "the run's shared emulator" }), warming]);
  process.env[EMULATOR_URL_ENV] = emulator.endpoint;
  (globalThis as Record<string, unknown>)[SHARED_EMULATOR_KEY] = emulator;
  process.stderr.write(`\nshared emulator for this run: ${emulator.endpoint} (pid ${emulator.pid}, log ${emulator.logFile})\n`);
}

/** The emulator globalSetup started, if it started one. */
export function sharedEmulator(): Emulator | undefined {
  return (globalThis as Record<string, unknown>)[SHARED_EMULATOR_KEY] as Emulator | undefined;
}
