/**
 * One AWS provider process per terraform command, and its schema from a cache, cut to the types in use.
 *
 * Measured on this project's stacks (2 cores, GOGC=400): a `terraform plan` of one Region stack used
 * about 10 s of CPU and an apply about 17 s, almost all of it in the AWS provider. Terraform starts
 * a provider process for each phase (3 for a plan, 4 for an apply: schema, validation, then the
 * configured instance), asks each one for its schema (`GetSchema`, about 0.6 s of CPU) and has each
 * check the provider configuration (`PrepareProviderConfig`), where the AWS provider validates all
 * of its about 1,600 resource schemas again: about 2 s of CPU per call. Both answers depend only on
 * the provider binary and the request.
 *
 * So the harness starts the provider itself in its debug mode (`-debug`, which serves gRPC on a Unix
 * socket) and puts a small gRPC proxy in front of it that Terraform attaches to through
 * `TF_REATTACH_PROVIDERS`. The proxy forwards every call unchanged (bytes in, bytes out) except
 * `GetSchema` and `PrepareProviderConfig`, which it answers from a cache on disk (filled by the
 * first call). A provider process is started only when the first call the cache cannot answer
 * arrives, so `terraform show -json` never starts one. A stack with one AWS configuration gets one
 * process for the whole command; a stack with several (aliases) one per provider instance, told
 * apart by their connections, because one process holds one configuration.
 *
 * Used by the test harness and the offline plans only (src/terraform/offline.ts); never by the
 * stacks or by `cdktf deploy`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';

/** The provider address Terraform attaches to (the only provider this proxy serves). */
export const AWS_PROVIDER_ADDRESS = 'registry.terraform.io/hashicorp/aws';

/** Terraform commands that talk to the provider (the others gain nothing from the proxy). */
export const PROXIED_COMMANDS: ReadonlySet<string> = new Set(['plan', 'apply', 'destroy', 'validate', 'show', 'refresh', 'import']);

/** Environment variable that turns the proxy off (`0`). */
export const PROVIDER_PROXY_ENV = 'SESSION_PREFS_PROVIDER_PROXY';

/** Environment variable that makes the proxy serve the provider's whole schema (`all`) instead of the work directory's types. */
export const PROVIDER_PROXY_SCHEMA_ENV = 'SESSION_PREFS_PROVIDER_PROXY_SCHEMA';

/** Environment variable naming a file that gets one line per forwarded call (method, milliseconds, sizes). */
export const PROVIDER_PROXY_TRACE_ENV = 'SESSION_PREFS_PROVIDER_PROXY_TRACE';

/**
 * Unary methods of tfplugin5.Provider that Terraform 1.x calls (protocol 5.x). A method not listed
 * answers UNIMPLEMENTED, which Terraform reports as an error: a test then names it.
 */
const PROVIDER_METHODS = [
  'GetMetadata',
  'GetSchema',
  'GetResourceIdentitySchemas',
  'PrepareProviderConfig',
  'ValidateResourceTypeConfig',
  'ValidateDataSourceConfig',
  'ValidateEphemeralResourceConfig',
  'UpgradeResourceState',
  'UpgradeResourceIdentity',
  'Configure',
  'ReadResource',
  'PlanResourceChange',
  'ApplyResourceChange',
  'ImportResourceState',
  'MoveResourceState',
  'ReadDataSource',
  'OpenEphemeralResource',
  'RenewEphemeralResource',
  'CloseEphemeralResource',
  'GetFunctions',
  'CallFunction',
  'Stop',
] as const;

/**
 * Methods whose answer depends only on the provider binary and the request: the schema (an empty
 * request), and the validation of the provider configuration. The AWS provider validates every one
 * of its resource schemas again on each `PrepareProviderConfig` (the SDK's Provider.Validate runs
 * InternalValidate): about 2 s of CPU per call, made once per phase of every command. Its answer is
 * keyed by the request and, because defaults may come from the environment, the AWS_* variables.
 */
const CACHED_METHODS: ReadonlySet<string> = new Set(['GetSchema', 'PrepareProviderConfig']);

