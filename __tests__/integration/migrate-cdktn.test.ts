/**
 * The move to CDK Terrain, for real (issue 26): the project's files (as git lists them) copied into a
 * fresh directory and rewritten by `scripts/migrate-cdktn.ts`, the fork's packages installed from npm,
 * then `tsc --noEmit -p .` over the whole migrated tree and a synth of the example with the fork,
 * compared with this project's synth. No AWS account, no Terraform.
 *
 * What is installed: only the packages the migration renames or re-pins (CDKTN_VERSIONS: cdktn,
 * cdktn-cli, the providers, constructs), once per machine, into the user's cache
 * (~/.cache/session-manager-preferences/cdktn-install/<key>/, src/terraform/user-cache.ts; the key:
 * those packages with their versions, and the Node major), so a rerun, in a fresh clone too, asks
 * npm for nothing (the install cost about 37 CPU-seconds of each CI run; .tmp/cdktn-install/ where
 * the user's cache cannot be created). Every other
 * package of the migrated tree is the project's own, linked from node_modules, and is checked to be
 * at the version the migrated package.json pins. The fork's packages declare Node >= 22.11
 * (cdktn-cli >= 22.19): npm installs them on Node 20 with EBADENGINE warnings (engine-strict off),
 * and the type check and the synth run on Node 20 (docs/upstream.md).
 *
 * When the npm registry cannot be reached and nothing is cached, the checks are reported as skipped
 * (jest todo and a warning, never passed); REQUIRE_CDKTN=1 makes that a failure. Any other install
 * failure (a version that does not exist, a peer conflict) fails the test: it is a migration mistake.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { cdktnPackage, rewritePackageJson } from '../../src/cli/migrate-cdktn';
import { userCacheDir } from '../../src/terraform/user-cache';
import { ROOT, tempDir } from '../helpers';
import { importsOf, packageOf } from '../support/imports';
import { runSynth, runTsx } from '../support/tsx';
import { describeWhen } from '../terraform';

jest.setTimeout(15 * 60_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every package of a package.json (dependencies and devDependencies) with its version. */
const packagesOf = (pkg: Json): Record<string, string> => ({ ...pkg.dependencies, ...pkg.devDependencies });

const original = readFileSync(join(ROOT, 'package.json'), 'utf8');
const before = packagesOf(JSON.parse(original));
const migrated = packagesOf(JSON.parse(rewritePackageJson(original)));
/** The packages the migration renames or re-pins: these come from npm, the others from node_modules. */
const toInstall = Object.entries(migrated)
  .filter(([name, version]) => before[name] !== version)
  .sort(([a], [b]) => (a < b ? -1 : 1));
const key = createHash('sha256')
  .update(JSON.stringify({ packages: toInstall, node: process.versions.node.split('.')[0] }))
  .digest('hex')
  .slice(0, 16);
const INSTALL = join(userCacheDir('cdktn-install') ?? join(ROOT, '.tmp', 'cdktn-install'), key);
/** Written last by a complete install: its presence makes the cache valid. */
const DONE = join(INSTALL, 'installed.json');

/** Why the fork's packages cannot be had here (no cache and no registry), or undefined. */
function registryUnavailable(): string | undefined {
  if (existsSync(DONE)) return undefined;
  const ping = spawnSync('npm', ['ping'], { encoding: 'utf8', timeout: 60_000 });
  if (ping.status === 0) return undefined;
  // npm's own reason (`FetchError: request to ... failed, reason: ...`), else its error code.
  const lines = `${ping.stderr ?? ''}`.split('\n').map((line) => line.replace(/^npm error\s*/, ''));
  const why = ping.error?.message ?? lines.find((line) => line.startsWith('FetchError')) ?? lines.find((line) => line.startsWith('code ')) ?? `exit ${ping.status}`;
  return `the npm registry is not reachable and ${INSTALL} is empty (npm ping: ${why})`;
}

/** `npm install` of the packages into the cache directory, unless a complete install is there. */
function installFork(): { readonly seconds: number; readonly cached: boolean } {
  if (existsSync(DONE)) return { seconds: 0, cached: true };
  const started = Date.now();
  rmSync(INSTALL, { recursive: true, force: true });
  mkdirSync(INSTALL, { recursive: true });
  writeFileSync(
    join(INSTALL, 'package.json'),
    `${JSON.stringify({ private: true, description: 'CDK Terrain packages for __tests__/integration/migrate-cdktn.test.ts' }, null, 2)}\n`,
  );
  const npmInstall = (specs: readonly string[]) => {
    const npm = spawnSync('npm', ['install', '--save-exact', '--engine-strict=false', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', ...specs], {
      cwd: INSTALL,
      encoding: 'utf8',
      timeout: 10 * 60_000,
    });
    if (npm.status !== 0) throw new Error(`npm install ${specs.join(' ')} failed (exit ${npm.status ?? npm.signal}):\n${npm.stderr}`.slice(0, 4000));
  };
  npmInstall(toInstall.map(([name, version]) => `${name}@${version}`));
  // The fork's peers (constructs) at the versions the migrated package.json pins: npm refuses a
  // version outside the peer range (ERESOLVE), which is the check. Nothing to do when the migration
  // re-pins them, as it does constructs.
  const peers = toInstall.flatMap(([name]) => Object.keys(JSON.parse(readFileSync(join(INSTALL, 'node_modules', name, 'package.json'), 'utf8')).peerDependencies ?? {}));
  const unpinned = [...new Set(peers)].filter((peer) => migrated[peer] !== undefined && !toInstall.some(([name]) => name === peer));
  if (unpinned.length > 0) npmInstall(unpinned.map((peer) => `${peer}@${migrated[peer]}`));
  const seconds = (Date.now() - started) / 1000;
  writeFileSync(DONE, `${JSON.stringify({ packages: Object.fromEntries(toInstall), node: process.versions.node, seconds }, null, 2)}\n`);
  return { seconds, cached: false };
}

