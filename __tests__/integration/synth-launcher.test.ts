/**
 * scripts/synth.cjs, the launcher of `npm run synth` and cdktf.json: in a small project of its
 * own (a copy of the launcher, a main.ts importing a module that reads its __dirname), the first
 * start builds the bundle, the next reuses it, a changed source is rebuilt, and the app's output,
 * exit code and errors are those of running main.ts through tsx.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from '../helpers';

let project: string;
const cache = () => join(project, 'node_modules', '.cache', 'session-prefs-synth');

function start(env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['scripts/synth.cjs', 'one', 'two'], { cwd: project, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  project = tempDir('synth-launcher-');
  mkdirSync(join(project, 'scripts'));
  mkdirSync(join(project, 'src', 'deep'), { recursive: true });
  copyFileSync(join(ROOT, 'scripts', 'synth.cjs'), join(project, 'scripts', 'synth.cjs'));
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
    expect(Object.keys(JSON.parse(readFileSync(join(cache(), 'inputs.json'), 'utf8')).files).sort()).toEqual(
      ['main.ts', 'package.json', 'scripts/synth.cjs', 'src/deep/value.ts', 'tsconfig.json'].sort(),
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

  it('an error of the app is an uncaught exception: exit code 1 and its message', () => {
    rmSync(join(project, 'src', 'broken.ts'));
    writeFileSync(join(project, 'main.ts'), readFileSync(join(project, 'main.ts'), 'utf8').replace("import './src/broken';\n", ''));
    const r = spawnSync(process.execPath, ['scripts/synth.cjs', 'fail'], { cwd: project, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Error: app failed');
  });
});
