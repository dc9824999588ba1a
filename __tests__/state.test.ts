/** Local state lives in state/<stack>.tfstate, outside cdktf.out; older state files move there once. */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Testing } from 'cdktf';
import { backendPath, describeMigration, migrateLegacyState, stateDir, stateFile, STATE_DIR_ENV_VAR } from '../src/state/local-state';
import { addStacks } from '../stacks/app';
import { minimalModel, tempDir as temp } from './helpers';

describe('local state directory', () => {
  it('is state/ under the working directory unless SESSION_PREFS_STATE_DIR moves it', () => {
    expect(stateDir({}, '/p')).toBe('/p/state');
    expect(stateDir({ [STATE_DIR_ENV_VAR]: '/var/tf' }, '/p')).toBe('/var/tf');
    expect(stateDir({ [STATE_DIR_ENV_VAR]: 'other' }, '/p')).toBe('/p/other');
    expect(stateFile('a-global', '/p/state')).toBe('/p/state/a-global.tfstate');
  });

  it('is named relative to the directory Terraform runs in, so it resolves to the state directory and survives rm -rf of the build folder', () => {
    const project = temp('project-');
    const outdir = join(project, 'cdktf.out');
    expect(backendPath('acct-shard0', outdir, join(project, 'state'))).toBe('../../../state/acct-shard0.tfstate');
    const app = Testing.app({ outdir } as Parameters<typeof Testing.app>[0]);
    const stacks = addStacks(app, minimalModel());
    for (const [name, stack] of stacks) {
      const path = JSON.parse(Testing.synth(stack)).terraform.backend.local.path as string;
      const resolved = resolve(outdir, 'stacks', name, path);
      expect(resolved).toBe(stateFile(name));
      expect(resolved.startsWith(`${resolve(outdir)}/`)).toBe(false);
    }
  });

  it('moves state files left in cdktf.out/stacks once, with their backups, and never overwrites', () => {
    const outdir = temp('cdktf-out-');
    const dir = join(temp('project-'), 'state');
    for (const stack of ['a-global', 'a-shard0', 'b-global']) mkdirSync(join(outdir, 'stacks', stack), { recursive: true });
    writeFileSync(join(outdir, 'stacks', 'a-global', 'terraform.a-global.tfstate'), '{"serial":7}');
    writeFileSync(join(outdir, 'stacks', 'a-global', 'terraform.a-global.tfstate.backup'), '{"serial":6}');
    writeFileSync(join(outdir, 'stacks', 'b-global', 'terraform.b-global.tfstate'), '{"serial":1,"old":true}');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'b-global.tfstate'), '{"serial":2}');

    const steps = migrateLegacyState(outdir, dir);
    expect(steps.map((s) => [s.stack, s.outcome])).toEqual([
      ['a-global', 'moved'],
      ['a-global', 'moved'],
      ['b-global', 'conflict'],
    ]);
    expect(readFileSync(join(dir, 'a-global.tfstate'), 'utf8')).toBe('{"serial":7}');
    expect(readFileSync(join(dir, 'a-global.tfstate.backup'), 'utf8')).toBe('{"serial":6}');
    expect(existsSync(join(outdir, 'stacks', 'a-global', 'terraform.a-global.tfstate'))).toBe(false);
    // The conflict touches neither file.
    expect(readFileSync(join(dir, 'b-global.tfstate'), 'utf8')).toBe('{"serial":2}');
    expect(readFileSync(join(outdir, 'stacks', 'b-global', 'terraform.b-global.tfstate'), 'utf8')).toBe('{"serial":1,"old":true}');
    expect(describeMigration(steps, '/')).toMatch(/STATE CONFLICT for b-global: both .* exist/);

    // Once moved, the state outlives the build folder; a second run has nothing to do.
    rmSync(outdir, { recursive: true, force: true });
    expect(existsSync(join(dir, 'a-global.tfstate'))).toBe(true);
    expect(migrateLegacyState(outdir, dir)).toEqual([]);
  });
});
