/**
 * Runs `terraform init`, `validate` and `plan` on a synthesized stack without AWS: the AWS provider
 * comes from a filesystem mirror found on this machine, and the stack is given fake static
 * credentials and the provider's skip flags. These changes exist only in this harness's copy of
 * the stack, never in what `cdktf synth` writes.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { userCacheDir } from './user-cache';
import { initFromTemplate } from './init-template';
import { closeIdleProviders, providerEnv, proxyFor, startProviderProxy, type ProxyTarget } from './provider-proxy';

const AWS_PROVIDER_DIR = join('registry.terraform.io', 'hashicorp', 'aws');

/** Well-known places for a provider mirror or plugin directory, checked before searching the disk. */
function candidateMirrors(): string[] {
  const fromEnv = process.env.TF_PROVIDER_MIRROR ? [process.env.TF_PROVIDER_MIRROR] : [];
  return [
    ...fromEnv,
    '/opt/tf-plugins',
    join(homedir(), '.terraform.d', 'plugins'),
    join(homedir(), '.local', 'share', 'terraform', 'plugins'),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
  ];
}

function holdsAwsProvider(dir: string): boolean {
  const providerDir = join(dir, AWS_PROVIDER_DIR);
  if (!existsSync(providerDir)) return false;
  return readdirSync(providerDir).some((version) => {
    const versionDir = join(providerDir, version);
    return (
      existsSync(versionDir) &&
      readdirSync(versionDir).some((platform) => {
        const platformDir = join(versionDir, platform);
        return existsSync(platformDir) && readdirSync(platformDir).some((f) => f.startsWith('terraform-provider-aws_'));
      })
    );
  });
}

let cachedMirror: string | null | undefined;