/** What the proxy serves in a work directory. */
export interface ProxyTarget {
  /** The AWS provider binary installed in the work directory. */
  readonly binary: string;
  /** Several AWS provider configurations (aliases): one provider process per instance (per connection). */
  readonly perConnection: boolean;
  /** Resource and data source types the work directory's configuration and state name: the schema served holds only these (undefined: all of them). */
  readonly types?: ReadonlySet<string>;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function readJson(file: string): Json | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Json;
  } catch {
    return undefined;
  }
}

/**
 * The resource and data source types a work directory's Terraform can ask the provider about: those
 * its configuration declares (resources, data sources, data sources scoped to check blocks) and those
 * its local state holds (`terraform.tfstate`, or the local backend's path), which a plan must read or
 * destroy even when the configuration no longer names them.
 */
export function typesOfWorkDir(cwd: string, config: Json): Set<string> {
  const types = new Set<string>([...Object.keys(config.resource ?? {}), ...Object.keys(config.data ?? {})]);
  for (const check of Object.values<Json>(config.check ?? {})) for (const type of Object.keys(check?.data ?? {})) types.add(type);
  const statePaths = new Set([join(cwd, 'terraform.tfstate')]);
  const localPath = config.terraform?.backend?.local?.path;
  if (typeof localPath === 'string') statePaths.add(resolve(cwd, localPath));
  for (const file of statePaths) {
    for (const resource of (readJson(file)?.resources ?? []) as Json[]) if (typeof resource?.type === 'string') types.add(resource.type);
  }
  return types;
}

/** Reads a protobuf varint at `offset`: its value and the offset after it. */
function varint(bytes: Buffer, offset: number): [number, number] {
  let value = 0;
  let shift = 1;
  for (let i = offset; i < bytes.length; i++) {
    const byte = bytes[i];
    value += (byte & 0x7f) * shift;
    if ((byte & 0x80) === 0) return [value, i + 1];
    shift *= 128;
  }
  throw new Error('truncated protobuf varint');
}

/** The top-level fields of a protobuf message: number, wire type, payload (length-delimited) and the field's whole bytes. */
function protobufFields(bytes: Buffer): { field: number; wireType: number; payload: Buffer; whole: Buffer }[] {
  const fields: { field: number; wireType: number; payload: Buffer; whole: Buffer }[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const start = offset;
    const [key, afterKey] = varint(bytes, offset);
    const wireType = key % 8;
    let payload: Buffer = Buffer.alloc(0);
    if (wireType === 0) offset = varint(bytes, afterKey)[1];
    else if (wireType === 1) offset = afterKey + 8;
    else if (wireType === 5) offset = afterKey + 4;
    else if (wireType === 2) {
      const [length, afterLength] = varint(bytes, afterKey);
      payload = bytes.subarray(afterLength, afterLength + length);
      offset = afterLength + length;
    } else throw new Error(`unsupported protobuf wire type ${wireType}`);
    if (offset > bytes.length) throw new Error('truncated protobuf field');
    fields.push({ field: Math.floor(key / 8), wireType, payload, whole: bytes.subarray(start, offset) });
  }
  return fields;
}

/** tfplugin5 GetProviderSchema.Response: map<string, Schema> resource_schemas = 2, data_source_schemas = 3. */
const SCHEMA_MAP_FIELDS: ReadonlySet<number> = new Set([2, 3]);

/**
 * A GetSchema answer with only the resource and data source schemas of `types` (the provider's own
 * schema, provider_meta, capabilities, functions and ephemeral resources as they are). Terraform
 * decodes every schema it is given on every command: the AWS provider's 1,526 resource and 608 data
 * source schemas are 4.9 MB, while a stack of this project uses about twenty. A type Terraform then
 * needs and does not find fails loudly ("provider does not support resource type").
 */
export function schemaForTypes(response: Buffer, types: ReadonlySet<string>): Buffer {
  const kept: Buffer[] = [];
  for (const f of protobufFields(response)) {
    if (SCHEMA_MAP_FIELDS.has(f.field) && f.wireType === 2) {
      const key = protobufFields(f.payload).find((e) => e.field === 1 && e.wireType === 2);
      if (key && !types.has(key.payload.toString('utf8'))) continue;
    }
    kept.push(f.whole);
  }
  return Buffer.concat(kept);
}

