/**
 * `npm run workspaces`, the run: read the project and the workspaces, plan (src/workspaces/plan.ts),
 * and unless it is a dry run apply the actions in a bounded pool, with progress on stderr (a live
 * status line on a terminal, plain lines otherwise). Never throws for API errors: they are in the
 * result, and the exit status says the run is incomplete.
 */
import { mapPool } from '../aws/pool';
import type { ProgressStream } from '../aws/progress';
import { EXIT } from '../aws/runner';
import { ApiError, WorkspacesApi, explainApiError, type ClientOptions, type ErrorContext } from './client';
import { describeAction, planWorkspaces, type DesiredWorkspace, type PlanOptions, type WorkspaceAction, type WorkspacePlan } from './plan';

/** Writes in flight at once by default (HCP Terraform allows 30 requests a second per token). */
export const DEFAULT_WORKSPACE_CONCURRENCY = 4;

/** What a run needs. */
export interface WorkspacesRunOptions extends Omit<ClientOptions, 'onRetry'> {
  readonly organization: string;
  readonly hostname: string;
  /** `backend.project`: where the workspaces belong (left alone when absent). */
  readonly project?: string;
  /** `backend.workspacePrefix`. */
  readonly prefix: string;
  readonly tokenVariable: string;
  readonly desired: readonly DesiredWorkspace[];
  /** Plan and print only: no write request. */
  readonly dryRun: boolean;
  readonly concurrency?: number;
  /** Where progress goes (default: nowhere). */
  readonly progress?: ProgressStream;
}

/** The outcome of one action. */
export interface ActionResult {
  readonly action: WorkspaceAction;
  /** `done`, `failed`, or `planned` (dry run). */
  readonly status: 'done' | 'failed' | 'planned';
  /** The new workspace's ID (create). */
  readonly id?: string;
  readonly error?: string;
}

/** Everything a run did and found, as `--json` prints it. */
export interface WorkspacesResult {
  readonly organization: string;
  readonly hostname: string;
  readonly project?: { readonly name: string; readonly id?: string };
  readonly dryRun: boolean;
  /** Absent when the workspaces could not be read. */
  readonly plan?: WorkspacePlan;
  readonly results: readonly ActionResult[];
  /** Problems that stopped the run before any write (API errors, a missing project). */
  readonly errors: readonly string[];
  readonly exitCode: number;
}

/** Runs the plan (or only makes it, with `dryRun`). */
export async function runWorkspaces(options: WorkspacesRunOptions): Promise<WorkspacesResult> {
  const context: ErrorContext = {
    organization: options.organization,
    hostname: options.hostname,
    tokenVariable: options.tokenVariable,
    ...(options.project ? { project: options.project } : {}),
  };
  const out = options.progress;
  const api = new WorkspacesApi({
    ...options,
    onRetry: (r) =>
      out?.write(
        `${out.isTTY ? '\r\x1b[K' : ''}retry ${r.attempt}: ${r.method} ${r.path} ${r.status !== undefined ? `HTTP ${r.status}` : 'no response'}, waiting ${(r.waitMs / 1000).toFixed(1)} s\n`,
      ),
  });
  const base = { organization: options.organization, hostname: options.hostname, dryRun: options.dryRun };
  const fail = (errors: string[], exitCode: number, project?: WorkspacesResult['project']): WorkspacesResult => ({
    ...base,
    ...(project ? { project } : {}),
    results: [],
    errors,
    exitCode,
  });

  let projectId: string | undefined;
  if (options.project !== undefined) {
    try {
      projectId = await api.findProjectId(options.organization, options.project);
    } catch (e) {
      return fail([explainApiError(e, context)], EXIT.error, { name: options.project });
    }
    if (projectId === undefined) {
      return fail(
        [
          `project "${options.project}" not found in the organization "${options.organization}": create it (Projects -> New project) and give the token's team access to it, or fix backend.project / TF_CLOUD_PROJECT`,
        ],
        EXIT.findings,
        { name: options.project },
      );
    }
  }
  const project = options.project !== undefined ? { name: options.project, ...(projectId ? { id: projectId } : {}) } : undefined;

  let plan: WorkspacePlan;
  try {
    const existing = await api.listWorkspaces(options.organization);
    plan = planWorkspaces(options.desired, existing, { prefix: options.prefix, ...(projectId ? { projectId } : {}) });
  } catch (e) {
    return fail([explainApiError(e, context)], EXIT.error, project);
  }

  if (options.dryRun) {
    const results = plan.actions.map((action): ActionResult => ({ action, status: 'planned' }));
    const exitCode = plan.actions.length > 0 || plan.orphans.length > 0 ? EXIT.findings : EXIT.ok;
    return { ...base, ...(project ? { project } : {}), plan, results, errors: [], exitCode };
  }

  const total = plan.actions.length;
  let done = 0;
  const tty = out?.isTTY === true;
  if (tty && total > 0) out?.write(`0/${total} workspaces`);
  const results = await mapPool(plan.actions, options.concurrency ?? DEFAULT_WORKSPACE_CONCURRENCY, async (action): Promise<ActionResult> => {
    let result: ActionResult;
    try {
      const id = await apply(api, options.organization, action, { prefix: options.prefix, ...(projectId ? { projectId } : {}) });
      result = { action, status: 'done', ...(id !== undefined ? { id } : {}) };
    } catch (e) {
      result = { action, status: 'failed', error: e instanceof ApiError ? explainApiError(e, context) : String(e) };
    }
    done++;
    const line = `${describeAction(action)}: ${result.status === 'done' ? 'done' : `FAILED ${result.error}`}`;
    if (tty) out?.write(`\r\x1b[K${line}\n${done}/${total} workspaces`);
    else out?.write(`[${done}/${total}] ${line}\n`);
    return result;
  });
  if (tty && total > 0) out?.write(`\r\x1b[K${done}/${total} workspaces\n`);
  const failed = results.some((r) => r.status === 'failed');
  const exitCode = failed ? EXIT.error : plan.orphans.length > 0 ? EXIT.findings : EXIT.ok;
  return { ...base, ...(project ? { project } : {}), plan, results, errors: [], exitCode };
}

