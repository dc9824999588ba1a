/**
 * Renders the per-stack results of a plan or deploy run as one Markdown document: the pull-request
 * comment, the job summary, the summary artifact. Pure.
 *
 * Every stack is accounted for (failed, without result, changed, unchanged). Stacks whose changes
 * are identical (same addresses and actions: the same Regions of different accounts after a
 * preferences change) share one block. The document never exceeds `limit` characters and is
 * never cut inside a block: when the full form does not fit, blocks fall back to a compact form
 * (counts and stack names, addresses in the artifact), most important blocks kept full first
 * (failures, then destroys and replacements, then the rest).
 */
import type { ReviewUnit } from '../review/plan-review';
import { groupReview, renderAlerts, renderGroup, type AccountLabel, type ReviewGroup } from '../review/render';
import { addCounts, formatCounts, hasChanges, type ChangeAction, type ResourceChange, type StackResult } from './plan-json';

/** GitHub refuses an issue or pull-request comment body longer than this (characters). */
export const GITHUB_COMMENT_LIMIT = 65536;
/** GitHub's limit for one step's job summary ($GITHUB_STEP_SUMMARY) is 1 MiB. */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;
/** First line of the comment: the workflow finds and updates its own comment by it. */
export const COMMENT_MARKER = '<!-- session-manager-preferences plan -->';

export interface SummaryOptions {
  /** `plan` for pull requests, `apply` for deploys (wording only). */
  readonly mode: 'plan' | 'apply';
  /** Every stack that should have a result; stacks without one are listed as not run. */
  readonly expected: readonly string[];
  /** Maximum characters of the document. */
  readonly limit: number;
  /** First line (a hidden marker), if any. */
  readonly marker?: string;
  /** Link to the workflow run, where the artifacts are. */
  readonly runUrl?: string;
  /** Name pattern of the artifacts that hold the full plans, e.g. `plan-batch-*`. */
  readonly artifacts?: string;
  /** Short commit the run planned. */
  readonly commit?: string;
  /** The review of every planned stack (src/review): what changes, shown before the addresses. */
  readonly review?: readonly ReviewUnit[];
  /** Account names and groups for the review's headings. */
  readonly accounts?: ReadonlyMap<string, AccountLabel>;
}

const SYMBOL: Record<ChangeAction, string> = { create: '+', update: '~', delete: '-', replace: '-/+', import: '<=', forget: '.' };
const LEGEND = '`+` create, `~` update, `-` destroy, `-/+` replace, `<=` import, `.` forget (removed from state, kept in AWS)';

/** One block of the document, in a full and a compact form. */
interface Block {
  readonly full: string;
  readonly compact: string;
  /** Lower renders full first. */
  readonly priority: number;
}

/** Escapes text for HTML (inside <summary>). */
function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A fenced code block whose fence is longer than any backtick run inside. */
export function codeBlock(text: string, lang = ''): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text}\n${fence}`;
}

function changeLine(c: ResourceChange): string {
  const mark = c.importing && c.action !== 'import' ? `${SYMBOL[c.action]} <=` : SYMBOL[c.action];
  return `${mark} ${c.address}`;
}

function stackList(names: readonly string[]): string {
  return names.map((n) => `\`${n}\``).join(', ');
}

function details(summary: string, body: string, open = false): string {
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${body}\n\n</details>\n`;
}

/** Stacks with identical changes, in order of their first stack. */
export function groupIdentical(results: readonly StackResult[]): StackResult[][] {
  const groups = new Map<string, StackResult[]>();
  for (const r of results) {
    const key = JSON.stringify(r.changes.map((c) => [c.address, c.action, c.importing]));
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()];
}

function changeBlock(group: readonly StackResult[], mode: SummaryOptions['mode']): Block {
  const names = group.map((r) => r.stack);
  const counts = group[0].counts;
  const who = names.length === 1 ? `<b>${html(names[0])}</b>` : `<b>${names.length} stacks</b> with identical changes`;
  const summary = `${who}: ${formatCounts(counts)}`;
  const list = names.length === 1 ? '' : `${stackList(names)}\n\n`;
  const full = details(summary, `${list}${codeBlock(group[0].changes.map(changeLine).join('\n'), 'diff')}`);
  const where = mode === 'plan' ? 'the plan artifact' : 'the job log';
  const compact = details(summary, `${list}${group[0].changes.length} changed addresses: see ${where}.`);
  const destructive = counts.destroy > 0 || group[0].changes.some((c) => c.action === 'replace' || c.action === 'delete');
  return { full, compact, priority: destructive ? 1 : 2 };
}

/** The loud block: every destroy, replacement and forget (kept full before anything else). */
function alertsBlock(groups: readonly ReviewGroup[]): Block | undefined {
  const full = renderAlerts(groups);
  if (full === '') return undefined;
  const count = groups.reduce((n, g) => n + g.alerts.length * g.units.length, 0);
  return { full, compact: `> [!CAUTION]\n> **${count} destroys, replacements or forgets**: see the job summary before approving.\n\n`, priority: 0 };
}

function reviewBlock(group: ReviewGroup): Block {
  const accounts = new Set(group.units.map((u) => u.account ?? u.stack)).size;
  const compactMembers = `${group.units.length} account-Region${group.units.length === 1 ? '' : 's'} in ${accounts} account${accounts === 1 ? '' : 's'}`;
  const full = renderGroup(group);
  const shortForm = renderGroup({ ...group, members: `${compactMembers} (listed in the job summary)` });
  return { full, compact: shortForm.length < full.length ? shortForm : full, priority: group.alerts.length > 0 ? 1 : 2 };
}

function failedBlock(result: StackResult, mode: SummaryOptions['mode']): Block {
  const summary = `:x: <b>${html(result.stack)}</b>: ${mode} failed`;
  return {
    full: details(summary, codeBlock(result.error ?? '(no output)', 'text'), true),
    compact: `- :x: \`${result.stack}\`: ${mode} failed (see the job log)\n`,
    priority: 0,
  };
}