/** The AWS provider of an initialized work directory and how to serve it, or undefined (Terraform then launches the provider itself). */
export function proxyableProvider(cwd: string): ProxyTarget | undefined {
  const configFile = join(cwd, 'main.tf.json');
  if (!existsSync(configFile)) return undefined;
  const config = readJson(configFile);
  if (config === undefined) return undefined;
  const aws = config.provider?.aws;
  const configurations = Array.isArray(aws) ? aws.length : aws === undefined ? 0 : 1;
  const root = join(cwd, '.terraform', 'providers', AWS_PROVIDER_ADDRESS);
  if (!existsSync(root)) return undefined;
  const binaries: string[] = [];
  for (const version of readdirSync(root)) {
    for (const platform of readdirSync(join(root, version))) {
      const dir = join(root, version, platform);
      for (const f of readdirSync(dir)) if (f.startsWith('terraform-provider-aws')) binaries.push(join(dir, f));
    }
  }
  return binaries.length === 1 ? { binary: binaries[0], perConnection: configurations > 1, types: typesOfWorkDir(cwd, config) } : undefined;
}

/** Whether the proxy may be used for `args` in `cwd` (and gRPC can be loaded): what it serves, or undefined. */
export function proxyFor(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): ProxyTarget | undefined {
  if (env[PROVIDER_PROXY_ENV] === '0' || !PROXIED_COMMANDS.has(args[0] ?? '') || !loadGrpc()) return undefined;
  const target = proxyableProvider(cwd);
  return target && env[PROVIDER_PROXY_SCHEMA_ENV] === 'all' ? { binary: target.binary, perConnection: target.perConnection } : target;
}

/**
 * The provider's environment: the caller's without AWS_CA_BUNDLE. One process now receives
 * `Configure` more than once (an apply configures it for the plan and again for the apply), and
 * the AWS provider cannot add a CA bundle to the HTTP client it already customized the first time
 * ("unable to add custom RootCAs HTTPClient"). The emulator is plain HTTP and offline plans call
 * nothing, so the bundle is not needed there.
 */
export function providerEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.AWS_CA_BUNDLE;
  delete copy.TF_REATTACH_PROVIDERS;
  return copy;
}

/** Provider arguments that hold credentials: their values are masked in the cache (maskSecrets). */
const CREDENTIAL_ARGUMENTS = ['access_key', 'secret_key', 'token'] as const;

/**
 * The credentials written into a work directory's AWS provider configurations (main.tf.json
 * `access_key`, `secret_key`, `token`), longest first. The emulator tests that prove least privilege
 * give the provider the keys of an IAM user created in that run, so the configuration check's request
 * differed in every run and was never found in the cache (9 checks a run, each about 2.5 s of the
 * provider's CPU); masked, it is found again.
 */
export function credentialsOfWorkDir(cwd: string): string[] {
  const aws = readJson(join(cwd, 'main.tf.json'))?.provider?.aws;
  const configurations = (Array.isArray(aws) ? aws : aws === undefined ? [] : [aws]) as Json[];
  const values = configurations.flatMap((c) => CREDENTIAL_ARGUMENTS.map((name) => c?.[name])).filter((v): v is string => typeof v === 'string' && v.length >= 8);
  return [...new Set(values)].sort((a, b) => b.length - a.length);
}

/** A stand-in for the `index`th secret, of its length (msgpack and protobuf lengths stay as they are). */
function placeholder(index: number, length: number): Buffer {
  const mark = `~${index}~`;
  return Buffer.from(mark + '*'.repeat(length - mark.length), 'utf8');
}

function replaceAll(bytes: Buffer, from: Buffer, to: Buffer): Buffer {
  if (from.length === 0 || bytes.indexOf(from) < 0) return bytes;
  const out = Buffer.from(bytes);
  for (let at = out.indexOf(from); at >= 0; at = out.indexOf(from, at + to.length)) to.copy(out, at);
  return out;
}