/** The directory of a provider mirror that holds hashicorp/aws, or undefined when there is none. */
export function findProviderMirror(): string | undefined {
  if (cachedMirror !== undefined) return cachedMirror ?? undefined;
  let found = candidateMirrors().find((dir) => existsSync(dir) && holdsAwsProvider(dir));
  if (found === undefined) {
    // Last resort: search the local disk for an unpacked provider binary.
    const out = spawnSync(
      'find',
      ['/', '-xdev', '(', '-path', '/proc', '-o', '-path', '/sys', '-o', '-name', 'node_modules', ')', '-prune', '-o', '-name', 'terraform-provider-aws_*', '-print'],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    const binary = (out.stdout ?? '').split('\n').find((line) => line.includes(`/${AWS_PROVIDER_DIR}/`));
    if (binary) found = binary.slice(0, binary.indexOf(`/${AWS_PROVIDER_DIR}/`));
  }
  cachedMirror = found ?? null;
  return found;
}

/** What `terraform version` answered in this process (null: terraform is not on PATH). */
let versionLine: string | null | undefined;

/** Terraform's version line, or undefined when terraform is not on PATH (asked once per process; without the update check). */
export function terraformVersion(): string | undefined {
  if (versionLine === undefined) {
    const out = spawnSync('terraform', ['version'], { encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' } });
    versionLine = out.status === 0 ? out.stdout.split('\n')[0] : null;
  }
  return versionLine ?? undefined;
}

/** Why Terraform checks cannot run here, or undefined when they can. */
export function terraformUnavailableReason(): string | undefined {
  if (terraformVersion() === undefined) return 'terraform is not on PATH';
  if (findProviderMirror() === undefined) return 'no filesystem mirror holding hashicorp/aws was found (set TF_PROVIDER_MIRROR)';
  return undefined;
}

/** Fake credentials and skip flags that let the AWS provider plan without reaching AWS. */
export const OFFLINE_PROVIDER_SETTINGS = {
  access_key: 'AKIAOFFLINETESTING00',
  secret_key: 'offline-testing-secret-key-not-real',
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: 'true',
  skip_region_validation: true,
} as const;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** How the offline copy differs from the defaults. */
export interface OfflineOptions {
  /** Keep import and check blocks: fine for `validate`, which reads nothing from AWS; `plan` would. */
  readonly keepImports?: boolean;
}

/**
 * A copy of a synthesized stack (cdk.tf.json) that plans offline: fake credentials, no assumed
 * role (it would call STS), no account allow-list (it needs the caller's account ID), no remote
 * backend, no import blocks (an import reads the real resource) and no check blocks (their data
 * sources read the real document).
 */
export function offlineStack(stack: Json, options: OfflineOptions = {}): Json {
  const copy: Json = JSON.parse(JSON.stringify(stack));
  const aws = copy.provider?.aws;
  for (const provider of Array.isArray(aws) ? aws : aws ? [aws] : []) {
    delete provider.assume_role;
    delete provider.allowed_account_ids;
    Object.assign(provider, OFFLINE_PROVIDER_SETTINGS);
  }
  if (copy.terraform) {
    delete copy.terraform.backend;
    delete copy.terraform.cloud;
  }
  if (!options.keepImports) {
    delete copy.import;
    delete copy.check;
  }
  return copy;
}

/** Outcome of one terraform command. */
export interface TerraformRun {
  readonly args: readonly string[];
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/** Shared directories of the harness (under the project's .tmp/). */
function harnessDirs(): { cliConfig: string; pluginCache: string } {
  const root = resolve(__dirname, '..', '..', '.tmp', 'terraform');
  const pluginCache = join(root, 'plugin-cache');
  mkdirSync(pluginCache, { recursive: true });
  return { cliConfig: join(root, 'offline.tfrc'), pluginCache };
}

/** Writes the Terraform CLI configuration that installs hashicorp providers from the mirror only. */
export function writeCliConfig(mirror: string): string {
  const { cliConfig } = harnessDirs();
  writeFileSync(
    cliConfig,
    [
      'provider_installation {',
      '  filesystem_mirror {',
      `    path    = ${JSON.stringify(mirror)}`,
      '    include = ["registry.terraform.io/hashicorp/*"]',
      '  }',
      '  direct {',
      '    exclude = ["registry.terraform.io/hashicorp/*"]',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  return cliConfig;
}

/**
 * The Go runtime settings of Terraform and the AWS provider in the harness (the caller's GOGC and
 * GOMEMLIMIT win). Both are Go programs that allocate a lot while they build and decode the
 * provider's schema. Collecting garbage at 400 % heap growth instead of 100 % cut a plan's CPU by
 * about a quarter (11.5 s to 8.8 s for one Region stack, about 150 MB more memory); at 1000 % with a
 * soft heap limit of 600 MiB (collection turns eager near it, so a plan of many aliases, one provider
 * process each, stays bounded), emulator-example and preflight-emulator took 72 CPU-s instead of 93
 * (2026-12-07; 1000 % without the limit: peak process 676 MB instead of 428; with it 553 MB,
 * organization-plan's 17-alias plans included).
 */
export function goRuntimeEnv(env: NodeJS.ProcessEnv): { GOGC: string; GOMEMLIMIT: string } {
  return { GOGC: env.GOGC ?? '1000', GOMEMLIMIT: env.GOMEMLIMIT ?? '600MiB' };
}

let cachedEnv: NodeJS.ProcessEnv | undefined;

/** Environment for terraform: offline CLI configuration, shared plugin cache, no real credentials. Built once per process. */
export function terraformEnv(): NodeJS.ProcessEnv {
  if (cachedEnv !== undefined) return cachedEnv;
  const mirror = findProviderMirror();
  if (mirror === undefined) throw new Error('no provider mirror: call terraformUnavailableReason() first');
  const { pluginCache } = harnessDirs();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TF_CLI_CONFIG_FILE: writeCliConfig(mirror),
    TF_PLUGIN_CACHE_DIR: pluginCache,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...goRuntimeEnv(process.env),
  };
  for (const name of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'TF_WORKSPACE']) delete env[name];
  cachedEnv = env;
  return env;
}

/** Arguments of the offline plan (no refresh: nothing exists yet, and nothing may be called). */
export const PLAN_ARGS = ['plan', '-input=false', '-lock=false', '-refresh=false', '-no-color', '-out=plan.bin'] as const;

/** Directory of the provider proxy's cached answers (provider-proxy.ts). */
/** Environment variable naming the directory of the provider proxy's cached answers. */
export const PROVIDER_CACHE_ENV = 'SESSION_PREFS_PROVIDER_CACHE';

/**
 * Where the provider proxy keeps the provider's cached answers (its schema, the validated provider
 * configurations): $SESSION_PREFS_PROVIDER_CACHE, else the user's cache directory
 * ($XDG_CACHE_HOME or ~/.cache, then session-manager-preferences/provider-answers), so that every
 * checkout and every run on the machine shares them; the project's .tmp/terraform/ where that cannot
 * be created. An answer is keyed by the provider binary, the request and the AWS_* environment
 * (provider-proxy.ts), so sharing it cannot change one: a validated configuration costs the
 * provider about 2.5 s of CPU (it checks all of its resource schemas), a run asks for about 50.
 */
export function schemaCacheDir(): string {
  const configured = process.env[PROVIDER_CACHE_ENV];
  if (configured) return configured;
  return userCacheDir('provider-answers') ?? join(resolve(__dirname, '..', '..', '.tmp', 'terraform'), 'schema-cache');
}

let proxyChild: string[] | undefined;

/**
 * Arguments that start the provider proxy in a new Node.js process: a bundle of its two source files
 * built once by esbuild into .tmp/terraform/ (rebuilt when they change; packages stay external), so a
 * start costs no TypeScript compilation; through tsx when the bundle cannot be built.
 */
function proxyChildArgs(): string[] {
  if (proxyChild) return proxyChild;
  const sources = ['provider-proxy-main.ts', 'provider-proxy.ts'].map((f) => join(__dirname, f));
  try {
    const hash = createHash('sha1');
    for (const f of sources) hash.update(readFileSync(f));
    const bundle = join(resolve(__dirname, '..', '..', '.tmp', 'terraform'), `provider-proxy-${hash.digest('hex').slice(0, 12)}.cjs`);
    if (!existsSync(bundle)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- esbuild is loaded only to build this bundle
      const esbuild = require('esbuild') as typeof import('esbuild');
      const temp = `${bundle}.${process.pid}.tmp`;
      esbuild.buildSync({ entryPoints: [sources[0]], bundle: true, platform: 'node', format: 'cjs', packages: 'external', outfile: temp, logLevel: 'silent' });
      renameSync(temp, bundle);
    }
    proxyChild = [bundle];
  } catch {
    proxyChild = ['--require', require.resolve('tsx/cjs'), sources[0]];
  }
  return proxyChild;
}

/** Waits (blocking) until `file` holds line number `index` (from 0) complete, or throws after `seconds`. */
function waitForLine(file: string, index: number, seconds: number): string {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    if (lines.length > index + 1) return lines[index];
    if (Date.now() > deadline) throw new Error(`the provider proxy did not start within ${seconds} s: ${text}`);
    Atomics.wait(sleeper, 0, 0, 20);
  }
}

/** A provider proxy process serving synchronous commands in one work directory, kept for the next one there. */
interface ProxyChild {
  readonly child: ChildProcess;
  readonly outDir: string;
  readonly binary: string;
  /** Reattach lines printed so far (one per command). */
  lines: number;
}

/** Proxy processes by work directory (at most MAX_PROXY_CHILDREN, oldest first). */
const proxyChildren = new Map<string, ProxyChild>();
const MAX_PROXY_CHILDREN = 2;

/** Ends a proxy process (it stops its provider processes first); resolves when it has exited (SIGKILL after 10 s). */
function endProxyChild(entry: ProxyChild): Promise<void> {
  const { child } = entry;
  rmSync(entry.outDir, { recursive: true, force: true });
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.stdin?.end();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  timer.unref();
  return exited.finally(() => clearTimeout(timer));
}

/**
 * Stops the provider proxies and provider processes kept for the next command (both runners') and
 * waits for them to exit: the integration tier calls it after each test file, so what they used is
 * counted with that file; a process that ends stops them too.
 */
export async function closeProviderPool(): Promise<void> {
  const ending = [...proxyChildren.values()].map(endProxyChild);
  proxyChildren.clear();
  await Promise.all([...ending, closeIdleProviders()]);
}

/**
 * The TF_REATTACH_PROVIDERS value for a synchronous command in `cwd`: from the proxy process kept
 * for that work directory (a new session there, whose provider process is the previous command's),
 * else from a new one.
 */
function proxyChildFor(cwd: string, target: ProxyTarget, env: NodeJS.ProcessEnv): string {
  const modeArgs = [target.perConnection ? 'per-connection' : 'shared', ...(target.types ? [[...target.types].join(',')] : [])];
  const kept = proxyChildren.get(cwd);
  if (kept && kept.binary === target.binary && kept.child.exitCode === null && kept.child.signalCode === null) {
    proxyChildren.delete(cwd);
    proxyChildren.set(cwd, kept);
    // Written at once: this process then blocks, and a write left queued would never reach the proxy.
    const fd = (kept.child.stdin as unknown as { _handle?: { fd?: number } } | null)?._handle?.fd;
    const request = `next ${modeArgs.join(' ')}\n`;
    if (typeof fd === 'number' && fd >= 0) writeSync(fd, request);
    else kept.child.stdin?.write(request);
    kept.lines += 1;
    return readyLine(cwd, kept);
  }
  if (kept) {
    proxyChildren.delete(cwd);
    void endProxyChild(kept);
  }
  while (proxyChildren.size >= MAX_PROXY_CHILDREN) {
    const [oldest, entry] = proxyChildren.entries().next().value as [string, ProxyChild];
    proxyChildren.delete(oldest);
    void endProxyChild(entry);
  }
  const outDir = mkdtempSync(join(tmpdir(), 'tf-proxy-out-'));
  const out = openSync(join(outDir, 'out'), 'w');
  const child = spawn(process.execPath, [...proxyChildArgs(), target.binary, cwd, schemaCacheDir(), ...modeArgs], {
    cwd,
    env: providerEnv(env),
    stdio: ['pipe', out, out],
  });
  closeSync(out);
  // Kept between commands without keeping this process alive: its stdin closes when this process ends, and it stops.
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  const entry: ProxyChild = { child, outDir, binary: target.binary, lines: 0 };
  proxyChildren.set(cwd, entry);
  return readyLine(cwd, entry);
}

/** The proxy's reattach line for the current command; a proxy that failed is ended (the next command starts a new one). */
function readyLine(cwd: string, entry: ProxyChild): string {
  try {
    const line = waitForLine(join(entry.outDir, 'out'), entry.lines, 60);
    if (line.startsWith('error: ')) throw new Error(`provider proxy: ${line.slice(7)}`);
    return line;
  } catch (error) {
    if (proxyChildren.get(cwd) === entry) proxyChildren.delete(cwd);
    void endProxyChild(entry);
    throw error;
  }
}

/** Runs terraform in `cwd` with the offline CLI configuration and a shared plugin cache (and the provider proxy where it applies). */
export function runTerraform(cwd: string, args: readonly string[]): TerraformRun {
  const env = terraformEnv();
  const target = proxyFor(cwd, args);
  if (target === undefined) return spawnTerraformSync(cwd, args, env);
  // This process blocks while terraform runs, so the proxy serves from a process of its own.
  return spawnTerraformSync(cwd, args, { ...env, TF_REATTACH_PROVIDERS: proxyChildFor(cwd, target, env) });
}

function spawnTerraformSync(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv): TerraformRun {
  const started = process.hrtime.bigint();
  const out = spawnSync('terraform', [...args], { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { args, status: out.status, stdout: out.stdout ?? '', stderr: out.stderr ?? '', seconds };
}

/**
 * Runs terraform in `cwd` like runTerraform without blocking the event loop, so that several work
 * directories can run at once; the provider proxy, where it applies, runs in this process. An apply
 * against the emulator spends most of its time waiting, not computing: the AWS provider's own
 * propagation waiters (a KMS key about 12 s, an S3 lifecycle configuration about 45 s: three
 * consecutive equal reads 10 s apart) sleep, so stacks of one configuration applied together cost
 * the slowest one's time instead of the sum.
 */
export async function runTerraformAsync(cwd: string, args: readonly string[]): Promise<TerraformRun> {
  const env = terraformEnv();
  const target = proxyFor(cwd, args);
  if (target === undefined) return spawnTerraform(cwd, args, env);
  const proxy = await startProviderProxy({ ...target, cwd, env: providerEnv(env), cacheDir: schemaCacheDir() });
  try {
    return await spawnTerraform(cwd, args, { ...env, TF_REATTACH_PROVIDERS: proxy.reattach });
  } finally {
    await proxy.close();
  }
}

function spawnTerraform(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<TerraformRun> {
  const started = process.hrtime.bigint();
  return new Promise((resolvePromise, reject) => {
    const child = spawn('terraform', [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ args, status, stdout, stderr, seconds: Number(process.hrtime.bigint() - started) / 1e9 }));
  });
}

/**
 * `terraform <initArgs>` in `dir` (which holds main.tf.json), once per distinct provider set: later
 * directories with the same set get a copy of the first one's providers and lock file (init-template.ts).
 */
export function initTerraform(dir: string, initArgs: readonly string[]): TerraformRun {
  const templates = join(resolve(__dirname, '..', '..', '.tmp', 'terraform'), 'init-templates');
  return initFromTemplate(dir, initArgs, { templates, terraformVersion: terraformVersion() ?? 'unknown', run: runTerraform });
}

/** Result of planning one stack offline. */
export interface OfflinePlan {
  readonly dir: string;
  readonly init: TerraformRun;
  /** `terraform validate`, unless the plan was asked without it (PlanOptions.validate false). */
  readonly validate?: TerraformRun;
  readonly plan: TerraformRun;
  /** `terraform show -json` of the saved plan, when the plan succeeded. */
  readonly planJson?: Json;
}

function assertRan(run: TerraformRun): void {
  if (run.status !== 0) {
    throw new Error(`terraform ${run.args.join(' ')} failed (exit ${run.status}):\n${run.stderr || run.stdout}`);
  }
}

/** Writes an offline copy of `stack` to a fresh directory, runs `terraform init` there, returns both. */
export function initOffline(stack: Json, name = 'stack', options: OfflineOptions = {}): { dir: string; init: TerraformRun } {
  // Working directories hold a copy of the stack, provider symlinks and the plan: small, in /tmp.
  const dir = mkdtempSync(join(tmpdir(), `terraform-${name}-`));
  writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(offlineStack(stack, options), null, 2));
  const init = initTerraform(dir, ['init', '-backend=false', '-input=false', '-no-color']);
  assertRan(init);
  return { dir, init };
}

/** Runs `terraform validate` on an offline copy of `stack`; returns the run (status 0 when valid). */
export function validateOffline(stack: Json, name = 'stack', options: OfflineOptions = {}): TerraformRun {
  const { dir } = initOffline(stack, name, options);
  return runTerraform(dir, ['validate', '-no-color']);
}

/** How planOffline runs. */
export interface PlanOptions {
  /**
   * Run `terraform validate` before the plan (default true). A plan validates the configuration
   * too, so a caller that only reads the plan saves the validate run: it loads the AWS provider's
   * schema again, about 5 s of CPU per stack.
   */
  readonly validate?: boolean;
}

/** Writes an offline copy of `stack` to a fresh directory and runs init, validate (unless told not to) and plan there. */
export function planOffline(stack: Json, name = 'stack', options: PlanOptions = {}): OfflinePlan {
  const { dir, init } = initOffline(stack, name);
  try {
    const validate = options.validate === false ? undefined : runTerraform(dir, ['validate', '-no-color']);
    if (validate) assertRan(validate);
    const plan = runTerraform(dir, PLAN_ARGS);
    assertRan(plan);
    const show = runTerraform(dir, ['show', '-json', 'plan.bin']);
    assertRan(show);
    return { dir, init, ...(validate ? { validate } : {}), plan, planJson: JSON.parse(show.stdout) };
  } catch (e) {
    // A failed plan leaves nothing to read: its folder goes (the error holds Terraform's output).
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Fills the shared plugin cache once, before parallel test workers run `terraform init`:
 * Terraform does not guard concurrent writes to TF_PLUGIN_CACHE_DIR, reads are safe. Does nothing
 * when Terraform checks cannot run.
 */
export async function warmPluginCache(): Promise<void> {
  if (terraformUnavailableReason() !== undefined) return;
  const dir = mkdtempSync(join(tmpdir(), 'terraform-warm-up-'));
  writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } } }));
  assertRan(await runTerraformAsync(dir, ['init', '-backend=false', '-input=false', '-no-color']));
}
