/**
 * The user's cache directory for this project, shared by every checkout and run on the machine:
 * $XDG_CACHE_HOME (else ~/.cache), then session-manager-preferences/<name>. What goes there is keyed
 * by everything it depends on (a provider binary and request, package versions and the Node.js
 * major), so a fresh clone finds the work an earlier run did instead of doing it again.
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The project's cache directory `name` under the user's cache (created), or undefined where it cannot be created. */
export function userCacheDir(name: string): string | undefined {
  const dir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'session-manager-preferences', name);
  try {
    mkdirSync(dir, { recursive: true });
    return dir;
  } catch {
    return undefined;
  }
}