/** The package names in a node_modules directory (`name` and `@scope/name`). */
function packagesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((entry) => !entry.startsWith('.'))
    .flatMap((entry) => (entry.startsWith('@') ? readdirSync(join(dir, entry)).map((name) => `${entry}/${name}`) : [entry]));
}

/** The migrated tree's node_modules: the installed fork packages, and every other package of the project but the CDKTF ones, as links. */
function linkNodeModules(tree: string): void {
  const installed = new Set(toInstall.map(([name]) => name));
  const link = (name: string, from: string) => {
    mkdirSync(dirname(join(tree, 'node_modules', name)), { recursive: true });
    symlinkSync(from, join(tree, 'node_modules', name), 'dir');
  };
  for (const name of installed) link(name, join(INSTALL, 'node_modules', name));
  for (const name of packagesIn(join(ROOT, 'node_modules'))) {
    if (!installed.has(name) && cdktnPackage(name) === undefined) link(name, join(ROOT, 'node_modules', name));
  }
}

/** Every `.ts` file under `dir` (relative), except node_modules. */
function tsFiles(dir: string, at = ''): string[] {
  return readdirSync(join(dir, at), { withFileTypes: true }).flatMap((entry) => {
    const path = join(at, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : tsFiles(dir, path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The synthesized stacks of an output directory, by name. */
function stacksIn(outdir: string): Map<string, Json> {
  const dir = join(outdir, 'stacks');
  return new Map(readdirSync(dir).map((stack) => [stack, JSON.parse(readFileSync(join(dir, stack, 'cdk.tf.json'), 'utf8')) as Json]));
}

/** `type.name` of every resource and `data.type.name` of every data source of a stack. */
function addresses(stack: Json): string[] {
  const of = (blocks: Json | undefined, prefix: string) =>
    Object.entries(blocks ?? {}).flatMap(([type, byName]) => Object.keys(byName as Json).map((name) => `${prefix}${type}.${name}`));
  return [...of(stack.resource, ''), ...of(stack.data, 'data.')].sort();
}

/** The provider release a provider package is generated from (its package.json `cdktf.provider.version`). */
function providerRelease(nodeModules: string, pkg: string): string {
  return (JSON.parse(readFileSync(join(nodeModules, pkg, 'package.json'), 'utf8')) as Json).cdktf.provider.version;
}

/**
 * A stack with what is meant to differ between the two libraries taken out: the library's version in
 * the metadata, the provider releases and their source address (`aws` and `hashicorp/aws` are the
 * same provider), and the state path (relative to each output directory; checked separately).
 */
function comparable(stack: Json): Json {
  const copy = structuredClone(stack);
  delete copy['//']?.metadata?.version;
  if (copy.terraform?.backend?.local?.path !== undefined) copy.terraform.backend.local.path = '<state>';
  for (const [name, provider] of Object.entries((copy.terraform?.required_providers ?? {}) as Json))
    copy.terraform.required_providers[name] = { source: String(provider.source).replace(/^hashicorp\//, ''), version: '<release>' };
  return copy;
}

describeWhen({ what: 'CDK Terrain', requireVar: 'REQUIRE_CDKTN', unavailable: registryUnavailable() }, 'the project migrated to CDK Terrain', () => {
  const tree = tempDir('migrate-cdktn-');
  const forkModules = join(tree, 'node_modules');
  let migration: SpawnSyncReturns<string>;

  beforeAll(() => {
    const files = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
    if (files.status !== 0) throw new Error(`git ls-files failed: ${files.stderr}`);
    for (const file of files.stdout.split('\n').filter((f) => f !== '' && existsSync(join(ROOT, f)))) {
      mkdirSync(dirname(join(tree, file)), { recursive: true });
      cpSync(join(ROOT, file), join(tree, file));
    }
    migration = runTsx('scripts/migrate-cdktn.ts', [tree]);
  });

  it('scripts/migrate-cdktn.ts rewrites the copy: package.json as rewritePackageJson says, and no import of a CDKTF package is left', () => {
    expect({ status: migration.status, stderr: migration.stderr }).toEqual({ status: 0, stderr: '' });
    expect(migration.stdout).toContain('package.json');
    expect(readFileSync(join(tree, 'package.json'), 'utf8')).toBe(rewritePackageJson(original));
    const left = tsFiles(tree)
      .filter((file) => !file.split('/').pop()!.startsWith('migrate-cdktn'))
      .flatMap((file) => importsOf(readFileSync(join(tree, file), 'utf8')).map((i) => ({ file, spec: i.spec })))
      .filter((i) => cdktnPackage(packageOf(i.spec)) !== undefined);
    expect(left).toEqual([]);
  });

  it(`npm installs the fork's packages (${toInstall.map(([n, v]) => `${n}@${v}`).join(', ')}) on Node ${process.versions.node}, or finds them in the user's cache`, () => {
    const install = installFork();
    expect(install.seconds).toBeGreaterThanOrEqual(0);
    linkNodeModules(tree);
    for (const [name, version] of toInstall)
      expect({ name, version: JSON.parse(readFileSync(join(forkModules, name, 'package.json'), 'utf8')).version }).toEqual({ name, version });
  });

  it('every package of the migrated package.json is there at the version it pins, and no CDKTF package is', () => {
    for (const [name, version] of Object.entries(migrated)) {
      const path = join(forkModules, name, 'package.json');
      expect({ name, version: existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')).version : 'missing' }).toEqual({ name, version });
    }
    for (const name of Object.keys(before).filter((n) => cdktnPackage(n) !== undefined))
      expect({ name, linked: existsSync(join(forkModules, name)) }).toEqual({ name, linked: false });
  });

  it('type-checks: tsc --noEmit -p . over the whole migrated tree (sources, scripts, tests) finds nothing', () => {
    const tsc = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', '.'], { cwd: tree, encoding: 'utf8', timeout: 10 * 60_000 });
    expect({ status: tsc.status, output: `${tsc.stdout}${tsc.stderr}`.slice(0, 4000) }).toEqual({ status: 0, output: '' });
  });

  describe('the example synthesized with the fork', () => {
    const env = { SESSION_PREFS_CONFIG: undefined };
    let ours: Map<string, Json>;
    let fork: Map<string, Json>;
    let forkOut: string;

    beforeAll(() => {
      const synthOurs = runSynth([], { env });
      const synthFork = runSynth([], { env, cwd: tree });
      for (const [who, result] of [
        ['this project', synthOurs],
        ['the migrated copy', synthFork],
      ] as const) {
        if (result.status !== 0) throw new Error(`synth of ${who} failed (exit ${result.status}):\n${result.stderr}`.slice(0, 4000));
      }
      ours = stacksIn(synthOurs.outdir);
      fork = stacksIn(synthFork.outdir);
      forkOut = synthFork.outdir;
    });

    it('has the same stacks, each with the same resources and data sources (types and names)', () => {
      expect([...fork.keys()].sort()).toEqual([...ours.keys()].sort());
      // Through the migrated tree's own launcher: a bundle of its main.ts that loads the fork's packages.
      const forkBundle = readFileSync(join(tree, 'node_modules', '.cache', 'session-prefs-launch', 'main.js'), 'utf8');
      expect(forkBundle).toContain('require("cdktn")');
      expect(forkBundle).not.toContain('require("cdktf")');
      expect(ours.size).toBeGreaterThan(0);
      for (const [name, stack] of ours) {
        expect(addresses(stack).length).toBeGreaterThan(0);
        expect({ name, addresses: addresses(fork.get(name)!) }).toEqual({ name, addresses: addresses(stack) });
      }
    });

    it("pins the provider release each provider package is generated from (hashicorp/aws 5.x for ours, the fork's 6.x)", () => {
      for (const [name, stack] of fork) {
        for (const [provider, pin] of Object.entries(stack.terraform.required_providers as Json)) {
          expect({ name, provider, version: pin.version }).toEqual({ name, provider, version: providerRelease(forkModules, `@cdktn/provider-${provider}`) });
          expect({ name, provider, version: ours.get(name)!.terraform.required_providers[provider].version }).toEqual({
            name,
            provider,
            version: providerRelease(join(ROOT, 'node_modules'), `@cdktf/provider-${provider}`),
          });
        }
      }
    });

    it("keeps each stack's state in the tree's state/ directory", () => {
      for (const [name, stack] of fork) {
        expect(resolve(forkOut, 'stacks', name, stack.terraform.backend.local.path)).toBe(join(tree, 'state', `${name}.tfstate`));
      }
    });

    it('synthesizes the same Terraform but for the library version, the provider releases and the state path', () => {
      for (const [name, stack] of ours) expect({ name, stack: comparable(fork.get(name)!) }).toEqual({ name, stack: comparable(stack) });
    });
  });
});
