import { mockClient } from 'aws-sdk-client-mock';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { GetDocumentCommand, SSMClient } from '@aws-sdk/client-ssm';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import {
  accountCredentials,
  accountLine,
  allErrors,
  allFindings,
  backoffDelay,
  defaultClientFactory,
  EXIT,
  exitCode,
  isRetryable,
  mapPool,
  readOnlyArgs,
  readOnlyCommand,
  runAccounts,
  runnerAccounts,
  streamProgress,
  withRetry,
  type AwsClients,
  type RunnerAccount,
  type TaskContext,
} from '../src/aws';
import { helpText, parseArgs, UsageError } from '../src/cli/args';
import { minimalModel } from './helpers';
import { awsError } from './support/aws-errors';

const sts = mockClient(STSClient);
const ssm = mockClient(SSMClient);

afterEach(() => {
  sts.reset();
  ssm.reset();
});

const noSleep = { sleep: async () => undefined, random: () => 0.5 };

function clients(): AwsClients {
  return {
    ssm: new SSMClient({ region: 'eu-west-1' }),
    kms: new KMSClient({ region: 'eu-west-1' }),
    logs: new CloudWatchLogsClient({ region: 'eu-west-1' }),
    s3: new S3Client({ region: 'eu-west-1' }),
    iam: new IAMClient({ region: 'us-east-1' }),
    sts: new STSClient({ region: 'eu-west-1' }),
    lambda: new LambdaClient({ region: 'eu-west-1' }),
  };
}

const A: RunnerAccount = { id: '111111111111', name: 'alpha', assumeRoleArn: 'arn:aws:iam::111111111111:role/R', homeRegion: 'us-east-1', regions: ['eu-west-1', 'us-east-1'] };
const B: RunnerAccount = { id: '222222222222', name: 'beta', homeRegion: 'us-east-1', regions: ['eu-west-1'] };

describe('retries', () => {
  it('retries throttling, 5xx, 429 and network errors, not client errors', () => {
    expect(isRetryable(awsError('ThrottlingException'))).toBe(true);
    expect(isRetryable(awsError('Throttling'))).toBe(true);
    expect(isRetryable(awsError('InternalError', { status: 500 }))).toBe(true);
    expect(isRetryable(awsError('ServiceUnavailable', { status: 503 }))).toBe(true);
    expect(isRetryable(awsError('Whatever', { status: 429 }))).toBe(true);
    expect(isRetryable(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryable(awsError('AccessDeniedException', { status: 400 }))).toBe(false);
    expect(isRetryable(awsError('InvalidDocument', { status: 400 }))).toBe(false);
    expect(isRetryable('nope')).toBe(false);
  });

  it('backs off exponentially with full jitter, capped', () => {
    expect(backoffDelay(1, () => 0.999, 200, 5000)).toBe(199);
    expect(backoffDelay(2, () => 0.999, 200, 5000)).toBe(399);
    expect(backoffDelay(5, () => 0.999, 200, 5000)).toBe(3196);
    expect(backoffDelay(10, () => 0.999, 200, 5000)).toBe(4995);
    expect(backoffDelay(3, () => 0, 200, 5000)).toBe(0);
  });

  it('retries until success, sleeping the jittered delays', async () => {
    const slept: number[] = [];
    let calls = 0;
    const value = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw awsError('ThrottlingException');
        return 'ok';
      },
      { sleep: async (ms) => void slept.push(ms), random: () => 0.5 },
    );
    expect(value).toBe('ok');
    expect(calls).toBe(3);
    expect(slept).toEqual([100, 200]);
  });

  it('gives up after maxAttempts and throws the last error', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw awsError('ThrottlingException');
        },
        { ...noSleep, maxAttempts: 4 },
      ),
    ).rejects.toThrow('ThrottlingException: from the mock');
    expect(calls).toBe(4);
  });

  it('throws a non-retryable error at once', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw awsError('AccessDeniedException', { status: 400 });
      }, noSleep),
    ).rejects.toThrow('AccessDeniedException');
    expect(calls).toBe(1);
  });
});

describe('pool', () => {
  it('never has more than the limit in flight and keeps input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapPool([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, n));
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(peak).toBe(3);
  });

  it('rejects a limit below 1', async () => {
    await expect(mapPool([1], 0, async (n) => n)).rejects.toThrow('positive integer');
  });
});

