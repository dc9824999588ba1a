/**
 * Renders review units (src/review/plan-review.ts) as Markdown: destroys, replacements and forgets
 * first and loudly, then one section per set of account-Regions with the identical change
 * ("production group, 34 account-Regions"), each listing the Session preferences, policy
 * statements and other attributes that change. Pure.
 *
 * Identical means identical once the account's own ID and the Region are read as `<account>` and
 * `<region>`: the same preferences change in every Region of every account is one section.
 */
import type { Alert, AttributeReview, DocumentReview, PolicyReview, ResourceReview, ReviewAction, ReviewUnit } from './plan-review';
import type { FieldChange, StatementChange } from './policy-diff';

/** Who an account is, for headings: its name in the configuration and its account group. */
export interface AccountLabel {
  readonly name: string;
  readonly group?: string;
}

export interface ReviewOptions {
  /** Account names and groups by account ID (from the model); without them units are named by stack. */
  readonly accounts?: ReadonlyMap<string, AccountLabel>;
}

/** One section: the account-Regions sharing one change, and its text. */
export interface ReviewGroup {
  readonly units: readonly ReviewUnit[];
  /** Heading, e.g. `production group, 34 account-Regions`. */
  readonly title: string;
  /** Members, e.g. `prod-a: us-east-1, eu-west-1; prod-b: us-east-1`. */
  readonly members: string;
  /** The change, Markdown, with `<account>`/`<region>` when several members share it. */
  readonly body: string;
  readonly alerts: readonly Alert[];
}

const VERB: Record<ReviewAction, string> = { create: 'create', update: 'update', delete: 'DESTROY', replace: 'REPLACE', forget: 'FORGET', import: 'import' };
const MARK: Record<ReviewAction, string> = { create: '+', update: '~', delete: '-', replace: '-/+', forget: '.', import: '<=' };

/** Inline code that survives backticks in the value. */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A value cut to `max` characters for a line of review. */
function short(text: string, max = 400): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

const json = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v));

function beforeAfter(before: string | undefined, after: string | undefined): string {
  if (before === undefined) return `${code(short(after ?? 'null'))} (new)`;
  if (after === undefined) return `${code(short(before))} (removed)`;
  return `${code(short(before))} → ${code(short(after))}`;
}

function documentLines(d: DocumentReview): string[] {
  const head = `- ${MARK[d.action]} Session document ${code(d.name)}${d.action === 'update' || d.action === 'replace' ? '' : ` (${VERB[d.action]})`}`;
  if (d.inputs.length === 0) return [d.action === 'update' ? `${head}: preferences unchanged` : head];
  return [head, ...d.inputs.map((i) => `  - ${code(i.name)}: ${beforeAfter(i.before, i.after)}`)];
}

function fieldText(f: FieldChange, side: 'before' | 'after'): string {
  return `${f.name} ${code(short(json(f[side])))}`;
}

function statementLines(s: StatementChange): string[] {
  const who = `statement ${code(s.sid)}`;
  if (s.change === 'added') return [`  - **added** ${who}: ${s.fields.map((f) => fieldText(f, 'after')).join('; ')}`];
  if (s.change === 'removed') return [`  - **removed** ${who}: ${s.fields.map((f) => fieldText(f, 'before')).join('; ')}`];
  return [`  - **changed** ${who}:`, ...s.fields.map((f) => `    - ${f.name}: ${fieldChange(f)}`)];
}

const strings = (v: unknown): string[] | undefined => (typeof v === 'string' ? [v] : Array.isArray(v) && v.every((i) => typeof i === 'string') ? (v as string[]) : undefined);

/** A changed field: for lists of names (actions, resources) the names added and removed, else before → after. */
function fieldChange(f: FieldChange): string {
  const before = strings(f.before);
  const after = strings(f.after);
  if (before !== undefined && after !== undefined) {
    const added = after.filter((a) => !before.includes(a)).map((a) => `+ ${code(a)}`);
    const removed = before.filter((b) => !after.includes(b)).map((b) => `− ${code(b)}`);
    return [...added, ...removed].join(', ');
  }
  return beforeAfter(f.before === undefined ? undefined : json(f.before), f.after === undefined ? undefined : json(f.after));
}

function policyLines(p: PolicyReview): string[] {
  const name = p.name ? ` ${code(p.name)}` : '';
  return [`- ${MARK[p.action]} ${p.kind}${name} (${p.resource}${p.action === 'update' ? '' : `, ${VERB[p.action]}`})`, ...p.statements.flatMap(statementLines)];
}

function attributeLine(a: AttributeReview): string {
  return `  - ${code(a.name)}: ${beforeAfter(a.before, a.after)}`;
}

function resourceLines(r: ResourceReview): string[] {
  return [`- ${MARK[r.action]} ${r.resource}${r.action === 'update' ? '' : ` (${VERB[r.action]})`}`, ...r.attributes.map(attributeLine)];
}

export function alertLine(a: Alert): string {
  return `**${VERB[a.action]}** ${a.resource}${a.name ? ` ${code(a.name)}` : ''}: ${a.action === 'forget' ? '' : 'loses '}${a.loses}`;
}

