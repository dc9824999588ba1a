/**
 * scripts/synth.cjs, the launcher of `npm run synth` and cdktf.json, and scripts/launch.cjs, which
 * it and every npm script start entry points through: in a small project of its own (copies of the
 * launchers, a main.ts importing a module that reads its __dirname), the first start builds the
 * bundle, the next reuses it, a changed source is rebuilt, a module imported with `await import()`
 * is evaluated only when the import runs (bundled and through tsx; a package imported so is
 * required), and the app's output, exit code and errors are those of running main.ts through tsx.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from '../helpers';

let project: string;
const cache = () => join(project, 'node_modules', '.cache', 'session-prefs-launch');

const pick = (r: { status: number | null; stdout: string; stderr: string }) => ({ status: r.status, stdout: r.stdout, stderr: r.stderr });

function start(env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['scripts/synth.cjs', 'one', 'two'], { cwd: project, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  project = tempDir('synth-launcher-');
  mkdirSync(join(project, 'scripts'));
  mkdirSync(join(project, 'src', 'deep'), { recursive: true });
  for (const launcher of ['synth.cjs', 'launch.cjs']) copyFileSync(join(ROOT, 'scripts', launcher), join(project, 'scripts', launcher));
  copyFileSync(join(ROOT, 'tsconfig.json'), join(project, 'tsconfig.json'));
  writeFileSync(join(project, 'package.json'), '{"private":true}\n');
  // Only the two packages the launcher loads, linked from this project (not its node_modules/.cache).
  mkdirSync(join(project, 'node_modules'));
  for (const pkg of ['esbuild', 'tsx']) symlinkSync(join(ROOT, 'node_modules', pkg), join(project, 'node_modules', pkg), 'dir');
  writeFileSync(join(project, 'src', 'deep', 'value.ts'), "import { join } from 'node:path';\nexport const here: string = join(__dirname, '..');\nexport const value = 'first';\n");
  writeFileSync(
    join(project, 'main.ts'),
    "import { here, value } from './src/deep/value';\nif (process.argv.includes('fail')) throw new Error('app failed');\nprocess.stdout.write(`${value} ${here} ${process.argv.slice(2).join(',')}\\n`);\n",
  );
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('synth launcher', () => {
  it('builds the bundle on the first start; the app sees its arguments and each module its own __dirname', () => {
    const r = start();
    expect(r).toEqual({ status: 0, stdout: `first ${join(project, 'src')} one,two\n`, stderr: '' });
    expect(readFileSync(join(cache(), 'main.js'), 'utf8')).toContain('first');
    expect(Object.keys(JSON.parse(readFileSync(join(cache(), 'main.inputs.json'), 'utf8')).files).sort()).toEqual(
      ['main.ts', 'package.json', 'scripts/launch.cjs', 'src/deep/value.ts', 'tsconfig.json'].sort(),
    );
  });

  it('reuses the bundle while no source changed', () => {
    const before = statSync(join(cache(), 'main.js')).mtimeMs;
    expect(start().stdout).toBe(`first ${join(project, 'src')} one,two\n`);
    expect(statSync(join(cache(), 'main.js')).mtimeMs).toBe(before);
  });

  it('rebuilds when a source changes', () => {
    writeFileSync(
      join(project, 'src', 'deep', 'value.ts'),
      "import { join } from 'node:path';\nexport const here: string = join(__dirname, '..');\nexport const value = 'second';\n",
    );
    expect(start().stdout).toBe(`second ${join(project, 'src')} one,two\n`);
  });

  it('runs through tsx with SESSION_PREFS_SYNTH_BUNDLE=0, and when the bundle cannot be built', () => {
    expect(start({ SESSION_PREFS_SYNTH_BUNDLE: '0' }).stdout).toBe(`second ${join(project, 'src')} one,two\n`);
    writeFileSync(join(project, 'src', 'broken.ts'), 'export const = ;\n');
    writeFileSync(join(project, 'main.ts'), `${readFileSync(join(project, 'main.ts'), 'utf8')}import './src/broken';\n`);
    const r = start();
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/broken\.ts/); // tsx's own error, naming the file
  });

  it('launch.cjs runs any entry of the project the same way: as the main module, with its arguments, from a bundle of its own', () => {
    mkdirSync(join(project, 'tools'), { recursive: true });
    writeFileSync(
      join(project, 'tools', 'tool.ts'),
      "import { value } from '../src/deep/value';\nif (require.main === module) process.stdout.write(`${value} ${process.argv.slice(2).join(',')}\\n`);\n",
    );
    const r = spawnSync(process.execPath, ['scripts/launch.cjs', 'tools/tool.ts', 'a', '--b'], { cwd: project, encoding: 'utf8' });
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 0, stdout: 'second a,--b\n', stderr: '' });
    expect(readFileSync(join(cache(), 'tools_tool.js'), 'utf8')).toContain('second');
    const viaTsx = spawnSync(process.execPath, ['scripts/launch.cjs', 'tools/tool.ts', 'c'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, SESSION_PREFS_LAUNCH_BUNDLE: '0' },
    });
    expect(viaTsx.stdout).toBe('second c\n');
    const usage = spawnSync(process.execPath, ['scripts/launch.cjs'], { cwd: project, encoding: 'utf8' });
    expect({ status: usage.status, stderr: usage.stderr }).toEqual({ status: 2, stderr: 'usage: node scripts/launch.cjs <entry.ts> [args...]\n' });
  });

  it('evaluates a module the entry loads with await import() only when the import runs, bundled and through tsx', () => {
    mkdirSync(join(project, 'tools'), { recursive: true });
    writeFileSync(join(project, 'src', 'lazy.ts'), "import { here } from './deep/value';\nprocess.stdout.write('lazy loaded\\n');\nexport const value = here.endsWith('src');\n");
    writeFileSync(
      join(project, 'tools', 'lazy.ts'),
      "process.stdout.write('entry\\n');\nasync function main(): Promise<void> {\n  if (process.argv.includes('--help')) return;\n  const [{ value }, { version }] = await Promise.all([import('../src/lazy'), import('esbuild')]);\n  process.stdout.write(`${value} ${typeof version}\\n`);\n}\nvoid main();\n",
    );
    for (const env of [{}, { SESSION_PREFS_LAUNCH_BUNDLE: '0' }]) {
      const run = (args: string[]) =>
        spawnSync(process.execPath, ['scripts/launch.cjs', 'tools/lazy.ts', ...args], { cwd: project, encoding: 'utf8', env: { ...process.env, ...env } });
      expect({ env, ...pick(run(['--help'])) }).toEqual({ env, status: 0, stdout: 'entry\n', stderr: '' });
      expect({ env, ...pick(run([])) }).toEqual({ env, status: 0, stdout: 'entry\nlazy loaded\ntrue string\n', stderr: '' });
    }
    // A package imported so is required, as a static import is, not loaded through Node's ES module loader.
    const bundle = readFileSync(join(cache(), 'tools_lazy.js'), 'utf8');
    expect({ required: bundle.includes('require("esbuild")'), imported: bundle.includes('import("esbuild")') }).toEqual({ required: true, imported: false });
  });

  it('an error of the app is an uncaught exception: exit code 1 and its message', () => {
    rmSync(join(project, 'src', 'broken.ts'));
    writeFileSync(join(project, 'main.ts'), readFileSync(join(project, 'main.ts'), 'utf8').replace("import './src/broken';\n", ''));
    const r = spawnSync(process.execPath, ['scripts/synth.cjs', 'fail'], { cwd: project, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Error: app failed');
  });
});
