/** main.ts as users run it: a bad configuration exits 1, lists every problem, writes nothing. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SANDBOX, exampleModel, stackFor, writeTempConfig } from '../helpers';
import { runSynth } from '../support/tsx';

const runMain = (args: string[], env: Record<string, string> = {}) => runSynth(args, { env });

describe('main.ts', () => {
  it('synthesizes the example configuration by default', () => {
    const run = runMain([]);
    expect(run.stderr).not.toMatch(/problem/);
    expect(run.status).toBe(0);
    const example = exampleModel();
    expect(readdirSync(join(run.outdir, 'stacks')).sort()).toEqual(
      [stackFor(example, SANDBOX.name), stackFor(example, SANDBOX.name, 'us-east-1'), stackFor(example, SANDBOX.name, 'eu-west-1')].sort(),
    );
  });

  it('exits 1 on a bad configuration, names every problem, and writes nothing', () => {
    const config = writeTempConfig(
      ['version: 1', 'regions: [eu-west-1, moon-1]', 'accounts:', '  - { id: "42", name: ok }', 'preferences:', '  idleSessionTimeout: 61'],
      'bad.yaml',
    );
    const run = runMain(['--config', config]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('3 problems in the configuration');
    expect(run.stderr).toContain('preferences.idleSessionTimeout: must be between 1 and 60');
    expect(run.stderr).toContain("regions[1]: must be a known AWS Region (for example eu-west-1), got 'moon-1'");
    expect(run.stderr).toContain('accounts[0].id: must be a 12-digit AWS account ID in quotes');
    expect(readdirSync(run.outdir)).toEqual([]);
  });

  it('reads the configuration named by SESSION_PREFS_CONFIG', () => {
    const run = runMain([], { SESSION_PREFS_CONFIG: '/nonexistent.yaml' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('/nonexistent.yaml: 1 problem in the configuration');
    expect(existsSync(join(run.outdir, 'stacks'))).toBe(false);
  });
});
