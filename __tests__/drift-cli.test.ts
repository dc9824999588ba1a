/**
 * `npm run drift` as a command (src/drift/cli.ts) over the shared runner, with clients that answer
 * from an in-memory deployed organization: flags, the two reports, exit codes 0 / 2 / 1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDriftCli } from '../src/drift/cli';
import { AwsError, DriftWorld, worldClientFactory } from '../src/testing/fake-world';
import { EXAMPLE_CONFIG, deployedWorld, exampleModel, minimalConfig, tempDir, writeTempConfig } from './helpers';

function buffer() {
  let text = '';
  return {
    write: (s: string) => (text += s),
    get text() {
      return text;
    },
    isTTY: false,
  };
}

const now = () => new Date('2026-12-01T06:23:00.000Z');
const noRetry = { maxAttempts: 1 };

async function run(argv: string[], world: DriftWorld, extra: { clients?: ReturnType<typeof worldClientFactory> } = {}) {
  const stdout = buffer();
  const stderr = buffer();
  const code = await runDriftCli(['--config', EXAMPLE_CONFIG, ...argv], { stdout, stderr, clients: extra.clients ?? worldClientFactory(world), retry: noRetry, now });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

// The example as a clean deploy of its synthesized stacks leaves it (never drift's own expected state).
const deployedExample = exampleModel();
let world: DriftWorld;
beforeEach(() => {
  world = deployedWorld(deployedExample);
});

describe('npm run drift', () => {
  it('exits 0 on a deployed organization and says so', async () => {
    const { code, stdout, stderr } = await run([], world);
    expect(code).toBe(0);
    expect(stdout).toContain('**No drift.** 1 account, 2 account × Region pairs checked against');
    expect(stderr).toContain('[1/1] sandbox (111111111111): 2 Regions, 0 findings');
  });

  it('exits 1 on drift, with every difference in the JSON report', async () => {
    world.region('111111111111', 'us-east-1').logGroups.get('/session-manager/sessions')!.retentionInDays = 14;
    world.region('111111111111', 'eu-west-1').sharing = 'Enable';
    const { code, stdout } = await run(['--json'], world);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ status: 'drift', exitCode: 1, accounts: 1, regions: 2, errors: [], checkedAt: '2026-12-01T06:23:00.000Z' });
    expect(report.differences).toEqual([
      {
        account: '111111111111',
        accountName: 'sandbox',
        region: 'us-east-1',
        resource: 'log-group /session-manager/sessions',
        field: 'retentionInDays',
        expected: 365,
        actual: 14,
      },
      {
        account: '111111111111',
        accountName: 'sandbox',
        region: 'eu-west-1',
        resource: 'ssm-service-setting /ssm/documents/console/public-sharing-permission',
        field: 'settingValue',
        expected: 'Disable',
        actual: 'Enable',
      },
    ]);
  });

  it('--region and --account limit the check; --markdown writes the report to a file', async () => {
    world.region('111111111111', 'us-east-1').logGroups.get('/session-manager/sessions')!.retentionInDays = 14;
    const file = join(tempDir('drift-'), 'drift.md');
    const { code, stdout } = await run(['--region', 'eu-west-1', '--account', 'sandbox', '--markdown', file], world);
    expect(code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(stdout);
    expect(stdout).toContain('1 account, 1 account × Region pair checked');
  });

  it('exits 3 (incomplete) when a read fails or an account cannot be reached, and still lists the drift it saw', async () => {
    world.region('111111111111', 'us-east-1').sharing = 'Enable';
    const base = worldClientFactory(world);
    const clients: typeof base = (account, region) => {
      const c = base(account, region);
      if (region !== 'eu-west-1') return c;
      return {
        ...c,
        kms: {
          send: async () => {
            throw new AwsError('AccessDeniedException', 'not authorized to perform: kms:DescribeKey');
          },
        },
      };
    };
    const { code, stdout } = await run(['--json'], world, { clients });
    expect(code).toBe(3);
    const report = JSON.parse(stdout);
    expect(report.status).toBe('error');
    expect(report.differences.map((d: { region: string; field: string }) => `${d.region} ${d.field}`)).toContain('us-east-1 settingValue');
    expect(report.errors).toContainEqual({
      account: '111111111111',
      accountName: 'sandbox',
      region: 'eu-west-1',
      message: 'kms:DescribeKey alias/session-manager/data: AccessDeniedException: not authorized to perform: kms:DescribeKey',
    });
  });

  it("an account whose credentials are another account's is an error of that account", async () => {
    const base = worldClientFactory(world);
    const clients: typeof base = (account, region) => ({
      ...base(account, region),
      sts: { send: async () => ({ Account: '222222222222', Arn: 'arn:aws:sts::222222222222:assumed-role/x/y' }) },
    });
    const { code, stdout } = await run([], world, { clients });
    expect(code).toBe(3);
    expect(stdout).toContain('- sandbox (111111111111) *: WrongAccount: the credentials are for account 222222222222');
  });

  it('--help, unknown flags, unknown accounts and a bad configuration', async () => {
    const help = await run(['--help'], world);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--markdown <file>');
    expect(help.stdout).toContain('1  drift');
    const unknown = await run(['--jsn'], world);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown flag --jsn');
    const account = await run(['--account', '999999999999'], world);
    expect(account.code).toBe(2);
    expect(account.stderr).toContain('--account 999999999999: not an account of the configuration');
    const bad = writeTempConfig(minimalConfig({ preferences: { idleSessionTimeout: 0 } }), 'bad.yaml');
    const config = await runDriftCli(['--config', bad], { stdout: buffer(), stderr: buffer(), clients: worldClientFactory(world) });
    expect(config).toBe(1);
  });
});