/** `bytes` with each secret replaced by its stand-in of the same length (the secrets are UTF-8 strings of main.tf.json). */
export function maskSecrets(bytes: Buffer, secrets: readonly string[]): Buffer {
  return secrets.reduce((b, secret, i) => replaceAll(b, Buffer.from(secret, 'utf8'), placeholder(i, Buffer.byteLength(secret, 'utf8'))), bytes);
}

/** The inverse of maskSecrets. */
export function unmaskSecrets(bytes: Buffer, secrets: readonly string[]): Buffer {
  return secrets.reduce((b, secret, i) => replaceAll(b, placeholder(i, Buffer.byteLength(secret, 'utf8')), Buffer.from(secret, 'utf8')), bytes);
}

/** File of a cached answer: per provider version, platform and binary size, method, request and AWS_* environment. */
function cacheFile(cacheDir: string, binary: string, method: string, request: Buffer, env: NodeJS.ProcessEnv): string {
  const parts = binary.split(/[\\/]/);
  const [version, platform] = parts.slice(-3, -1);
  const hash = createHash('sha256').update(request);
  for (const name of Object.keys(env)
    .filter((n) => n.startsWith('AWS_'))
    .sort())
    hash.update(`\0${name}=${env[name]}`);
  return join(cacheDir, `${version}_${platform}_${statSync(binary).size}_${method}_${hash.digest('hex').slice(0, 16)}.bin`);
}

/** A running proxy: what Terraform needs to attach, and how to stop it. */
export interface RunningProxy {
  /** Value for TF_REATTACH_PROVIDERS. */
  readonly reattach: string;
  /** How many provider processes were started (calls the cache could not answer start one; per connection with perConnection). */
  providersStarted(): number;
  /** How many idle provider processes of an earlier command in the same work directory it took instead of starting one. */
  providersReused(): number;
  /** Stops the proxy, keeps its provider processes for the next command in the work directory (closeIdleProviders, PROVIDER_IDLE_SECONDS), and removes the sockets. */
  close(): Promise<void>;
}

/** Options of startProviderProxy. */
export interface ProviderProxyOptions extends ProxyTarget {
  /** Working directory of the provider (Terraform's: relative file paths resolve against it). */
  readonly cwd: string;
  /** Environment of the provider (providerEnv of Terraform's). */
  readonly env: NodeJS.ProcessEnv;
  /** Directory of the cached answers. */
  readonly cacheDir: string;
}

type Grpc = typeof import('@grpc/grpc-js');

/** Cached answers read or written by this process, by file. */
const memoryCache = new Map<string, Buffer>();

/** @grpc/grpc-js (a runtime dependency: `npm run plan:offline` uses the proxy too), or undefined where it cannot be loaded (the proxy is then off). */
export function loadGrpc(): Grpc | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when the proxy runs, and optional: without it Terraform launches the provider itself
    return require('@grpc/grpc-js') as Grpc;
  } catch {
    return undefined;
  }
}

/**
 * How the provider process is started: under `setpriv --pdeathsig INT` where there is one (util-linux),
 * so that it stops when the process that started it dies, however it dies (a jest worker killed
 * while a provider waits idle for the next command, below); the debug mode stops cleanly on an
 * interrupt and removes its socket. Elsewhere the provider is started directly.
 */
function providerCommand(binary: string): [string, string[]] {
  if (process.platform === 'linux' && existsSync(SETPRIV)) return [SETPRIV, ['--pdeathsig', 'INT', binary, '-debug']];
  return [binary, ['-debug']];
}
const SETPRIV = '/usr/bin/setpriv';

