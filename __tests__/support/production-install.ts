/**
 * `npm ci --omit=dev` of the project, once per lockfile on a machine: the installed node_modules is
 * kept in the user's cache (~/.cache/session-manager-preferences/production-install/<key>/,
 * src/terraform/user-cache.ts) and a later run copies it into its fresh directory as hard links
 * (`cp -al`: a second, no copying of the packages' 300 MB), so each test directory still has a
 * node_modules of its own in which the launcher builds its bundles. The key is everything the
 * install depends on: package-lock.json and package.json as they are, the Node.js major and npm's
 * version, the platform and architecture. `npm ci` is deterministic for those (it installs exactly
 * what the lockfile pins, the lifecycle scripts included), so the copy is the tree it would
 * install; a changed lockfile or dependency installs for real again. The install cost about 40
 * CPU-seconds of each CI run (2026-12-07).
 *
 * SESSION_PREFS_FRESH_INSTALL=1 always runs `npm ci` (and refreshes the cache). Where the user's
 * cache cannot be created, every run installs.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { userCacheDir } from '../../src/terraform/user-cache';

/** Environment variable that makes every run install with `npm ci` (`1`). */
export const FRESH_INSTALL_ENV = 'SESSION_PREFS_FRESH_INSTALL';

/** Written last into a complete cache entry: without it the entry is not used. */
const COMPLETE = 'complete.json';

/** npm's version: from the user agent npm gives the scripts it runs, else from `npm --version`. */
function npmVersion(): string {
  const agent = /\bnpm\/(\S+)/.exec(process.env.npm_config_user_agent ?? '')?.[1];
  if (agent !== undefined) return agent;
  return spawnSync('npm', ['--version'], { encoding: 'utf8' }).stdout?.trim() || 'unknown';
}

/** The cache key of a production install of the project in `dir` (its package.json and lockfile). */
export function productionInstallKey(dir: string): string {
  const hash = createHash('sha256');
  for (const file of ['package-lock.json', 'package.json'])
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(dir, file)))
      .update('\0');
  hash.update(JSON.stringify({ node: process.versions.node.split('.')[0], npm: npmVersion(), platform: process.platform, arch: process.arch }));
  return hash.digest('hex').slice(0, 16);
}

/** Copies `from` to `to`: hard links where `cp -al` exists (GNU cp), else a plain recursive copy. */
function copyTree(from: string, to: string): void {
  const linked = spawnSync('cp', ['-al', from, to], { encoding: 'utf8' });
  if (linked.status === 0) return;
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true, verbatimSymlinks: true });
}

/** What installProduction did. */
export interface ProductionInstall {
  /** Whether node_modules came from the cache (false: `npm ci` ran). */
  readonly cached: boolean;
  /** The cache entry, or undefined where there is no user cache. */
  readonly cacheEntry?: string;
}

/**
 * Installs the project in `dir` (its files already there) as `npm ci --omit=dev` does: from the
 * cache entry of its key when there is one, else with `run` (which throws when npm fails), and then
 * keeps the installed tree in the cache for the next run.
 */
export function installProduction(dir: string, run: (command: string, args: readonly string[]) => SpawnSyncReturns<string>): ProductionInstall {
  const root = userCacheDir('production-install');
  const entry = root === undefined ? undefined : join(root, productionInstallKey(dir));
  const fresh = process.env[FRESH_INSTALL_ENV] === '1';
  if (entry !== undefined && !fresh && existsSync(join(entry, COMPLETE))) {
    copyTree(join(entry, 'node_modules'), join(dir, 'node_modules'));
    return { cached: true, cacheEntry: entry };
  }
  run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund']);
  if (root === undefined || entry === undefined) return { cached: false };
  // Into a directory of this process's own, renamed into place whole; other keys are dropped (one lockfile at a time).
  const staging = `${entry}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  copyTree(join(dir, 'node_modules'), join(staging, 'node_modules'));
  writeFileSync(join(staging, COMPLETE), `${JSON.stringify({ installed: new Date().toISOString(), from: dir })}\n`);
  rmSync(entry, { recursive: true, force: true });
  renameSync(staging, entry);
  for (const other of readdirSync(root)) if (join(root, other) !== entry && !other.endsWith('.tmp')) rmSync(join(root, other), { recursive: true, force: true });
  return { cached: false, cacheEntry: entry };
}