describe('runAccounts', () => {
  const regionTask = async (ctx: TaskContext) => {
    const doc = await ctx.call(() => ctx.clients.ssm.send(new GetDocumentCommand({ Name: 'X' })));
    return doc.Name ? [`${ctx.account.name}/${ctx.region}/${doc.Name}`] : [];
  };

  it('runs the Regional task in every Region of every account and the global task once per account', async () => {
    sts.on(GetCallerIdentityCommand).resolvesOnce({ Account: '111111111111' }).resolvesOnce({ Account: '222222222222' });
    ssm.on(GetDocumentCommand).resolves({ Name: 'X' });
    const seen: string[] = [];
    const result = await runAccounts({
      accounts: [A, B],
      regionTask,
      globalTask: async (ctx) => [`${ctx.account.name}/global@${ctx.region}`],
      clients: () => clients(),
      retry: noSleep,
      concurrency: 2,
      progress: { start: () => undefined, accountDone: (r) => void seen.push(r.account.name), finish: () => undefined },
    });
    expect(allFindings(result).map((f) => `${f.region}:${f.finding}`)).toEqual([
      'global:alpha/global@us-east-1',
      'eu-west-1:alpha/eu-west-1/X',
      'us-east-1:alpha/us-east-1/X',
      'global:beta/global@us-east-1',
      'eu-west-1:beta/eu-west-1/X',
    ]);
    expect(seen.sort()).toEqual(['alpha', 'beta']);
    expect(exitCode(result)).toBe(EXIT.findings);
    expect(exitCode(result, () => false)).toBe(EXIT.ok);
  });

  it('reports an account whose role cannot be assumed, and goes on with the others', async () => {
    sts.on(GetCallerIdentityCommand).callsFake(() => {
      throw awsError('AccessDenied', { status: 403 });
    });
    let bCalls = 0;
    const result = await runAccounts({
      accounts: [A, B],
      regionTask: async (ctx) => {
        bCalls++;
        return [ctx.account.name];
      },
      // beta's identity check succeeds, alpha's fails.
      clients: (account) => {
        const c = clients();
        if (account.id === B.id) return { ...c, sts: { send: async () => ({ Account: B.id }) } as unknown as STSClient };
        return c;
      },
      retry: noSleep,
      progress: streamProgress({ write: () => true }, { quiet: true }),
    });
    const alpha = result.accounts[0];
    expect(alpha.error?.name).toBe('AccessDenied');
    expect(alpha.error?.message).toContain('cannot assume arn:aws:iam::111111111111:role/R');
    expect(alpha.tasks).toEqual([]);
    expect(result.accounts[1].tasks.map((t) => t.findings)).toEqual([['beta']]);
    expect(bCalls).toBe(1);
    expect(allErrors(result)).toEqual([{ account: A, region: '*', error: alpha.error }]);
    expect(exitCode(result)).toBe(EXIT.error);
  });

  it('refuses credentials of another account (like allowedAccountIds)', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '999999999999', Arn: 'arn:aws:sts::999999999999:assumed-role/X/y' });
    const result = await runAccounts({ accounts: [B], regionTask: async () => ['never'], clients: () => clients(), retry: noSleep });
    expect(result.accounts[0].error).toEqual({ name: 'WrongAccount', message: expect.stringContaining('for account 999999999999') });
    expect(result.accounts[0].tasks).toEqual([]);
  });

  it('keeps a failing task as an error of that Region only, after retrying throttling', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: A.id });
    ssm
      .on(GetDocumentCommand)
      .rejectsOnce(awsError('ThrottlingException'))
      .resolvesOnce({ Name: 'X' })
      .rejects(awsError('AccessDeniedException', { status: 400 }));
    const result = await runAccounts({ accounts: [A], regionTask, clients: () => clients(), retry: noSleep, concurrency: 1 });
    const [eu, us] = result.accounts[0].tasks;
    expect(eu).toEqual({ region: 'eu-west-1', findings: ['alpha/eu-west-1/X'] });
    expect(us.region).toBe('us-east-1');
    expect(us.error).toEqual({ name: 'AccessDeniedException', message: 'AccessDeniedException: from the mock' });
    expect(ssm.commandCalls(GetDocumentCommand)).toHaveLength(3);
    expect(exitCode(result)).toBe(EXIT.error);
  });

  it('checks identity once per account however many Regions it has', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: A.id });
    ssm.on(GetDocumentCommand).resolves({});
    const result = await runAccounts({ accounts: [A], regionTask, clients: () => clients(), retry: noSleep });
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
    expect(exitCode(result)).toBe(EXIT.ok);
  });
});

