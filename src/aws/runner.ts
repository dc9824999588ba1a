/**
 * The read-only AWS runner: runs a task for every account × Region (and optionally once per
 * account, for account-wide resources such as IAM) in a bounded pool, with retries, progress and a
 * result scripts can read. Generic: a task returns findings of any type; the caller decides what
 * they mean.
 *
 * Before an account's first task, its credentials are checked with STS GetCallerIdentity: a role
 * that cannot be assumed (or credentials of another account) becomes an error of that account, its
 * tasks are not run, and every other account goes on.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { defaultClientFactory, type AwsClients, type ClientFactory } from './clients';
import { mapPool } from './pool';
import { withRetry, type RetryOptions } from './retry';
import type { Progress } from './progress';
import { toRunError, type RunError, type RunnerAccount } from './types';
import { DEFAULT_CONCURRENCY, EXIT } from './command-spec';

// In the module of the command specs, which `--help` loads without the runner.
export { DEFAULT_CONCURRENCY, EXIT };

/** Where the global (account-wide) task is reported instead of a Region. */
export const GLOBAL = 'global';

/** What a task gets. */
export interface TaskContext {
  readonly account: RunnerAccount;
  /** The Region, or the account's home Region for the global task. */
  readonly region: string;
  /** True for the once-per-account task. */
  readonly global: boolean;
  readonly clients: AwsClients;
  /** Runs one AWS call with retries on throttling, 5xx and transient network errors (`retry` overrides the run's settings). */
  call<T>(request: () => Promise<T>, retry?: RetryOptions): Promise<T>;
}

/** A task: what to find in one account and Region. Throwing makes it an error of that task. */
export type Task<F> = (context: TaskContext) => Promise<F[]>;

/** The outcome of one task. */
export interface TaskResult<F> {
  /** A Region, or `global`. */
  readonly region: string;
  readonly findings: readonly F[];
  readonly error?: RunError;
}

/** The outcome of one account: its own error (credentials) or its tasks' results. */
export interface AccountResult<F> {
  readonly account: RunnerAccount;
  /** Set when the account's credentials could not be obtained: none of its tasks ran. */
  readonly error?: RunError;
  readonly tasks: readonly TaskResult<F>[];
}

/** Everything a run found. */
export interface RunResult<F> {
  readonly accounts: readonly AccountResult<F>[];
  readonly durationMs: number;
}

/** How to run. */
export interface RunOptions<F> {
  readonly accounts: readonly RunnerAccount[];
  /** Run in every Region of every account. */
  readonly regionTask?: Task<F>;
  /** Run once per account, in its home Region (account-wide resources). */
  readonly globalTask?: Task<F>;
  /** Tasks in flight at once, over all accounts (default 8). */
  readonly concurrency?: number;
  /** Makes the clients (default: SDK v3 with the accounts' roles, AWS_ENDPOINT_URL honoured). */
  readonly clients?: ClientFactory;
  /** Retries of each call (and of the identity check). */
  readonly retry?: RetryOptions;
  /** Told when an account finishes. */
  readonly progress?: Progress;
  /** Check each account's credentials with GetCallerIdentity first (default true). */
  readonly verifyIdentity?: boolean;
  /** Clock in ms (tests pass a fake). */
  readonly now?: () => number;
}

/** 3 when anything failed, else 1 when a finding counts (`counts`, default every finding), else 0. */
export function exitCode<F>(result: RunResult<F>, counts: (finding: F) => boolean = () => true): number {
  const failed = result.accounts.some((a) => a.error !== undefined || a.tasks.some((t) => t.error !== undefined));
  if (failed) return EXIT.error;
  return result.accounts.some((a) => a.tasks.some((t) => t.findings.some(counts))) ? EXIT.findings : EXIT.ok;
}

/** Every finding of a run, with where it was found. */
export function allFindings<F>(result: RunResult<F>): { account: RunnerAccount; region: string; finding: F }[] {
  return result.accounts.flatMap((a) => a.tasks.flatMap((t) => t.findings.map((finding) => ({ account: a.account, region: t.region, finding }))));
}

/** Every error of a run: account errors (region `*`) and task errors. */
export function allErrors<F>(result: RunResult<F>): { account: RunnerAccount; region: string; error: RunError }[] {
  return result.accounts.flatMap((a) => [
    ...(a.error ? [{ account: a.account, region: '*', error: a.error }] : []),
    ...a.tasks.flatMap((t) => (t.error ? [{ account: a.account, region: t.region, error: t.error }] : [])),
  ]);
}

