/**
 * `npm run sandbox`: the AWS API emulator (moto, with the project's extensions in moto_ext.py) in
 * the configuration's first account, so that the synthesized stacks apply unchanged without AWS:
 * `npx cdktf deploy`, `npx cdktf diff`, `npm run drift` and `npm run preflight` run against it under
 * the environment it prints (AWS_ENDPOINT_URL, test credentials, the offline provider mirror, a
 * state directory of its own). `--stop` stops it by the PID it wrote.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Model } from '../model/model';
import { findProviderMirror, writeCliConfig } from '../terraform/offline';

/** The extended moto server (also the test harness's). */
export const MOTO_EXT = join(__dirname, 'moto_ext.py');
/** Where the sandbox keeps its PID, log, environment and state (default `.sandbox` in the working directory). */
export const SANDBOX_DIR_ENV = 'SESSION_PREFS_SANDBOX_DIR';
/** The port (default 4566, the usual emulator port). */
export const SANDBOX_PORT_ENV = 'SESSION_PREFS_SANDBOX_PORT';
export const DEFAULT_SANDBOX_PORT = 4566;
/** Terraform's data directory under the sandbox, relative to each stack directory. */
export const SANDBOX_TF_DATA_DIR = '.terraform-sandbox';
/** The Python interpreter that has moto (default python3). */
export const MOTO_PYTHON_ENV = 'MOTO_PYTHON';

/** The sandbox's files. */
export interface SandboxFiles {
  readonly dir: string;
  readonly pidFile: string;
  readonly logFile: string;
  /** The environment as shell `export` lines, for `. .sandbox/env.sh`. */
  readonly envFile: string;
  /** Local state of stacks deployed to the sandbox (never the real state/ directory). */
  readonly stateDir: string;
}

export function sandboxFiles(env: Readonly<Record<string, string | undefined>> = process.env, cwd = process.cwd()): SandboxFiles {
  const dir = resolve(cwd, env[SANDBOX_DIR_ENV] || '.sandbox');
  return { dir, pidFile: join(dir, 'moto.pid'), logFile: join(dir, 'moto.log'), envFile: join(dir, 'env.sh'), stateDir: join(dir, 'state') };
}

/** The sandbox's account: the configuration's first account (moto answers every request as that account). */
export function sandboxAccount(model: Model): { id: string; name: string; region: string } {
  const account = model.accounts[0];
  return { id: account.id, name: account.name, region: account.regions.find((r) => !r.retired)?.region ?? 'us-east-1' };
}

/** The variables under which cdktf, Terraform, drift and preflight talk to the sandbox instead of AWS. */
export function sandboxEnvironment(endpoint: string, region: string, files: SandboxFiles, cliConfig: string | undefined): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EC2_METADATA_DISABLED: 'true',
    SESSION_PREFS_STATE_DIR: files.stateDir,
    // Terraform's working data (the backend it was initialized with) apart from a real deployment's
    // .terraform in each stack directory, so switching between the sandbox and AWS needs no re-init
    // and can never migrate sandbox state into the real state. Relative: one per stack directory.
    TF_DATA_DIR: SANDBOX_TF_DATA_DIR,
    CHECKPOINT_DISABLE: '1',
    ...(cliConfig === undefined ? {} : { TF_CLI_CONFIG_FILE: cliConfig }),
  };
}

/** `export NAME='value'` lines (values single-quoted for the shell). */
export function renderExports(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([name, value]) => `export ${name}='${value.replace(/'/g, `'\\''`)}'\n`)
    .join('');
}

/** True when a process with this PID runs. */
export function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The PID the sandbox wrote, when that process still runs. */
export function runningPid(files: SandboxFiles): number | undefined {
  if (!existsSync(files.pidFile)) return undefined;
  const pid = Number(readFileSync(files.pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && running(pid) ? pid : undefined;
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
    return response.status < 500;
  } catch {
    return false;
  }
}

/** What `start` reports. */
export interface Started {
  readonly pid: number;
  readonly endpoint: string;
  readonly env: Record<string, string>;
  /** Why Terraform cannot install the provider offline (no mirror found), when that is so. */
  readonly warning?: string;
}

/**
 * Starts moto in the background (detached: it outlives this command) as the configuration's first
 * account, waits until it answers, and writes its PID and the environment file.
 */
export async function startSandbox(model: Model, options: { env?: Readonly<Record<string, string | undefined>>; cwd?: string } = {}): Promise<Started> {
  const env = options.env ?? process.env;
  const files = sandboxFiles(env, options.cwd);
  const already = runningPid(files);
  if (already !== undefined) throw new Error(`a sandbox runs already (PID ${already}, ${files.pidFile}): npm run sandbox -- --stop first`);
  const python = env[MOTO_PYTHON_ENV] || 'python3';
  if (spawnSync(python, ['-c', 'import moto.server'], { stdio: 'ignore' }).status !== 0) {
    throw new Error(`${python} cannot import moto: pip install -r .ci/moto-requirements.txt (moto[server]), or set ${MOTO_PYTHON_ENV}`);
  }
  const port = Number(env[SANDBOX_PORT_ENV] || DEFAULT_SANDBOX_PORT);
  const endpoint = `http://127.0.0.1:${port}`;
  if (await answers(endpoint)) throw new Error(`something answers on ${endpoint} already: stop it, or choose another port with ${SANDBOX_PORT_ENV}`);
  const account = sandboxAccount(model);
  mkdirSync(files.stateDir, { recursive: true });
  const log = openSync(files.logFile, 'w');
  const child = spawn(python, [MOTO_EXT, '-H', '127.0.0.1', '-p', String(port)], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, ...env, MOTO_ACCOUNT_ID: account.id, PYTHONUNBUFFERED: '1' },
  });
  closeSync(log);
  child.unref();
  const pid = child.pid as number;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && running(pid) && !(await answers(endpoint))) await new Promise((r) => setTimeout(r, 250));
  if (!(await answers(endpoint))) {
    if (running(pid)) process.kill(pid, 'SIGTERM');
    throw new Error(`moto did not start; its output (${files.logFile}):\n${readFileSync(files.logFile, 'utf8').slice(-2000)}`);
  }
  writeFileSync(files.pidFile, `${pid}\n`);
  const mirror = findProviderMirror();
  const sandboxEnv = sandboxEnvironment(endpoint, account.region, files, mirror === undefined ? undefined : writeCliConfig(mirror));
  writeFileSync(files.envFile, renderExports(sandboxEnv));
  return {
    pid,
    endpoint,
    env: sandboxEnv,
    ...(mirror === undefined ? { warning: 'no local provider mirror found: Terraform will download hashicorp/aws from the registry' } : {}),
  };
}

/** Stops the sandbox by its PID and removes the PID file; false when none was running. */
export async function stopSandbox(options: { env?: Readonly<Record<string, string | undefined>>; cwd?: string } = {}): Promise<boolean> {
  const files = sandboxFiles(options.env ?? process.env, options.cwd);
  const pid = runningPid(files);
  rmSync(files.pidFile, { force: true });
  if (pid === undefined) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (running(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (running(pid)) process.kill(pid, 'SIGKILL');
  return true;
}