describe('progress', () => {
  const result = {
    account: B,
    tasks: [
      { region: 'eu-west-1', findings: ['a', 'b'] },
      { region: 'us-east-1', findings: [], error: { name: 'X', message: 'y' } },
    ],
  };

  it('writes plain numbered lines when not a terminal', () => {
    let out = '';
    const p = streamProgress({ write: (t: string) => (out += t), isTTY: false });
    p.start(2);
    p.accountDone(result);
    p.finish({ accounts: [result], durationMs: 1500 });
    expect(out).toBe('[1/2] beta (222222222222): 2 Regions, 2 findings, 1 error (us-east-1)\ndone: 1/2 accounts in 1.5 s\n');
    expect(out).not.toContain('\x1b');
  });

  it('keeps a status line on a terminal and prints one line per account above it', () => {
    let out = '';
    const p = streamProgress({ write: (t: string) => (out += t), isTTY: true });
    p.start(3);
    p.accountDone({ account: A, error: { name: 'AccessDenied', message: 'cannot assume' }, tasks: [] });
    expect(out).toBe('0/3 accounts\r\x1b[Kalpha (111111111111): ERROR AccessDenied: cannot assume\n1/3 accounts');
  });

  it('says nothing when quiet', () => {
    let out = '';
    const p = streamProgress({ write: (t: string) => (out += t), isTTY: true }, { quiet: true });
    p.start(1);
    p.accountDone(result);
    expect(out).toBe('');
    expect(accountLine(result)).toContain('2 findings');
  });
});

describe('command line', () => {
  const spec = readOnlyCommand({
    usage: 'npm run thing --',
    summary: 'Does a thing.',
    findingsMean: 'things found',
    flags: [{ name: 'write', type: 'boolean', description: 'write it' }],
  });

  it('parses the common and own flags', () => {
    const parsed = readOnlyArgs(parseArgs(spec, ['--config', 'c.yaml', '--json', '--account', '1', '--account', 'beta', '--region', 'eu-west-1', '--concurrency', '4', '--write']));
    expect(parsed).toMatchObject({ json: true, concurrency: 4, configArgs: ['--config', 'c.yaml'], filter: { accounts: ['1', 'beta'], regions: ['eu-west-1'] } });
    expect('values' in parsed && parsed.values.write).toBe(true);
  });

  it('rejects unknown flags, stray arguments and a bad concurrency', () => {
    expect(() => parseArgs(spec, ['--frobnicate'])).toThrow('unknown flag --frobnicate');
    expect(() => parseArgs(spec, ['stray'])).toThrow(UsageError);
    expect(readOnlyArgs(parseArgs(spec, ['--concurrency', '0']))).toEqual({ error: "--concurrency must be a whole number from 1 to 256, got '0'" });
  });

  it('prints help with every flag and the exit codes', () => {
    const text = helpText(spec);
    for (const flag of ['--config <file>', '--json', '--account <id|name>', '--region <region>', '--concurrency <n>', '--quiet', '--write', '--help']) expect(text).toContain(flag);
    expect(text).toMatch(/0 +nothing found/);
    expect(text).toMatch(/1 +things found/);
    expect(text).toMatch(/2 +usage error/);
    expect(text).toMatch(/3 +incomplete/);
  });
});

describe('accounts and clients', () => {
  it('takes the resolved role (SESSION_PREFS_ROLE_NAME included) and the active Regions from the model', () => {
    const model = minimalModel({ regions: ['eu-west-1', 'us-east-1'], assumeRoleName: 'Deployer', retiredRegions: ['eu-central-1'] });
    expect(runnerAccounts(model.accounts)).toEqual([
      { id: '111111111111', name: 'sandbox', assumeRoleArn: 'arn:aws:iam::111111111111:role/Deployer', homeRegion: 'us-east-1', regions: ['eu-west-1', 'us-east-1'] },
    ]);
    expect(runnerAccounts(model.accounts, { regions: ['us-east-1'] })[0].regions).toEqual(['us-east-1']);
    expect(runnerAccounts(model.accounts, { accounts: ['other'] })).toEqual([]);
    expect(runnerAccounts(model.accounts, {}, true)[0].regions).toContain('eu-central-1');
  });

  it('assumes the account role only when one is configured', () => {
    expect(accountCredentials(B, 'us-east-1')).toBeUndefined();
    expect(typeof accountCredentials(A, 'us-east-1')).toBe('function');
  });

  it('points every client at AWS_ENDPOINT_URL, S3 path-style', async () => {
    const made = defaultClientFactory({ endpoint: 'http://127.0.0.1:4566' })(B, 'eu-west-1');
    const endpoint = await made.ssm.config.endpoint?.();
    expect(endpoint?.hostname).toBe('127.0.0.1');
    expect(endpoint?.port).toBe(4566);
    expect(made.s3.config.forcePathStyle).toBe(true);
    expect(await made.ssm.config.region()).toBe('eu-west-1');
    expect(await made.iam.config.region()).toBe('us-east-1');
    // The runner retries; the SDK does not retry on top of it.
    expect(await made.ssm.config.maxAttempts()).toBe(1);
  });
});
