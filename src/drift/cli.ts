/**
 * `npm run drift`: the read-only drift check of every account and Region against what the
 * configuration synthesizes. Uses the shared runner (src/aws/: credentials per account, bounded
 * pool, retries, progress, flags, exit codes); this file only wires the drift tasks and reports.
 */
import { writeFileSync } from 'node:fs';
import {
  allErrors,
  EXIT,
  runAccounts,
  runnerAccounts,
  startReadOnly,
  streamProgress,
  withArchiveAccount,
  type ClientFactory,
  type ProgressStream,
  type RetryOptions,
} from '../aws';
import type { ParsedArgs } from '../cli/args';
import { startCommand } from '../cli/command';
import { checkAccount, checkRegion } from './check';
import { DRIFT_COMMAND } from './command-spec';
import type { Difference } from './compare';
import { expectedState, type ExpectedAccount, type ExpectedRegion } from './expected';
import { driftExitCode, renderDriftJson, renderDriftMarkdown, type DriftError, type DriftReport } from './report';

export { DRIFT_COMMAND };

/** What a task reports: a difference, or something it could not read. */
export type DriftFinding = { readonly kind: 'difference'; readonly difference: Difference } | { readonly kind: 'error'; readonly message: string };

/** What the command needs from outside (tests give mocked clients and buffers). */
export interface DriftCliDeps {
  readonly stdout: ProgressStream;
  readonly stderr: ProgressStream;
  /** Clients per account and Region (default: SDK v3 with the accounts' roles, AWS_ENDPOINT_URL honoured). */
  readonly clients?: ClientFactory;
  readonly retry?: RetryOptions;
  readonly now?: () => Date;
}

function findings(result: { differences: readonly Difference[]; errors: readonly string[] }): DriftFinding[] {
  return [...result.differences.map((difference) => ({ kind: 'difference' as const, difference })), ...result.errors.map((message) => ({ kind: 'error' as const, message }))];
}

/**
 * Runs the command with `argv` (the arguments after `--`) in the command-line frame, leaving the
 * process's exit code alone (tests, the benchmark); resolves to the exit status.
 */
export function runDriftCli(argv: readonly string[], deps: DriftCliDeps): Promise<number> {
  return startCommand(DRIFT_COMMAND, (args) => drift(args, deps), { argv, io: deps, exit: () => undefined });
}

/** The command once the frame has parsed its arguments (scripts/drift.ts); returns the exit status. */
export async function drift(args: ParsedArgs, deps: DriftCliDeps): Promise<number> {
  const started = startReadOnly(args, deps);
  if (typeof started === 'number') return started;
  const { cli: parsed, configPath: config, model } = started;
  const { accounts: expected, problems } = expectedState(model, parsed.filter);
  if (problems.length > 0) {
    deps.stderr.write(`drift: ${problems.join('\n       ')}\n`);
    return EXIT.error;
  }
  const byAccount = new Map<string, ExpectedAccount>(expected.map((a) => [a.accountId, a]));
  // A Region can hold both a member's preferences and a log-archive bucket (the archive account may be a member).
  const byRegion = new Map<string, ExpectedRegion[]>();
  for (const a of expected) for (const r of a.regions) byRegion.set(`${a.accountId}/${r.region}`, [...(byRegion.get(`${a.accountId}/${r.region}`) ?? []), r]);

  const result = await runAccounts<DriftFinding>({
    accounts: withArchiveAccount(runnerAccounts(model.accounts, parsed.filter), model.logArchive, parsed.filter),
    concurrency: parsed.concurrency,
    progress: streamProgress(deps.stderr, { quiet: parsed.quiet }),
    ...(deps.clients ? { clients: deps.clients } : {}),
    ...(deps.retry ? { retry: deps.retry } : {}),
    regionTask: async (ctx) => {
      const out: DriftFinding[] = [];
      for (const region of byRegion.get(`${ctx.account.id}/${ctx.region}`) ?? []) out.push(...findings(await checkRegion(ctx.clients, region, ctx.call)));
      return out;
    },
    globalTask: async (ctx) => {
      const account = byAccount.get(ctx.account.id);
      return account && account.policies.length + account.roles.length + account.instanceProfiles.length > 0 ? findings(await checkAccount(ctx.clients, account, ctx.call)) : [];
    },
  });

  const names = new Map(model.accounts.map((a) => [a.id, a.name]));
  const differences: Difference[] = [];
  const errors: DriftError[] = [];
  for (const account of result.accounts) {
    for (const task of account.tasks) {
      for (const f of task.findings) {
        if (f.kind === 'difference') differences.push(f.difference);
        else errors.push({ account: account.account.id, accountName: account.account.name, region: task.region, message: f.message });
      }
    }
  }
  for (const e of allErrors(result)) {
    errors.push({ account: e.account.id, accountName: names.get(e.account.id) ?? e.account.name, region: e.region, message: `${e.error.name}: ${e.error.message}` });
  }
  const report: DriftReport = {
    checkedAt: (deps.now ?? (() => new Date()))().toISOString(),
    config,
    accounts: result.accounts.length,
    regions: result.accounts.reduce((n, a) => n + a.account.regions.length, 0),
    differences,
    errors,
    durationMs: result.durationMs,
  };
  const markdown = renderDriftMarkdown(report);
  const file = parsed.values.markdown;
  if (typeof file === 'string') writeFileSync(file, markdown);
  deps.stdout.write(parsed.json ? renderDriftJson(report) : markdown);
  return driftExitCode(report);
}
