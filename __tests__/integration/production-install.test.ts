/**
 * A production install (issue 26): the project's files, as git lists them, copied into a fresh
 * directory and installed with `npm ci --omit=dev` (from npm's cache where it can: `.ci/run` has
 * just run `npm ci`, so the registry is asked for nothing it already gave), once per lockfile on a
 * machine: a later run copies that install from the user's cache (__tests__/support/production-install.ts;
 * SESSION_PREFS_FRESH_INSTALL=1 installs again). There, without any
 * devDependency, `npm run synth`, `stacks` and `check` work on the example, and every command's
 * `--help` answers through its npm script (or `npx tsx <entry>` for the few without one).
 * __tests__/dependencies.test.ts proves the same statically, import by import; this is the real thing.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PRODUCTION_COMMANDS } from '../../src/cli/registry';
import { ROOT, tempDir } from '../helpers';
import { installProduction, productionInstallKey, type ProductionInstall } from '../support/production-install';

jest.setTimeout(15 * 60_000);

describe('npm ci --omit=dev in a fresh directory', () => {
  const dir = tempDir('production-install-');
  const run = (command: string, args: readonly string[], env: Record<string, string> = {}): SpawnSyncReturns<string> =>
    spawnSync(command, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env }, timeout: 10 * 60_000 });
  const ok = (result: SpawnSyncReturns<string>) => {
    if (result.status !== 0) throw new Error(`exit ${result.status}:\n${result.stderr}\n${result.stdout}`.slice(0, 4000));
    return result;
  };

  let install: ProductionInstall;
  beforeAll(() => {
    const files = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
    if (files.status !== 0) throw new Error(`git ls-files failed: ${files.stderr}`);
    for (const file of files.stdout.split('\n').filter((f) => f !== '' && existsSync(join(ROOT, f)))) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      cpSync(join(ROOT, file), join(dir, file));
    }
    install = installProduction(dir, (command, args) => ok(run(command, args)));
  });

  it('keeps the install for the next run under a key of the lockfile, package.json, Node.js and npm', () => {
    if (install.cacheEntry === undefined) return expect(install.cached).toBe(false); // no user cache here: every run installs
    expect(existsSync(join(install.cacheEntry, 'complete.json'))).toBe(true);
    expect(existsSync(join(install.cacheEntry, 'node_modules', 'cdktf', 'package.json'))).toBe(true);
    const key = productionInstallKey(dir);
    expect(install.cacheEntry.endsWith(key)).toBe(true);
    // Another lockfile (or package.json) is another key: it installs for real.
    for (const file of ['package-lock.json', 'package.json']) {
      const other = tempDir('production-key-');
      for (const f of ['package-lock.json', 'package.json']) cpSync(join(dir, f), join(other, f));
      writeFileSync(join(other, file), `${JSON.stringify({ changed: file })}\n`);
      expect({ file, key: productionInstallKey(other) }).not.toEqual({ file, key });
    }
  });

  it('installs no devDependency (jest, typescript, the IAM simulator) and the runtime tools (tsx, cdktf)', () => {
    for (const dev of ['jest', 'typescript', '@cloud-copilot/iam-simulate', '@action-validator/core'])
      expect({ dev, installed: existsSync(join(dir, 'node_modules', dev)) }).toEqual({ dev, installed: false });
    for (const bin of ['tsx', 'cdktf']) expect({ bin, installed: existsSync(join(dir, 'node_modules', '.bin', bin)) }).toEqual({ bin, installed: true });
  });

  it('synthesizes the example, lists its stacks and checks its compliance', () => {
    const synth = ok(run('npm', ['run', 'synth'], { CDKTF_OUTDIR: join(dir, 'cdktf.out') }));
    expect(synth.status).toBe(0);
    expect(existsSync(join(dir, 'cdktf.out', 'stacks', 'sandbox-global', 'cdk.tf.json'))).toBe(true);
    expect(ok(run('npm', ['run', '-s', 'stacks'])).stdout).toContain('sandbox-global');
    expect(ok(run('npm', ['run', '-s', 'check'])).status).toBe(0);
    // Each through its bundle (scripts/launch.cjs), not the tsx fallback: esbuild is a runtime dependency.
    for (const bundle of ['main.js', 'scripts_stacks.js', 'scripts_check.js'])
      expect({ bundle, built: existsSync(join(dir, 'node_modules', '.cache', 'session-prefs-launch', bundle)) }).toEqual({ bundle, built: true });
  });

  it.each(PRODUCTION_COMMANDS.map((c) => [c.script ?? c.entry, c] as const))('%s --help', (_name, command) => {
    const result = command.script !== undefined ? run('npm', ['run', '-s', command.script, '--', '--help']) : run('npx', ['tsx', command.entry, '--help']);
    expect({ status: result.status, stderr: result.stderr.slice(0, 2000) }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).toContain('Usage:');
  });
});