/** Runs the tasks and returns every account's results (never throws for AWS errors). */
export async function runAccounts<F>(options: RunOptions<F>): Promise<RunResult<F>> {
  const now = options.now ?? Date.now;
  const started = now();
  const factory = options.clients ?? defaultClientFactory();
  const call = <T>(request: () => Promise<T>, retry?: RetryOptions) => withRetry(request, { ...options.retry, ...retry });
  const verify = options.verifyIdentity ?? true;

  const identities = new Map<string, Promise<RunError | undefined>>();
  const identity = (account: RunnerAccount): Promise<RunError | undefined> => {
    let checked = identities.get(account.id);
    if (checked === undefined) {
      checked = verify ? checkIdentity(account, factory(account, account.homeRegion), call) : Promise.resolve(undefined);
      identities.set(account.id, checked);
    }
    return checked;
  };

  interface Job {
    readonly account: RunnerAccount;
    readonly region: string;
    readonly global: boolean;
    readonly task: Task<F>;
  }
  const jobs: Job[] = options.accounts.flatMap((account) => [
    ...(options.globalTask ? [{ account, region: account.homeRegion, global: true, task: options.globalTask }] : []),
    ...(options.regionTask ? account.regions.map((region) => ({ account, region, global: false, task: options.regionTask as Task<F> })) : []),
  ]);

  const remaining = new Map(options.accounts.map((a) => [a.id, jobs.filter((j) => j.account.id === a.id).length]));
  const collected = new Map<string, TaskResult<F>[]>(options.accounts.map((a) => [a.id, []]));
  const accountErrors = new Map<string, RunError>();
  const resultOf = (account: RunnerAccount): AccountResult<F> => {
    const error = accountErrors.get(account.id);
    const tasks = collected.get(account.id) ?? [];
    // Global first, then the Regions in the account's order.
    const order = (r: TaskResult<F>) => (r.region === GLOBAL ? -1 : account.regions.indexOf(r.region));
    return { account, ...(error ? { error } : {}), tasks: [...tasks].sort((x, y) => order(x) - order(y)) };
  };

  options.progress?.start(options.accounts.length);
  // An account with nothing to do still has its credentials checked, and finishes at once.
  const idle = options.accounts.filter((a) => remaining.get(a.id) === 0);
  await mapPool(idle, options.concurrency ?? DEFAULT_CONCURRENCY, async (account) => {
    const error = await identity(account);
    if (error) accountErrors.set(account.id, error);
    options.progress?.accountDone(resultOf(account));
  });

  await mapPool(jobs, options.concurrency ?? DEFAULT_CONCURRENCY, async (job) => {
    const error = await identity(job.account);
    if (error) {
      accountErrors.set(job.account.id, error);
    } else {
      const context: TaskContext = { account: job.account, region: job.region, global: job.global, clients: factory(job.account, job.region), call };
      let result: TaskResult<F>;
      try {
        result = { region: job.global ? GLOBAL : job.region, findings: await job.task(context) };
      } catch (e) {
        result = { region: job.global ? GLOBAL : job.region, findings: [], error: toRunError(e) };
      }
      collected.get(job.account.id)?.push(result);
    }
    const left = (remaining.get(job.account.id) ?? 1) - 1;
    remaining.set(job.account.id, left);
    if (left === 0) options.progress?.accountDone(resultOf(job.account));
  });

  const result: RunResult<F> = { accounts: options.accounts.map(resultOf), durationMs: now() - started };
  options.progress?.finish(result);
  return result;
}

/** GetCallerIdentity with the account's credentials: an error when they cannot be had or are another account's. */
async function checkIdentity(account: RunnerAccount, clients: AwsClients, call: TaskContext['call']): Promise<RunError | undefined> {
  try {
    const who = await call(() => clients.sts.send(new GetCallerIdentityCommand({})));
    if (who.Account !== undefined && who.Account !== account.id) {
      return {
        name: 'WrongAccount',
        message: `the credentials are for account ${who.Account} (${who.Arn ?? 'unknown principal'}), not ${account.id}: check assumeRoleArn / assumeRoleName / SESSION_PREFS_ROLE_NAME`,
      };
    }
    return undefined;
  } catch (e) {
    const error = toRunError(e);
    const role = account.assumeRoleArn ? `cannot assume ${account.assumeRoleArn}` : 'no usable credentials';
    return { name: error.name, message: `${role}: ${error.message}` };
  }
}