/** The body of one unit: alerts, documents, policies, other resources. */
function unitBody(u: ReviewUnit): string {
  const lines: string[] = [];
  if (u.alerts.length > 0) lines.push(...u.alerts.map((a) => `- :rotating_light: ${alertLine(a)}`), '');
  if (u.documents.length > 0) lines.push(...u.documents.flatMap(documentLines), '');
  if (u.policies.length > 0) lines.push(...u.policies.flatMap(policyLines), '');
  if (u.resources.length > 0) lines.push(...u.resources.flatMap(resourceLines), '');
  return lines.join('\n').trimEnd();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The unit's text with its account ID and Region read as placeholders, so identical changes compare equal. */
function normalized(u: ReviewUnit, text: string): string {
  let out = text;
  if (u.account) out = out.replace(new RegExp(escapeRegExp(u.account), 'g'), '<account>');
  if (u.region) out = out.replace(new RegExp(escapeRegExp(u.region), 'g'), '<region>');
  return out;
}

function accountName(u: ReviewUnit, options: ReviewOptions): string {
  return (u.account && options.accounts?.get(u.account)?.name) || u.stack;
}

function title(units: readonly ReviewUnit[], options: ReviewOptions): string {
  const groups = new Set(units.map((u) => (u.account ? options.accounts?.get(u.account)?.group : undefined)));
  const group = groups.size === 1 ? [...groups][0] : undefined;
  const wide = units.every((u) => u.region === undefined);
  const what = wide ? 'account' : 'account-Region';
  if (units.length === 1) {
    const u = units[0];
    return `${accountName(u, options)}${group ? ` (${group} group)` : ''}, ${u.region ?? 'account-wide'}`;
  }
  const names = new Set(units.map((u) => accountName(u, options)));
  if (names.size === 1 && !wide) return `${[...names][0]}${group ? ` (${group} group)` : ''}, ${units.length} Regions`;
  return `${group ? `${group} group, ` : ''}${units.length} ${what}s${wide ? ' (account-wide)' : ''}`;
}

function members(units: readonly ReviewUnit[], options: ReviewOptions): string {
  const byAccount = new Map<string, string[]>();
  for (const u of units) {
    const name = accountName(u, options);
    byAccount.set(name, [...(byAccount.get(name) ?? []), u.region ?? 'account-wide']);
  }
  // Accounts with the same Regions share one line: `prod-a, prod-b: us-east-1, eu-west-1`.
  const byRegions = new Map<string, string[]>();
  for (const [name, regions] of byAccount) {
    const key = regions.join(', ');
    byRegions.set(key, [...(byRegions.get(key) ?? []), name]);
  }
  return [...byRegions].map(([regions, names]) => `${names.join(', ')}: ${regions}`).join('; ');
}

/** Groups units with the identical change, in order of their first unit. Units without changes are left out. */
export function groupReview(units: readonly ReviewUnit[], options: ReviewOptions = {}): ReviewGroup[] {
  const groups = new Map<string, ReviewUnit[]>();
  for (const u of units) {
    const body = unitBody(u);
    if (body === '') continue;
    const key = normalized(u, body);
    groups.set(key, [...(groups.get(key) ?? []), u]);
  }
  return [...groups].map(([key, members_]) => ({
    units: members_,
    title: title(members_, options),
    members: members(members_, options),
    body: members_.length === 1 ? unitBody(members_[0]) : key,
    alerts: members_[0].alerts,
  }));
}

/** The loud part: every destroy, replacement and forget, grouped like the changes. */
export function renderAlerts(groups: readonly ReviewGroup[]): string {
  const loud = groups.filter((g) => g.alerts.length > 0);
  if (loud.length === 0) return '';
  const count = loud.reduce((n, g) => n + g.alerts.length * g.units.length, 0);
  const lines = [
    `> [!CAUTION]`,
    `> **${count} destroy${count === 1 ? '' : 's'}, replacement${count === 1 ? '' : 's'} or forget${count === 1 ? '' : 's'}.** Read these before approving:`,
    '>',
  ];
  for (const g of loud) {
    lines.push(`> - **${g.title}** (${g.members}):`);
    for (const a of g.alerts) lines.push(`>   - ${alertLine(a)}`);
  }
  return `${lines.join('\n')}\n\n`;
}

/** One group as Markdown: heading, members, change. */
export function renderGroup(g: ReviewGroup, heading = '####'): string {
  const note = g.units.length > 1 && /<account>|<region>/.test(g.body) ? '\n\n`<account>` and `<region>` stand for each member’s own.' : '';
  return `${heading} ${g.title}\n\n${g.members}${note}\n\n${g.body}\n\n`;
}

/** The whole review as Markdown (the command line's output, the job summary's detail). */
export function renderReview(units: readonly ReviewUnit[], options: ReviewOptions = {}): string {
  const groups = groupReview(units, options);
  if (groups.length === 0) return 'No changes.\n';
  const changed = units.filter((u) => unitBody(u) !== '');
  const regions = changed.filter((u) => u.region !== undefined).length;
  const wide = changed.length - regions;
  const where = [...(regions > 0 ? [`${regions} account-Region${regions === 1 ? '' : 's'}`] : []), ...(wide > 0 ? [`${wide} account${wide === 1 ? '' : 's'} account-wide`] : [])];
  const head = `### Review: ${groups.length} distinct change${groups.length === 1 ? '' : 's'} in ${where.join(' and ')}\n\n`;
  return `${head}${renderAlerts(groups)}${groups.map((g) => renderGroup(g)).join('')}`;
}
