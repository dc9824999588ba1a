/**
 * `npm run workspaces`, the pure part: the workspaces the configuration needs (one per stack) and
 * what to do about the ones HCP Terraform already has. Model and API listings in, actions out: no
 * HTTP here (src/workspaces/client.ts talks to the API, src/workspaces/run.ts applies the plan).
 *
 * A workspace is right when it is in the Local execution mode (the deploy workflow applies saved
 * plan files on the runner, which the Remote mode refuses: docs/ci.md), in the configured project,
 * and carries this project's tags. Tags are only ever added, never removed (a team's own tags stay),
 * and no workspace is ever deleted: one the configuration no longer has is reported, with whether
 * it still holds state.
 */
import type { Model } from '../model/model';
import { workspaceName } from '../model/resource-names';
import { stackRows, type StackRow } from '../cli/stacks-table';

/** The execution mode every workspace needs (docs/operations.md, "Terraform Cloud / HCP Terraform"). */
export const EXECUTION_MODE = 'local';

/** The tag every workspace this project manages carries: how a renamed or removed stack's workspace is still found. */
export const MANAGED_TAG = 'session-manager-preferences';

/** What a workspace of the configuration must be. */
export interface DesiredWorkspace {
  /** `<workspacePrefix><stack>`. */
  readonly name: string;
  /** The stack whose state it holds. */
  readonly stack: string;
  /** Flat string tags (letters, digits, `:`, `-`, `_`; lowercase). */
  readonly tags: readonly string[];
}

/** A workspace as the list endpoint returns it, reduced to what the plan reads. */
export interface ExistingWorkspace {
  readonly id: string;
  readonly name: string;
  readonly executionMode: string;
  /** The project's ID (`prj-...`), when the response names one. */
  readonly projectId?: string;
  readonly tags: readonly string[];
  /** True when the workspace has a current state version. */
  readonly hasState: boolean;
  /** Resources in its state (the API's `resource-count`). */
  readonly resourceCount: number;
}

/** Attribute changes of an existing workspace (PATCH), each with the value it had. */
export interface WorkspaceChanges {
  readonly executionMode?: { readonly from: string; readonly to: string };
  readonly project?: { readonly from?: string; readonly to: string };
}

/** One write the plan needs. */
export type WorkspaceAction =
  | { readonly kind: 'create'; readonly name: string; readonly stack: string; readonly projectId?: string; readonly tags: readonly string[] }
  | {
      readonly kind: 'update';
      readonly id: string;
      readonly name: string;
      readonly stack: string;
      readonly changes: WorkspaceChanges;
      /** Tags to add (the workspace keeps its others). */
      readonly addTags: readonly string[];
    };

/** A workspace of this project (its prefix or its tag) that no stack of the configuration uses any more. */
export interface OrphanWorkspace {
  readonly id: string;
  readonly name: string;
  readonly hasState: boolean;
  readonly resourceCount: number;
}

/** Everything to do, and what is already right. */
export interface WorkspacePlan {
  readonly actions: readonly WorkspaceAction[];
  /** Names of workspaces that need nothing. */
  readonly unchanged: readonly string[];
  /** Reported, never deleted. */
  readonly orphans: readonly OrphanWorkspace[];
}

/** A tag value HCP Terraform accepts: lowercase letters, digits, `:`, `-` and `_`, at most 255 characters. */
export function tagValue(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9:_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 255);
}

/** The tags of one stack's workspace: the project's tag, the stack's kind and its account. */
export function stackTags(row: Pick<StackRow, 'kind' | 'account'>): string[] {
  return [MANAGED_TAG, `stack-kind:${row.kind}`, `account:${row.account.id}`, `account-name:${tagValue(row.account.name)}`];
}

/** One workspace per stack of the model, in synthesis order (empty for the local backend). */
export function desiredWorkspaces(model: Model): DesiredWorkspace[] {
  const backend = model.backend;
  if (backend.type !== 'cloud') return [];
  return stackRows(model).map((row) => ({ name: workspaceName(backend.workspacePrefix, row.stack), stack: row.stack, tags: stackTags(row) }));
}

/** How the plan recognizes this project's workspaces and where they belong. */
export interface PlanOptions {
  /** `backend.workspacePrefix`: a workspace with it (or with MANAGED_TAG) is this project's. */
  readonly prefix: string;
  /** The configured project's ID, when the configuration names a project (otherwise the project is left alone). */
  readonly projectId?: string;
}

/**
 * What to do: create the missing workspaces, update the attributes that differ (only those), add
 * the missing tags, report this project's workspaces that no stack needs. Actions follow `desired`;
 * orphans are sorted by name.
 */
export function planWorkspaces(desired: readonly DesiredWorkspace[], existing: readonly ExistingWorkspace[], options: PlanOptions): WorkspacePlan {
  const byName = new Map(existing.map((w) => [w.name, w]));
  const actions: WorkspaceAction[] = [];
  const unchanged: string[] = [];
  for (const want of desired) {
    const have = byName.get(want.name);
    if (have === undefined) {
      actions.push({ kind: 'create', name: want.name, stack: want.stack, ...(options.projectId !== undefined ? { projectId: options.projectId } : {}), tags: [...want.tags] });
      continue;
    }
    const changes: { executionMode?: WorkspaceChanges['executionMode']; project?: WorkspaceChanges['project'] } = {};
    if (have.executionMode !== EXECUTION_MODE) changes.executionMode = { from: have.executionMode, to: EXECUTION_MODE };
    if (options.projectId !== undefined && have.projectId !== options.projectId) {
      changes.project = { ...(have.projectId !== undefined ? { from: have.projectId } : {}), to: options.projectId };
    }
    const tags = new Set(have.tags.map((t) => t.toLowerCase()));
    const addTags = want.tags.filter((t) => !tags.has(t));
    if (Object.keys(changes).length === 0 && addTags.length === 0) unchanged.push(want.name);
    else actions.push({ kind: 'update', id: have.id, name: want.name, stack: want.stack, changes, addTags });
  }
  const wanted = new Set(desired.map((w) => w.name));
  const ours = (w: ExistingWorkspace) => (options.prefix !== '' && w.name.startsWith(options.prefix)) || w.tags.some((t) => t.toLowerCase() === MANAGED_TAG);
  const orphans = existing
    .filter((w) => !wanted.has(w.name) && ours(w))
    .map((w) => ({ id: w.id, name: w.name, hasState: w.hasState, resourceCount: w.resourceCount }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { actions, unchanged, orphans };
}

/** One line per action: `create ssm-prod-global (project prj-..., tags ...)`, `update ssm-dev-shard0: execution mode remote -> local, add tags a, b`. */
export function describeAction(action: WorkspaceAction): string {
  if (action.kind === 'create') {
    const where = action.projectId !== undefined ? `project ${action.projectId}, ` : '';
    return `create ${action.name} (${where}execution mode ${EXECUTION_MODE}, tags ${action.tags.join(', ')})`;
  }
  const parts: string[] = [];
  if (action.changes.executionMode) parts.push(`execution mode ${action.changes.executionMode.from} -> ${action.changes.executionMode.to}`);
  if (action.changes.project) parts.push(`project ${action.changes.project.from ?? '(none)'} -> ${action.changes.project.to}`);
  if (action.addTags.length > 0) parts.push(`add tags ${action.addTags.join(', ')}`);
  return `update ${action.name}: ${parts.join(', ')}`;
}
