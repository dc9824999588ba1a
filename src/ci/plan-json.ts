/**
 * Reads `terraform show -json <plan>` output into a small summary per stack: the counts Terraform
 * prints in its "Plan:" line (import, add, change, destroy, forget) and every changed address with
 * its action. Pure: JSON in, data out. Values are never copied (plan JSON holds sensitive values
 * in clear text; the summary holds addresses and actions only).
 */

/** What happens to one resource instance. */
export type ChangeAction = 'create' | 'update' | 'delete' | 'replace' | 'import' | 'forget';

/** One changed resource instance of a stack. */
export interface ResourceChange {
  /** Full address, e.g. `aws_ssm_document.eu-west-1_preferences-document_1301804B`. */
  readonly address: string;
  readonly action: ChangeAction;
  /** True when the instance is also imported (an import with an update is `update` + importing). */
  readonly importing: boolean;
}

/** Counts in the order and meaning of Terraform's "Plan:" line. */
export interface ChangeCounts {
  readonly import: number;
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly forget: number;
}

/** The outcome of planning (or applying) one stack. */
export interface StackResult {
  readonly stack: string;
  /** `planned`: the plan succeeded; `applied`: the plan was applied; `failed`: see `error`. */
  readonly status: 'planned' | 'applied' | 'failed';
  readonly counts: ChangeCounts;
  /** Changed instances, sorted by address (empty for a stack without changes). */
  readonly changes: readonly ResourceChange[];
  /** The last lines of Terraform's error output, for a failed stack. */
  readonly error?: string;
  /** Wall time of the stack's Terraform commands. */
  readonly seconds?: number;
}

export const NO_CHANGES: ChangeCounts = { import: 0, add: 0, change: 0, destroy: 0, forget: 0 };

/** The part of Terraform's plan JSON this module reads (format_version 1.x). */
export interface PlanJson {
  readonly format_version?: string;
  readonly resource_changes?: readonly {
    readonly address: string;
    readonly mode?: string;
    readonly type?: string;
    readonly change: { readonly actions: readonly string[]; readonly importing?: unknown };
  }[];
  readonly errored?: boolean;
}

/** The action of one resource change, or undefined for no-op and read (nothing changes). */
export function changeAction(actions: readonly string[], importing: boolean): ChangeAction | undefined {
  const key = actions.join(',');
  switch (key) {
    case 'create':
      return 'create';
    case 'update':
      return 'update';
    case 'delete':
      return 'delete';
    case 'delete,create':
    case 'create,delete':
      return 'replace';
    case 'forget':
      return 'forget';
    case 'no-op':
      return importing ? 'import' : undefined;
    case 'read':
      return undefined;
    default:
      throw new Error(`unknown plan action ${JSON.stringify(actions)}`);
  }
}

/** Adds one change to the counts the way Terraform's "Plan:" line counts it. */
function count(counts: ChangeCounts, change: ResourceChange): ChangeCounts {
  const next = { ...counts, import: counts.import + (change.importing ? 1 : 0) };
  switch (change.action) {
    case 'create':
      return { ...next, add: next.add + 1 };
    case 'update':
      return { ...next, change: next.change + 1 };
    case 'delete':
      return { ...next, destroy: next.destroy + 1 };
    case 'replace':
      return { ...next, add: next.add + 1, destroy: next.destroy + 1 };
    case 'forget':
      return { ...next, forget: next.forget + 1 };
    case 'import':
      return next;
  }
}

/** Summarizes the plan JSON of one stack. Managed resources only: data sources are read, not changed. */
export function summarizePlan(stack: string, plan: PlanJson, seconds?: number): StackResult {
  const changes: ResourceChange[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode !== undefined && rc.mode !== 'managed') continue;
    const importing = rc.change.importing !== undefined && rc.change.importing !== null;
    const action = changeAction(rc.change.actions, importing);
    if (action !== undefined) changes.push({ address: rc.address, action, importing });
  }
  changes.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const counts = changes.reduce(count, NO_CHANGES);
  return { stack, status: 'planned', counts, changes, ...(seconds === undefined ? {} : { seconds }) };
}

/** A stack whose plan or apply failed; `output` is Terraform's error output (only its tail is kept). */
export function failedResult(stack: string, output: string, seconds?: number, maxLines = 30): StackResult {
  const clean = stripAnsi(output).trimEnd().split('\n');
  const error = clean.slice(-maxLines).join('\n');
  return { stack, status: 'failed', counts: NO_CHANGES, changes: [], error, ...(seconds === undefined ? {} : { seconds }) };
}

/** True when the stack changes nothing. */
export function hasChanges(result: StackResult): boolean {
  return result.changes.length > 0;
}

/** Terraform's own wording: `1 to import, 2 to add, 0 to change, 0 to destroy` (+ `, 1 to forget`). */
export function formatCounts(c: ChangeCounts): string {
  const parts = [`${c.add} to add`, `${c.change} to change`, `${c.destroy} to destroy`];
  if (c.import > 0) parts.unshift(`${c.import} to import`);
  if (c.forget > 0) parts.push(`${c.forget} to forget`);
  return parts.join(', ');
}

/** Sum of several stacks' counts. */
export function addCounts(all: readonly ChangeCounts[]): ChangeCounts {
  return all.reduce(
    (t, c) => ({ import: t.import + c.import, add: t.add + c.add, change: t.change + c.change, destroy: t.destroy + c.destroy, forget: t.forget + c.forget }),
    NO_CHANGES,
  );
}

/** Removes terminal escape sequences (colours, cursor movement) and carriage-return spinner frames. */
export function stripAnsi(text: string): string {
  /* eslint-disable no-control-regex -- terminal escape sequences start with the ESC control character */
  return text
    .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/\x1b\][^\x07]*\x07/g, '')
    .replace(/^.*\r(?!\n)/gm, '');
  /* eslint-enable no-control-regex */
}