/**
 * One action's requests, in order: create or update, then the missing tags. A create answered
 * "already taken" (a retried POST whose first attempt did create it, or someone else meanwhile)
 * becomes an update of the workspace of that name, planned like any other.
 */
async function apply(api: WorkspacesApi, organization: string, action: WorkspaceAction, options: PlanOptions): Promise<string | undefined> {
  if (action.kind === 'create') {
    let id: string;
    try {
      id = await api.createWorkspace(organization, action);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 422 && /taken/i.test(e.detail))) throw e;
      const existing = await api.showWorkspace(organization, action.name);
      const update = planWorkspaces([{ name: action.name, stack: action.stack, tags: action.tags }], [existing], options).actions[0];
      if (update?.kind === 'update') await apply(api, organization, update, options);
      return existing.id;
    }
    await api.addTags(id, action.tags);
    return id;
  }
  await api.updateWorkspace(action);
  await api.addTags(action.id, action.addTags);
  return undefined;
}

/** The report on stdout: what was (or would be) done, what is right, what is left over, and the errors. */
export function renderWorkspacesReport(result: WorkspacesResult): string {
  const lines: string[] = [];
  const where = `${result.organization} on ${result.hostname}${result.project ? `, project ${result.project.name}${result.project.id ? ` (${result.project.id})` : ''}` : ''}`;
  lines.push(`HCP Terraform workspaces of ${where}${result.dryRun ? ' (dry run: nothing written)' : ''}`);
  for (const error of result.errors) lines.push(`ERROR ${error}`);
  const plan = result.plan;
  if (plan !== undefined) {
    for (const r of result.results) {
      const text = describeAction(r.action);
      if (r.status === 'planned') lines.push(`would ${text}`);
      else if (r.status === 'done') lines.push(`${text}: done`);
      else lines.push(`${text}: FAILED ${r.error ?? ''}`);
    }
    for (const o of plan.orphans) {
      const state = o.hasState
        ? `has state (${o.resourceCount} resource${o.resourceCount === 1 ? '' : 's'}): move or destroy what it manages before deleting it by hand`
        : 'no state: safe to delete by hand';
      lines.push(`not a stack of the configuration: ${o.name} (${o.id}), ${state}; never deleted by this command`);
    }
    const count = (status: ActionResult['status'], kind: WorkspaceAction['kind']) => result.results.filter((r) => r.status === status && r.action.kind === kind).length;
    const verb = result.dryRun ? 'to ' : '';
    const status = result.dryRun ? 'planned' : 'done';
    const summary = [
      `${count(status, 'create')} ${verb}create`,
      `${count(status, 'update')} ${verb}update`,
      `${plan.unchanged.length} unchanged`,
      `${plan.orphans.length} not in the configuration`,
      ...(result.dryRun ? [] : [`${result.results.filter((r) => r.status === 'failed').length} failed`]),
    ];
    lines.push(summary.join(', '));
  }
  return `${lines.join('\n')}\n`;
}