/** Starts the provider in debug mode and waits for its socket address. */
function startProvider(options: ProviderProxyOptions): Promise<{ child: ChildProcess; address: string }> {
  return new Promise((resolvePromise, reject) => {
    const [command, args] = providerCommand(options.binary);
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString('utf8');
      const m = /TF_REATTACH_PROVIDERS='([^']*)'/.exec(out);
      if (!m) return;
      const config = JSON.parse(m[1]) as Record<string, { Addr: { Network: string; String: string } }>;
      const addr = config[AWS_PROVIDER_ADDRESS]?.Addr;
      if (!addr || addr.Network !== 'unix') return reject(new Error(`the provider's debug mode gave no Unix socket: ${m[1]}`));
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      resolvePromise({ child, address: addr.String });
    };
    child.stdout?.on('data', onData);
    child.stderr?.resume();
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the AWS provider exited (${code}) before serving: ${out.slice(-2000)}`)));
  });
}

/** A provider process and the client the proxy forwards to it with. */
interface Backend {
  readonly child: ChildProcess;
  readonly client: InstanceType<Grpc['Client']>;
  /** Terraform asked it to stop (`Stop`: its operations are cancelled from then on): never reused. */
  stopped?: boolean;
}

/**
 * How long a provider process waits, idle, for the next command in the same work directory, and how
 * many wait at once per Node.js process. Terraform configures the provider again at every command
 * (an apply already configures one process twice: for the plan and for the apply), so a process
 * that served one command serves the next as a fresh one would; starting one costs about 0.7 s of
 * CPU (0.4 user, 0.3 system) before it answers anything, and the emulator tier runs a few hundred
 * commands, most of them in a work directory that ran one seconds before. With several AWS
 * configurations (one process per connection) each process waits too, from the moment Terraform
 * closes its connection: a later connection of the same command or of the next takes it, and
 * Terraform configures it for its own provider instance (a fresh process gets the same calls).
 * 180 s and five, not 60 s and three: the least-privilege files' phases take longer than a minute
 * and a file runs up to three stacks with aliases at once (a fresh-clone CI run: 91 -> 83 provider
 * processes, 113 -> 101 CPU-s). An idle process ends with this Node.js process.
 */
export const PROVIDER_IDLE_SECONDS = 180;
const MAX_IDLE_PROVIDERS = 5;

/** Idle provider processes (oldest first), each under the key of its work directory, binary and environment (backendKey). */
const idleBackends: { readonly key: string; readonly backend: Backend; readonly timer: NodeJS.Timeout }[] = [];

function backendKey(options: ProviderProxyOptions): string {
  const env = createHash('sha256');
  for (const name of Object.keys(options.env).sort()) env.update(`${name}=${options.env[name]}\0`);
  return JSON.stringify([options.binary, resolve(options.cwd), env.digest('hex')]);
}

/** Whether a child process (and its output pipes) keeps this Node.js process alive. */
function refProcess(child: ChildProcess, on: boolean): void {
  for (const handle of [child, child.stdout, child.stderr] as ({ ref?: () => void; unref?: () => void } | null)[]) {
    if (on) handle?.ref?.();
    else handle?.unref?.();
  }
}

function alive(backend: Backend): boolean {
  return backend.child.exitCode === null && backend.child.signalCode === null && !backend.stopped;
}

/** An idle provider process of `key` (taken out of the pool, the oldest first), if one is alive. */
function takeIdle(key: string): Backend | undefined {
  for (;;) {
    const index = idleBackends.findIndex((idle) => idle.key === key);
    if (index < 0) return undefined;
    const [idle] = idleBackends.splice(index, 1);
    clearTimeout(idle.timer);
    if (!alive(idle.backend)) continue;
    refProcess(idle.backend.child, true);
    return idle.backend;
  }
}

/** Keeps `backend` for a later connection of `key` (or stops it: it is unusable); the oldest idle process goes when MAX_IDLE_PROVIDERS wait. */
function park(key: string, backend: Backend): Promise<void> {
  if (idleBackends.some((idle) => idle.backend === backend)) return Promise.resolve();
  if (!alive(backend)) return stopBackend(Promise.resolve(backend));
  while (idleBackends.length >= MAX_IDLE_PROVIDERS) {
    const oldest = idleBackends.shift()!;
    clearTimeout(oldest.timer);
    void stopBackend(Promise.resolve(oldest.backend));
  }
  const timer = setTimeout(() => {
    const index = idleBackends.findIndex((idle) => idle.backend === backend);
    if (index < 0) return;
    idleBackends.splice(index, 1);
    void stopBackend(Promise.resolve(backend));
  }, PROVIDER_IDLE_SECONDS * 1000);
  timer.unref();
  // Waiting idle keeps no Node.js process alive (an ending process interrupts it: below, and setpriv).
  refProcess(backend.child, false);
  idleBackends.push({ key, backend, timer });
  return Promise.resolve();
}

/** Stops every idle provider process (the integration tier calls it after each test file). */
export async function closeIdleProviders(): Promise<void> {
  const idle = idleBackends.splice(0);
  for (const { timer } of idle) clearTimeout(timer);
  await Promise.all(idle.map(({ backend }) => stopBackend(Promise.resolve(backend))));
}

process.once('exit', () => {
  for (const { backend } of idleBackends) backend.child.kill('SIGINT');
});

/**
 * The connection a call arrived on: its HTTP/2 session. grpc-js (pinned) keeps the stream on its
 * internal call object; each provider instance Terraform creates dials a connection of its own.
 */
function connectionOf(call: unknown): object | undefined {
  const session = (call as { call?: { stream?: { session?: unknown } } }).call?.stream?.session;
  return typeof session === 'object' && session !== null ? session : undefined;
}

async function stopBackend(pending: Promise<Backend>): Promise<void> {
  const backend = await pending.catch(() => undefined);
  if (!backend) return;
  backend.client.close();
  const { child } = backend;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  // The debug mode stops cleanly on an interrupt (and removes its socket).
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Starts the proxy (not the provider: that waits for the first call the cache cannot answer). */
export async function startProviderProxy(options: ProviderProxyOptions): Promise<RunningProxy> {
  const grpc = loadGrpc();
  if (!grpc) throw new Error('@grpc/grpc-js is not installed');
  mkdirSync(options.cacheDir, { recursive: true });
  const socketDir = mkdtempSync(join(tmpdir(), 'tf-provider-proxy-'));
  const socket = join(socketDir, 'provider.sock');
  const identity = (b: Buffer) => b;
  const SHARED = {};
  const backends = new Map<object, Promise<Backend>>();
  const poolKey = backendKey(options);
  const trace = process.env[PROVIDER_PROXY_TRACE_ENV];
  let started = 0;
  let reused = 0;
  const backendFor = (call: unknown): Promise<Backend> => {
    const key = options.perConnection ? connectionOf(call) : SHARED;
    if (key === undefined) return Promise.reject(new Error('the proxy cannot tell connections apart (grpc-js internals changed): set SESSION_PREFS_PROVIDER_PROXY=0'));
    const existing = backends.get(key);
    if (existing) return existing;
    const idle = takeIdle(poolKey);
    if (trace) appendFileSync(trace, `${idle ? 'reuse' : 'start'} provider ${options.cwd}\n`);
    if (idle) {
      reused += 1;
      const kept = Promise.resolve(idle);
      backends.set(key, kept);
      return kept;
    }
    started += 1;
    const pending = startProvider(options).then(({ child, address }): Backend => ({
      child,
      client: new grpc.Client(`unix://${address}`, grpc.credentials.createInsecure(), {
        'grpc.max_receive_message_length': -1,
        'grpc.max_send_message_length': -1,
      }),
    }));
    backends.set(key, pending);
    // A provider instance ends when Terraform closes its connection: its process waits for the next
    // connection (a later instance of this command or of the next one configures it again).
    if (key !== SHARED) (key as { once?: (event: string, listener: () => void) => void }).once?.('close', () => void handBack(key));
    return pending;
  };
  /**
   * Returns the provider process of `key` to the pool, once: when its connection closes or when the
   * proxy closes, whichever comes first. Taken out of `backends` first, so the other cannot hand back
   * a process that another command may have taken from the pool in between.
   */
  const handBack = async (key: object): Promise<void> => {
    const pending = backends.get(key);
    if (pending === undefined) return;
    backends.delete(key);
    const backend = await pending.catch(() => undefined);
    if (backend) await park(poolKey, backend);
  };
  const hasBackend = (call: unknown) => backends.has((options.perConnection ? connectionOf(call) : SHARED) ?? SHARED);
  // Configuration checks are keyed and kept with the configuration's credentials masked
  // (credentialsOfWorkDir); the schema's request is empty and its 4.9 MB answer names none.
  const configSecrets = credentialsOfWorkDir(options.cwd);
  /** The cache file of a call of a cached method, and the secrets masked in it (undefined: the method is not cached). */
  const entryOf = (method: string, request: Buffer): { file: string; secrets: readonly string[] } | undefined => {
    if (!CACHED_METHODS.has(method)) return undefined;
    const secrets = method === 'PrepareProviderConfig' ? configSecrets : [];
    return { file: cacheFile(options.cacheDir, options.binary, method, maskSecrets(request, secrets), options.env), secrets };
  };
  const cached = (method: string, request: Buffer): Buffer | undefined => {
    const entry = entryOf(method, request);
    if (entry === undefined) return undefined;
    const { file, secrets } = entry;
    let bytes = memoryCache.get(file);
    if (!bytes) {
      if (!existsSync(file)) return undefined;
      bytes = readFileSync(file);
      memoryCache.set(file, bytes);
    }
    return unmaskSecrets(bytes, secrets);
  };
  const remember = (method: string, request: Buffer, response: Buffer) => {
    const entry = entryOf(method, request);
    if (entry === undefined) return;
    const { file, secrets } = entry;
    const bytes = maskSecrets(response, secrets);
    memoryCache.set(file, bytes);
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, bytes);
    renameSync(temp, file);
  };

  // The whole schema is cached; each command gets the part its work directory uses (once per proxy).
  let servedSchema: { full: Buffer; part: Buffer } | undefined;
  const served = (method: string, response: Buffer): Buffer => {
    if (method !== 'GetSchema' || options.types === undefined) return response;
    if (servedSchema?.full !== response) servedSchema = { full: response, part: schemaForTypes(response, options.types) };
    return servedSchema.part;
  };

  const server = new grpc.Server({ 'grpc.max_receive_message_length': -1, 'grpc.max_send_message_length': -1 });
  const definition: Record<string, import('@grpc/grpc-js').MethodDefinition<Buffer, Buffer>> = {};
  const handlers: Record<string, import('@grpc/grpc-js').UntypedHandleCall> = {};
  for (const method of PROVIDER_METHODS) {
    const path = `/tfplugin5.Provider/${method}`;
    definition[method] = {
      path,
      requestStream: false,
      responseStream: false,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
    };
    const handler: import('@grpc/grpc-js').handleUnaryCall<Buffer, Buffer> = (call, callback) => {
      const hit = cached(method, call.request);
      if (hit) return callback(null, served(method, hit));
      // Stop before the provider ever started: nothing to stop (an empty Stop.Response).
      if (method === 'Stop' && !hasBackend(call)) return callback(null, Buffer.alloc(0));
      const started = Date.now();
      backendFor(call).then(
        (backend) =>
          backend.client.makeUnaryRequest(path, identity, identity, call.request, (error, response) => {
            if (method === 'Stop') backend.stopped = true;
            if (trace) appendFileSync(trace, `${method} ${Date.now() - started} ms ${call.request.length} B -> ${response?.length ?? error?.message} B\n`);
            if (error) return callback(error);
            if (response) remember(method, call.request, response);
            callback(null, response && served(method, response));
          }),
        (error: Error) => callback({ code: grpc.status.UNAVAILABLE, details: error.message }),
      );
    };
    handlers[method] = handler;
  }
  server.addService(definition, handlers);
  await new Promise<void>((resolvePromise, reject) =>
    server.bindAsync(`unix://${socket}`, grpc.ServerCredentials.createInsecure(), (error) => (error ? reject(error) : resolvePromise())),
  );
  const reattach = JSON.stringify({
    [AWS_PROVIDER_ADDRESS]: { Protocol: 'grpc', ProtocolVersion: 5, Pid: process.pid, Test: true, Addr: { Network: 'unix', String: socket } },
  });
  let closed = false;
  return {
    reattach,
    providersStarted: () => started,
    providersReused: () => reused,
    close: async () => {
      if (closed) return;
      closed = true;
      server.forceShutdown();
      await Promise.all([...backends.keys()].map(handBack));
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
}
