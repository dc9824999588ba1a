/**
 * End-to-end test harness on an AWS API emulator (not a test file): starts moto's server (with the
 * SSM service-setting API added by moto_ext.py), points copies of synthesized stacks at it, runs
 * terraform init/apply/plan there, gives AWS SDK v3 clients to read back what was applied, and runs
 * the updater Lambda's handler in-process against the emulator's SSM (moto cannot run Lambda).
 *
 * Accounts: every stack keeps the account IDs of its configuration. The harness's copy of a stack
 * makes each provider alias assume a role in its account (`arn:aws:iam::<account>:role/...`, or the
 * role the configuration already names); moto serves every request made with the credentials of
 * that AssumeRole from the role ARN's account. So several accounts coexist in one emulator, and
 * `allowed_account_ids` is checked for real. `sdkConfig(emulator, region, accountId)` reads back an
 * account the same way. Scenarios isolate themselves by using an account ID of their own.
 *
 * One emulator serves the whole jest run (started by __tests__/global-setup.ts, stopped by
 * __tests__/global-teardown.ts, handed to the workers as SESSION_PREFS_EMULATOR_URL); a file run
 * alone gets one too. Every test file therefore uses account IDs that no other file uses.
 *
 * See docs/emulator.md.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import { DescribeDocumentCommand, GetDocumentCommand, ListTagsForResourceCommand, SSMClient } from '@aws-sdk/client-ssm';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { createHandler } from '../../lambda-src/handler';
import type { HandlerResult } from '../../src/updater/contract';
import { initTerraform, runTerraform, runTerraformAsync, terraformEnv, terraformUnavailableReason, type TerraformRun } from '../../src/terraform/offline';
import { describeWhen } from '../terraform';
import { ROOT, tempDir } from '../helpers';

/** Environment variable naming an already running emulator (e.g. http://127.0.0.1:4566); the harness then starts none. */
export const EMULATOR_URL_ENV = 'SESSION_PREFS_EMULATOR_URL';
/** Environment variable naming the Python interpreter that has moto installed (default: python3, or moto_server's). */
export const MOTO_PYTHON_ENV = 'MOTO_PYTHON';
/**
 * Set by the integration project's globalSetup to the interpreter motoPython() found there: the
 * workers inherit it and use it without looking for moto again (a Python start per test file that
 * starts an emulator of its own).
 */
export const MOTO_PYTHON_CHECKED_ENV = 'SESSION_PREFS_MOTO_PYTHON_CHECKED';

/** Static credentials every emulator accepts. */
export const TEST_CREDENTIALS = { accessKeyId: 'AKIAEMULATORTESTING0', secretAccessKey: 'emulator-testing-secret-key-not-real' } as const;

/** Role the harness assumes in an account that has no role configured (moto accepts any role ARN). */
export const EMULATOR_ROLE_NAME = 'emulator-terraform';

/**
 * Environment for a command of this project (preflight, drift, accounts) run as a child process
 * against the emulator: its endpoint, the test credentials, a home Region and no profile.
 */
export function emulatorCliEnv(emulator: { readonly endpoint: string }): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AWS_ENDPOINT_URL: emulator.endpoint,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_PROFILE: '',
  };
}

/** A running emulator. */
export interface Emulator {
  /** Base URL, e.g. http://127.0.0.1:41234. */
  readonly endpoint: string;
  /** Account the emulator serves for plain (not assumed) test credentials. */
  readonly accountId: string;
  /** PID of the emulator this harness started (undefined for one given by SESSION_PREFS_EMULATOR_URL). */
  readonly pid?: number;
  /** File the started emulator's output goes to. */
  readonly logFile?: string;
  /** Stops the emulator this harness started (by its PID); does nothing for an external one. */
  stop(): Promise<void>;
}

const MOTO_EXT = join(__dirname, '..', '..', 'src', 'sandbox', 'moto_ext.py');

let cachedPython: string | null | undefined;

