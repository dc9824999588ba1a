/** `npm run sandbox` without starting anything: its account, files and the environment it prints (the run itself: integration/sandbox.test.ts). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MOTO_EXT, renderExports, sandboxAccount, sandboxEnvironment, sandboxFiles } from '../src/sandbox/sandbox';
import { exampleModel, minimalModel } from './helpers';

describe('npm run sandbox', () => {
  it("runs moto with the project's extensions, kept outside the tests", () => {
    expect(MOTO_EXT).toMatch(/src\/sandbox\/moto_ext\.py$/);
    expect(existsSync(MOTO_EXT)).toBe(true);
  });

  it("is the configuration's first account, in its first Region", () => {
    expect(sandboxAccount(exampleModel())).toEqual({ id: '111111111111', name: 'sandbox', region: 'us-east-1' });
    expect(sandboxAccount(minimalModel({ accounts: [{ id: '222222222222', name: 'dev' }], regions: ['eu-west-1'] }))).toEqual({
      id: '222222222222',
      name: 'dev',
      region: 'eu-west-1',
    });
  });

  it('keeps its PID, log, environment and state under .sandbox, or SESSION_PREFS_SANDBOX_DIR', () => {
    expect(sandboxFiles({}, '/repo')).toEqual({
      dir: '/repo/.sandbox',
      pidFile: '/repo/.sandbox/moto.pid',
      logFile: '/repo/.sandbox/moto.log',
      envFile: '/repo/.sandbox/env.sh',
      stateDir: '/repo/.sandbox/state',
    });
    expect(sandboxFiles({ SESSION_PREFS_SANDBOX_DIR: '/tmp/sbx' }, '/repo').pidFile).toBe('/tmp/sbx/moto.pid');
  });

  it('prints the environment of the emulator: endpoint, test credentials, its own state directory, the offline mirror', () => {
    const files = sandboxFiles({}, '/repo');
    const env = sandboxEnvironment('http://127.0.0.1:4566', 'us-east-1', files, '/repo/.tmp/terraform/offline.tfrc');
    expect(env).toEqual({
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      SESSION_PREFS_STATE_DIR: join('/repo/.sandbox', 'state'),
      TF_DATA_DIR: '.terraform-sandbox',
      CHECKPOINT_DISABLE: '1',
      TF_CLI_CONFIG_FILE: '/repo/.tmp/terraform/offline.tfrc',
    });
    expect(sandboxEnvironment('http://x', 'eu-west-1', files, undefined).TF_CLI_CONFIG_FILE).toBeUndefined();
    expect(renderExports({ A: 'plain', B: "it's" })).toBe("export A='plain'\nexport B='it'\\''s'\n");
  });
});
