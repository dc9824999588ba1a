/**
 * The shared read-only AWS runner (preflight, drift). See docs/aws-runner.md.
 *
 *   const result = await runAccounts({ accounts: runnerAccounts(model.accounts, filter), regionTask, globalTask,
 *                                      concurrency, progress: streamProgress(process.stderr) });
 *   process.exitCode = exitCode(result, (f) => f.blocking);
 */
export { accountCredentials, clientEnvironment, defaultClientFactory, type AwsClients, type ClientFactory } from './clients';
export { COMMON_FLAGS, readOnlyArgs, readOnlyCommand, startReadOnly, type ReadOnlyArgs, type ReadOnlyCommand, type Started } from './cli';
export { mapPool } from './pool';
export { accountLine, streamProgress, type Progress, type ProgressStream } from './progress';
export { backoffDelay, isRetryable, RETRY_DEFAULTS, withRetry, type RetryOptions } from './retry';
export {
  allErrors,
  allFindings,
  DEFAULT_CONCURRENCY,
  EXIT,
  exitCode,
  GLOBAL,
  runAccounts,
  type AccountResult,
  type RunOptions,
  type RunResult,
  type Task,
  type TaskContext,
  type TaskResult,
} from './runner';
export { runnerAccounts, toRunError, withArchiveAccount, type RunError, type RunFilter, type RunnerAccount } from './types';