/** A Python interpreter that has moto's server module, or undefined. */
export function motoPython(): string | undefined {
  if (cachedPython !== undefined) return cachedPython ?? undefined;
  const checked = process.env[MOTO_PYTHON_CHECKED_ENV];
  if (checked) return (cachedPython = checked);
  const candidates = [process.env[MOTO_PYTHON_ENV], 'python3', 'python'].filter((c): c is string => !!c);
  // moto_server's own interpreter, when it is a Python script with a shebang (pip's console script).
  const which = spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' });
  const script = which.status === 0 ? which.stdout.trim() : '';
  if (script && existsSync(script)) {
    const first = readFileSync(script, 'utf8').split('\n', 1)[0];
    if (first.startsWith('#!') && first.includes('python')) candidates.push(first.slice(2).trim().split(/\s+/)[0]);
  }
  // Found, not imported (1.0 s instead of 2.7): whether moto's server imports shows when it starts
  // (startEmulator reports its output when it does not answer).
  const found = candidates.find(
    (python) => spawnSync(python, ['-c', "import importlib.util as u, sys; sys.exit(0 if u.find_spec('moto.server') else 1)"], { stdio: 'ignore' }).status === 0,
  );
  cachedPython = found ?? null;
  return found;
}

/** Why the emulator tier cannot run here, or undefined when it can. */
export function emulatorAvailable(): string | undefined {
  const terraform = terraformUnavailableReason();
  if (terraform !== undefined) return terraform;
  if (process.env[EMULATOR_URL_ENV]) return undefined;
  if (motoPython() === undefined) {
    return `moto is not installed (no python3 that imports moto.server; install moto[server] or set ${EMULATOR_URL_ENV} to a running emulator)`;
  }
  return undefined;
}

/**
 * `describe` when the emulator and Terraform are available. Otherwise a jest `todo` and a warning
 * naming the reason (never counted as passed); with REQUIRE_EMULATOR=1 a failing test instead.
 */
export function describeEmulator(name: string, body: () => void): void {
  describeWhen({ what: 'emulator', requireVar: 'REQUIRE_EMULATOR', unavailable: emulatorAvailable() }, name, body);
}

/** Whether `port` can be bound on the loopback interface now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.unref();
    server.on('error', () => resolvePromise(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePromise(true)));
  });
}

/**
 * Where stable ports lie: below Linux's ephemeral range (32768 to 60999 by default,
 * /proc/sys/net/ipv4/ip_local_port_range), since the run's many client connections to the
 * emulators and the provider proxies take their local ports from that range and then hold a port
 * there (a stable port of 41000 to 48999 was once found taken that way, so the emulator moved).
 */
export const STABLE_PORTS = { first: 20000, count: 8000 } as const;

/**
 * The port an emulator named `name` listens on when it is free: the same for every run (in
 * STABLE_PORTS, from a hash of the name), so the emulator's URL, which the provider configurations
 * and the AWS_* environment carry, is the same too, and the provider proxy's cached answers for them
 * (offline.ts schemaCacheDir) are found again in the next run. Taken (another run at the same time):
 * any free port, which only costs those answers.
 */
export async function stablePort(name: string): Promise<number> {
  const port = STABLE_PORTS.first + (createHash('sha256').update(name).digest().readUInt32BE(0) % STABLE_PORTS.count);
  return (await portFree(port)) ? port : freePort();
}