function header(results: readonly StackResult[], missing: readonly string[], options: SummaryOptions): string {
  const failed = results.filter((r) => r.status === 'failed');
  const changed = results.filter((r) => r.status !== 'failed' && hasChanges(r));
  const total = addCounts(results.map((r) => r.counts));
  const verb = options.mode === 'plan' ? 'plan' : 'deploy';
  const stacks = options.expected.length;
  const lines = [
    ...(options.marker ? [options.marker] : []),
    `### cdktf ${verb}: ${stacks} stack${stacks === 1 ? '' : 's'}${options.commit ? ` at ${options.commit}` : ''}`,
    '',
    `**${changed.length} with changes**, ${results.length - changed.length - failed.length} without, ` +
      `**${failed.length} failed**${missing.length > 0 ? `, **${missing.length} without result**` : ''}.`,
    '',
    '| | import | add | change | destroy | forget |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    `| ${options.mode === 'plan' ? 'planned' : 'applied'} | ${total.import} | ${total.add} | ${total.change} | ${total.destroy} | ${total.forget} |`,
    '',
  ];
  if (changed.length > 0) lines.push(`Legend: ${LEGEND}.`, '');
  return `${lines.join('\n')}\n`;
}

function footer(options: SummaryOptions): string {
  const run = options.runUrl ? `[this run](${options.runUrl})` : 'this run';
  const what = options.mode === 'plan' ? 'Full plans (`terraform show` of every stack)' : 'Per-stack results';
  return `\n${what}: artifacts ${options.artifacts ? `\`${options.artifacts}\` ` : ''}of ${run}.\n`;
}

/** Renders the summary document of `results`, within options.limit characters. */
export function renderSummary(results: readonly StackResult[], options: SummaryOptions): string {
  const byStack = new Map(results.map((r) => [r.stack, r]));
  const ordered = options.expected.filter((s) => byStack.has(s)).map((s) => byStack.get(s) as StackResult);
  // Results for stacks not expected (should not happen) are still shown, after the expected ones.
  ordered.push(...results.filter((r) => !options.expected.includes(r.stack)));
  const missing = options.expected.filter((s) => !byStack.has(s));
  const failed = ordered.filter((r) => r.status === 'failed');
  const changed = ordered.filter((r) => r.status !== 'failed' && hasChanges(r));
  const unchanged = ordered.filter((r) => r.status !== 'failed' && !hasChanges(r));

  const groups = options.review ? groupReview(options.review, options.accounts ? { accounts: options.accounts } : {}) : [];
  const alerts = alertsBlock(groups);
  const blocks: Block[] = [...(alerts ? [alerts] : []), ...failed.map((r) => failedBlock(r, options.mode))];
  if (missing.length > 0) {
    const text = `:warning: **${missing.length} without result** (job failed or was cancelled before them; re-run the failed jobs): ${stackList(missing)}\n`;
    blocks.push({ full: text, compact: `:warning: **${missing.length} stacks without result** (re-run the failed jobs).\n`, priority: 0 });
  }
  if (groups.length > 0) blocks.push({ full: '#### What changes\n\n', compact: '#### What changes\n\n', priority: 0 }, ...groups.map(reviewBlock));
  const addresses = groupIdentical(changed).map((g) => changeBlock(g, options.mode));
  if (groups.length > 0 && addresses.length > 0) blocks.push({ full: '#### Changed addresses\n\n', compact: '#### Changed addresses\n\n', priority: 0 });
  // With a review, the addresses are detail: they give way first.
  blocks.push(...addresses.map((b) => (groups.length > 0 ? { ...b, priority: b.priority + 2 } : b)));
  if (unchanged.length > 0) {
    const summary = `${unchanged.length} stack${unchanged.length === 1 ? '' : 's'} without changes`;
    blocks.push({ full: details(summary, stackList(unchanged.map((r) => r.stack))), compact: `${summary}.\n`, priority: 3 });
  }

  const head = header(ordered, missing, options);
  const foot = footer(options);
  return fit(head, blocks, foot, options.limit);
}

/** Chooses full or compact per block so the whole fits `limit`; blocks keep their order. */
function fit(head: string, blocks: readonly Block[], foot: string, limit: number): string {
  const omittedNote = (n: number) => `\n:warning: ${n} more block${n === 1 ? '' : 's'} left out to stay within ${limit} characters: see the summary artifact.\n`;
  const fixed = head.length + foot.length;
  const chosen = blocks.map((b) => b.compact);
  let used = fixed + chosen.reduce((sum, text) => sum + text.length, 0);
  if (used > limit) {
    // Even the compact forms do not fit: keep whole compact blocks in order, then say how many are left out.
    const kept: string[] = [];
    let size = fixed + omittedNote(blocks.length).length;
    for (const text of chosen) {
      if (size + text.length > limit) break;
      kept.push(text);
      size += text.length;
    }
    return `${head}${kept.join('')}${omittedNote(blocks.length - kept.length)}${foot}`;
  }
  const order = blocks.map((b, i) => ({ b, i })).sort((x, y) => x.b.priority - y.b.priority || x.i - y.i);
  for (const { b, i } of order) {
    const extra = b.full.length - b.compact.length;
    if (used + extra <= limit) {
      chosen[i] = b.full;
      used += extra;
    }
  }
  return `${head}${chosen.join('')}${foot}`;
}
