/**
 * Temporary directories of a test file, removed after it (__tests__/setup.ts). A module of its own,
 * without imports of the project, because setup.ts loads it in every test file: through helpers.ts
 * it loaded the stacks, cdktf, the AWS provider's classes, zod and yaml (about 640 modules) into
 * files that use none of them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Directories tempDir made for the running test file (jest gives each file its own module registry). */
const madeTempDirs: string[] = [];

/** Set to 1 to keep the test files' temporary directories for a look after the run. */
export const KEEP_TEMP_ENV = 'SESSION_PREFS_KEEP_TEMP';

/** A fresh directory under the system temp directory; `prefix` names the test that made it. Removed after the test file (removeTempDirs). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  madeTempDirs.push(dir);
  return dir;
}

/**
 * Removes the directories tempDir made for this test file (__tests__/setup.ts calls it after each
 * file): the suite made a few hundred a run and left them all, 34 GB in /tmp after a day of runs.
 * SESSION_PREFS_KEEP_TEMP=1 keeps them.
 */
export function removeTempDirs(): void {
  if (process.env[KEEP_TEMP_ENV] === '1') return;
  for (const dir of madeTempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