/** The test file that is running, relative to the project (undefined outside a test file, e.g. in globalSetup). */
function runningTestFile(): string | undefined {
  const state = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect?.getState?.();
  return state?.testPath ? relative(ROOT, state.testPath) : undefined;
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** True once anything answers HTTP at `endpoint`. */
async function answers(endpoint: string): Promise<boolean> {
  try {
    await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

/** The account an emulator serves for the plain test credentials. */
async function defaultAccount(endpoint: string): Promise<string> {
  const sts = new STSClient({ endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 3 });
  try {
    const me = await sts.send(new GetCallerIdentityCommand({}));
    if (!me.Account) throw new Error(`the emulator at ${endpoint} answered GetCallerIdentity without an Account`);
    return me.Account;
  } finally {
    sts.destroy();
  }
}

const started = new Set<ChildProcess>();
// Never leave an emulator behind, even when a test file crashes before its afterAll.
process.once('exit', () => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Stops a child by its PID: SIGTERM, then SIGKILL after 5 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    started.delete(child);
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid as number, 'SIGTERM');
  const timer = setTimeout(() => child.exitCode === null && process.kill(child.pid as number, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  started.delete(child);
}

/** How startEmulator() chooses its emulator. */
export interface StartEmulatorOptions {
  /**
   * Start a moto of this caller's own even when SESSION_PREFS_EMULATOR_URL names one: for a
   * scenario that needs moto started with other settings (its environment is this process's).
   */
  readonly dedicated?: boolean;
  /** What the emulator's stable port is derived from (stablePort); default: the running test file. */
  readonly name?: string;
}

/**
 * Starts moto (with moto_ext.py) on a loopback port (the same in every run where it is free:
 * stablePort) and waits until it answers; or, when
 * SESSION_PREFS_EMULATOR_URL is set, uses that emulator (stop() then does nothing). Under jest the
 * integration project's globalSetup starts one emulator for the whole run and sets the variable
 * (__tests__/global-setup.ts), so every test file shares it, each in accounts of its own.
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<Emulator> {
  const external = options.dedicated ? undefined : process.env[EMULATOR_URL_ENV];
  if (external) {
    const endpoint = external.replace(/\/+$/, '');
    return { endpoint, accountId: await defaultAccount(endpoint), stop: async () => undefined };
  }
  const python = motoPython();
  if (python === undefined) throw new Error(emulatorAvailable() ?? 'moto is not installed');
  let lastError = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = attempt === 1 ? await stablePort(options.name ?? runningTestFile() ?? 'emulator') : await freePort();
    const logFile = join(tempDir('moto-'), 'moto.log');
    const out = openSync(logFile, 'a');
    const child = spawn(python, [MOTO_EXT, '-H', '127.0.0.1', '-p', String(port)], {
      stdio: ['ignore', out, out],
      env: { ...process.env, PYTHONUNBUFFERED: '1' },
    });
    closeSync(out);
    started.add(child);
    const endpoint = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && child.exitCode === null && !(await answers(endpoint))) await sleep(200);
    if (child.exitCode === null && (await answers(endpoint))) {
      return {
        endpoint,
        accountId: await defaultAccount(endpoint),
        pid: child.pid,
        logFile,
        stop: () => stopChild(child),
      };
    }
    await stopChild(child);
    lastError = readFileSync(logFile, 'utf8').slice(-2000);
  }
  throw new Error(`moto did not start (3 attempts); its last output:\n${lastError}`);
}

/** The ARN partition of a Region. */
function partitionOf(region: string): string {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

/** Role the harness assumes to act in `accountId` on the emulator. */
export function emulatorRoleArn(accountId: string, region = 'us-east-1'): string {
  return `arn:${partitionOf(region)}:iam::${accountId}:role/${EMULATOR_ROLE_NAME}`;
}

/**
 * AWS SDK v3 client configuration for the emulator, usable with any client
 * (`new S3Client(sdkConfig(emulator, 'eu-west-1', '111111111111'))`). With `accountId` other than
 * the emulator's own, the credentials come from AssumeRole into that account.
 */
export function sdkConfig(emulator: Emulator, region: string, accountId?: string) {
  const base = { endpoint: emulator.endpoint, region, forcePathStyle: true, maxAttempts: 3 };
  if (accountId === undefined || accountId === emulator.accountId) return { ...base, credentials: { ...TEST_CREDENTIALS } };
  return {
    ...base,
    credentials: fromTemporaryCredentials({
      params: { RoleArn: emulatorRoleArn(accountId, region), RoleSessionName: 'emulator-read-back' },
      masterCredentials: { ...TEST_CREDENTIALS },
      clientConfig: { endpoint: emulator.endpoint, region },
    }),
  };
}

/** Services whose endpoints the harness points at the emulator (every one the stacks use, and STS). */
export const EMULATED_SERVICES = ['sts', 'iam', 'ssm', 'kms', 'logs', 's3', 'lambda', 'organizations'] as const;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A copy of a synthesized stack that applies against the emulator: each provider alias gets the
 * emulator's endpoints, test credentials, path-style S3 and skip flags, and assumes a role in its
 * account (keeping the configured role when there is one); the backend becomes a local state file
 * in the work directory. Import blocks stay (an adoption reads the emulator's resource).
 */
export function emulatorStack(stack: Json | string, emulator: Emulator): Json {
  const copy: Json = JSON.parse(typeof stack === 'string' ? stack : JSON.stringify(stack));
  const aws = copy.provider?.aws;
  for (const provider of Array.isArray(aws) ? aws : aws ? [aws] : []) {
    const account: string | undefined = provider.allowed_account_ids?.[0];
    const region: string = provider.region ?? 'us-east-1';
    if (!provider.assume_role && account !== undefined && account !== emulator.accountId) {
      provider.assume_role = [{ role_arn: emulatorRoleArn(account, region), session_name: 'session-manager-preferences' }];
    }
    Object.assign(provider, {
      access_key: TEST_CREDENTIALS.accessKeyId,
      secret_key: TEST_CREDENTIALS.secretAccessKey,
      endpoints: [Object.fromEntries(EMULATED_SERVICES.map((s) => [s, emulator.endpoint]))],
      s3_use_path_style: true,
      skip_credentials_validation: true,
      skip_metadata_api_check: 'true',
      skip_region_validation: true,
      max_retries: 2,
    });
  }
  copy.terraform = { ...(copy.terraform ?? {}), backend: { local: { path: 'terraform.tfstate' } } };
  delete copy.terraform.cloud;
  return copy;
}

/** A Terraform work directory whose stack points at the emulator; write() again to change its configuration. */
export interface EmulatorWorkDir {
  readonly dir: string;
  /** Replaces the stack (synthesized JSON text or object) in the work directory. */
  write(stack: Json | string): void;
  /** terraform init (local backend, providers from the mirror), copied from the first init of the same provider set. */
  init(): TerraformRun;
  /** terraform apply -auto-approve. */
  apply(): TerraformRun;
  /** terraform plan -detailed-exitcode (status 0: no changes, 2: changes, 1: error). */
  plan(): TerraformRun;
  /** Any other terraform command in the work directory. */
  run(args: readonly string[]): TerraformRun;
  /** apply() without blocking: several work directories apply at the same time (see inParallel). */
  applyAsync(): Promise<TerraformRun>;
  /** plan() without blocking. */
  planAsync(): Promise<TerraformRun>;
  /** run() without blocking. */
  runAsync(args: readonly string[]): Promise<TerraformRun>;
}

/** Runs terraform without blocking the event loop (src/terraform/offline.ts): work directories then run at once. */
export { runTerraformAsync };

/**
 * Runs `step` on every item at once and returns the results in the items' order; every step runs to
 * its end before the first failure is thrown (a half-applied sibling is not left running).
 */
export async function inParallel<T, R>(items: Iterable<T>, step: (item: T) => Promise<R>): Promise<R[]> {
  const settled = await Promise.allSettled([...items].map(step));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<R>).value);
}

const APPLY_ARGS = ['apply', '-auto-approve', '-input=false', '-no-color', '-parallelism=10'] as const;
const PLAN_EXIT_ARGS = ['plan', '-detailed-exitcode', '-input=false', '-no-color'] as const;

/** A fresh work directory holding the emulator copy of `stack`. */
export function emulatorWorkDir(emulator: Emulator, stack: Json | string, name = 'stack'): EmulatorWorkDir {
  const dir = tempDir(`emulator-${name}-`);
  const run = (args: readonly string[]) => runTerraform(dir, args);
  const workDir: EmulatorWorkDir = {
    dir,
    write: (s) => writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(emulatorStack(s, emulator), null, 2)),
    init: () => initTerraform(dir, ['init', '-input=false', '-no-color']),
    apply: () => run(APPLY_ARGS),
    plan: () => run(PLAN_EXIT_ARGS),
    run,
    applyAsync: () => runTerraformAsync(dir, APPLY_ARGS),
    planAsync: () => runTerraformAsync(dir, PLAN_EXIT_ARGS),
    runAsync: (args) => runTerraformAsync(dir, args),
  };
  workDir.write(stack);
  return workDir;
}

/** Throws with terraform's output unless `run` exited with one of `ok`. */
export function expectStatus(run: TerraformRun, ...ok: number[]): TerraformRun {
  const want = ok.length > 0 ? ok : [0];
  if (run.status === null || !want.includes(run.status)) {
    throw new Error(`terraform ${run.args.join(' ')} exited ${run.status} (wanted ${want.join(' or ')}):\n${run.stderr}\n${run.stdout.slice(-8000)}`);
  }
  return run;
}

/** One planned change of `terraform show -json`: address and actions (e.g. ["create"], ["forget"], ["no-op"]). */
export interface PlannedChange {
  readonly address: string;
  readonly actions: readonly string[];
}

/** Plans in `workDir` (saving the plan) and returns every resource change that is not a no-op or a read. */
export function plannedChanges(workDir: EmulatorWorkDir): PlannedChange[] {
  expectStatus(workDir.run(['plan', '-input=false', '-no-color', '-out=plan.bin']));
  const show = expectStatus(workDir.run(['show', '-json', 'plan.bin']));
  const plan = JSON.parse(show.stdout) as { resource_changes?: { address: string; change: { actions: string[] } }[] };
  return (plan.resource_changes ?? [])
    .map((c) => ({ address: c.address, actions: c.change.actions }))
    .filter((c) => !(c.actions.length === 1 && (c.actions[0] === 'no-op' || c.actions[0] === 'read')));
}

/** Addresses in the work directory's state (`terraform state list`). */
export function stateList(workDir: EmulatorWorkDir): string[] {
  return expectStatus(workDir.run(['state', 'list']))
    .stdout.split('\n')
    .filter((l) => l.trim() !== '');
}

/**
 * Writes each stack to a new work directory, initializes them one after the other (a copy of the
 * first init), then applies them all at once; throws when any init or apply fails. Returns the
 * work directories by stack name, in the order given.
 */
export async function applyStacks(emulator: Emulator, stacks: Iterable<readonly [string, Json | string]>): Promise<Map<string, EmulatorWorkDir>> {
  const work = new Map<string, EmulatorWorkDir>();
  for (const [name, stack] of stacks) {
    const workDir = emulatorWorkDir(emulator, stack, name);
    expectStatus(workDir.init());
    work.set(name, workDir);
  }
  await inParallel(work.values(), async (w) => expectStatus(await w.applyAsync()));
  return work;
}

/** Writes `stack` to a new work directory, then runs init and apply there; throws when either fails. */
export function applyStack(emulator: Emulator, stack: Json | string, name = 'stack'): EmulatorWorkDir {
  const workDir = emulatorWorkDir(emulator, stack, name);
  expectStatus(workDir.init());
  expectStatus(workDir.apply());
  return workDir;
}

/** Terraform's environment for the emulator tier (the offline harness's: mirror, plugin cache, no real credentials). */
export function emulatorTerraformEnv(): NodeJS.ProcessEnv {
  return terraformEnv();
}

/** Lambda context of an in-process invocation: a generous deadline, a fixed request ID. */
const LAMBDA_CONTEXT = { getRemainingTimeInMillis: () => 120_000, awsRequestId: 'emulator-invocation' };

/**
 * Runs the updater's handler (lambda-src/handler.ts) in this process against the emulator's SSM in
 * `accountId`/`region`, with the event Terraform's aws_lambda_invocation would send.
 */
export async function invokeUpdater(emulator: Emulator, region: string, accountId: string, event: unknown): Promise<HandlerResult> {
  const client = new SSMClient({ ...sdkConfig(emulator, region, accountId), maxAttempts: 1 });
  try {
    return await createHandler({ client, sleep: async () => undefined })(event, LAMBDA_CONTEXT);
  } finally {
    client.destroy();
  }
}

/** What sessions see of a document: its versions and the parsed content of its default and latest versions. */
export interface DocumentReadBack {
  readonly documentType?: string;
  readonly documentFormat?: string;
  readonly defaultVersion: string;
  readonly latestVersion: string;
  readonly defaultContent: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly latestContent: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly tags: Record<string, string>;
}

/** Reads a document back from the emulator, or undefined when it does not exist. */
export async function readDocument(emulator: Emulator, region: string, accountId: string, name: string): Promise<DocumentReadBack | undefined> {
  const ssm = new SSMClient(sdkConfig(emulator, region, accountId));
  try {
    const described = await ssm.send(new DescribeDocumentCommand({ Name: name })).catch((e) => {
      if ((e as Error).name === 'InvalidDocument') return undefined;
      throw e;
    });
    if (!described?.Document) return undefined;
    const d = described.Document;
    const content = async (version: string) => JSON.parse((await ssm.send(new GetDocumentCommand({ Name: name, DocumentVersion: version }))).Content ?? 'null');
    const tags = await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Document', ResourceId: name }));
    return {
      documentType: d.DocumentType,
      documentFormat: d.DocumentFormat,
      defaultVersion: d.DefaultVersion as string,
      latestVersion: d.LatestVersion as string,
      defaultContent: await content(d.DefaultVersion as string),
      latestContent: await content(d.LatestVersion as string),
      tags: Object.fromEntries((tags.TagList ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
    };
  } finally {
    ssm.destroy();
  }
}

/**
 * The emulator for the enclosing describe block: the run's shared one (SESSION_PREFS_EMULATOR_URL,
 * set by the integration project's globalSetup), or one started before its tests and stopped after
 * them. Returns the running emulator, to be called inside hooks and tests. Use account IDs of the
 * block's own: other files apply into the same emulator at the same time.
 */
export function emulatorForBlock(options: StartEmulatorOptions = {}): () => Emulator {
  let emulator: Emulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator(options);
  });
  afterAll(async () => {
    await emulator?.stop();
  });
  return () => {
    if (emulator === undefined) throw new Error('the emulator has not started (use it inside a hook or test)');
    return emulator;
  };
}
