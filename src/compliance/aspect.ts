/**
 * The compliance Aspect: visits every Terraform resource, data source and provider of the stacks
 * it is added to, applies every rule, matches suppressions and collects findings.
 *
 * cdktf invokes Aspects per stack during `app.synth()` (Aspects added to the App itself are never
 * invoked), so add it to each stack: `applyCompliance()` in attach.ts does. With `annotate` (the
 * default), unsuppressed findings also become construct annotations: errors make cdktf fail the
 * synth of that stack, as any error annotation does. The Aspect is idempotent: visiting a construct
 * twice (a check before synth, then synth itself) neither re-evaluates nor duplicates anything.
 */
import { Annotations, DefaultTokenResolver, type IAspect, StringConcat, TerraformDataSource, TerraformProvider, TerraformResource, TerraformStack, Tokenization } from 'cdktf';
import type { IConstruct } from 'constructs';
import { RULES } from './rules';
import { DEFAULT_RULE_SETTINGS, type ElementView, type Finding, type Rule, type RuleSettings, type StackView, type Suppression, toViolation } from './rule';

export interface ComplianceOptions {
  /** Rules to apply (default: every rule in rules/index.ts). */
  readonly rules?: readonly Rule[];
  readonly settings?: Partial<RuleSettings>;
  readonly suppressions?: readonly Suppression[];
  /** Add unsuppressed findings as construct annotations (default true). */
  readonly annotate?: boolean;
  /**
   * The Terraform JSON of an element, unresolved (default: its `toTerraform()`). An app whose
   * synth builds the same JSON again can hand it one it keeps (stacks/resolve-once-stack.ts).
   */
  readonly terraformOf?: (element: TerraformResource | TerraformDataSource | TerraformProvider) => Record<string, unknown>;
}

/** A suppression that matched no finding, and why. */
export interface UnmatchedSuppression {
  readonly suppression: Suppression;
  readonly reason: string;
}

/** Everything the Aspect found, for reports and exit codes. */
export interface ComplianceResult {
  readonly rules: readonly Rule[];
  /** Stacks visited, in tree order. */
  readonly stacks: readonly string[];
  /** Every finding, suppressed ones included, in tree order. */
  readonly findings: readonly Finding[];
  /** Unsuppressed error findings: synth fails when there is any. */
  readonly errors: readonly Finding[];
  /** Unsuppressed warnings. */
  readonly warnings: readonly Finding[];
  readonly suppressed: readonly Finding[];
  readonly unmatchedSuppressions: readonly UnmatchedSuppression[];
  /** How many elements of a stack a rule looked at (0: the rule does not apply there). */
  evaluated(rule: string, stack: string): number;
}

/** `*` matches any run of characters; everything else is literal. */
function glob(pattern: string): string {
  return pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
}

/** Whether a suppression covers a finding: same rule, stack matches, path equal to or under `resource`. */
export function suppressionMatches(s: Suppression, finding: Pick<Finding, 'rule' | 'stack' | 'path'>): boolean {
  if (s.rule !== finding.rule) return false;
  if (s.stack !== undefined && !new RegExp(`^${glob(s.stack)}$`).test(finding.stack)) return false;
  if (s.resource !== undefined && !new RegExp(`^${glob(s.resource.replace(/\/+$/, ''))}(/.*)?$`).test(finding.path)) return false;
  return true;
}

function isElement(node: IConstruct): node is TerraformResource | TerraformDataSource | TerraformProvider {
  return TerraformResource.isTerraformResource(node) || TerraformDataSource.isTerraformDataSource(node) || TerraformProvider.isTerraformProvider(node);
}

/** The first (only) block of a one-entry map such as `{ resource: { type: { id: {...} } } }`, without cdktf's `//` metadata. */
function firstBlock(section: unknown): Record<string, unknown> | undefined {
  if (section === null || typeof section !== 'object') return undefined;
  const byType = Object.values(section as Record<string, unknown>)[0];
  if (byType === null || typeof byType !== 'object') return undefined;
  const first = Array.isArray(byType) ? byType[0] : Object.values(byType as Record<string, unknown>)[0];
  if (first === null || typeof first !== 'object') return undefined;
  const { '//': _metadata, ...config } = first as Record<string, unknown>;
  return config;
}

/**
 * The arguments of a block as Terraform will get them, references resolved to `${type.name.attr}`
 * where possible. Each argument is resolved when a rule first reads it, then kept: most rules read
 * one or two arguments (a provider, a policy, a document's content), and resolving every argument of
 * every element was most of the Aspect's time. An argument that does not resolve stays as cdktf's
 * token string (`${TfToken[...]}`), which still reads as "a reference".
 */
function lazilyResolved(raw: Record<string, unknown>, stack: TerraformStack): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    let resolved: { value: unknown } | undefined;
    Object.defineProperty(config, key, {
      enumerable: true,
      get: () => {
        if (resolved === undefined) {
          try {
            resolved = { value: Tokenization.resolve(value, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) }) };
          } catch {
            resolved = { value };
          }
        }
        return resolved.value;
      },
    });
  }
  return config;
}

/** The element as Terraform will get it (its arguments resolved lazily). */
function elementView(node: TerraformResource | TerraformDataSource | TerraformProvider, stack: TerraformStack, terraformOf: TerraformOf): ElementView | undefined {
  const raw = terraformOf(node);
  const common = { construct: node, path: node.node.path, stack: stack.node.id, type: node.terraformResourceType };
  if (TerraformProvider.isTerraformProvider(node)) {
    const block = firstBlock(raw.provider);
    if (!block) return undefined;
    const config = lazilyResolved(block, stack);
    const alias = typeof config.alias === 'string' ? config.alias : undefined;
    return { ...common, kind: 'provider', address: alias ? `${node.terraformResourceType}.${alias}` : node.terraformResourceType, config };
  }
  const data = TerraformDataSource.isTerraformDataSource(node);
  const block = firstBlock(data ? raw.data : raw.resource);
  if (!block) return undefined; // a moved resource has no block of its own
  const address = `${data ? 'data.' : ''}${node.terraformResourceType}.${node.friendlyUniqueId}`;
  return { ...common, kind: data ? 'data' : 'resource', address, config: lazilyResolved(block, stack) };
}

type TerraformOf = NonNullable<ComplianceOptions['terraformOf']>;

function stackView(stack: TerraformStack, terraformOf: TerraformOf): StackView & { readonly byConstruct: ReadonlyMap<IConstruct, ElementView> } {
  const elements: ElementView[] = [];
  for (const node of stack.node.findAll()) {
    if (!isElement(node) || TerraformStack.of(node) !== stack) continue;
    const view = elementView(node, stack, terraformOf);
    if (view) elements.push(view);
  }
  return {
    name: stack.node.id,
    elements,
    byAddress: new Map(elements.map((e) => [e.address, e])),
    byConstruct: new Map(elements.map((e) => [e.construct, e])),
  };
}

export class ComplianceAspect implements IAspect {
  readonly rules: readonly Rule[];
  readonly settings: RuleSettings;
  readonly suppressions: readonly Suppression[];
  private readonly annotate: boolean;
  private readonly terraformOf: TerraformOf;
  private readonly views = new Map<TerraformStack, ReturnType<typeof stackView>>();
  private readonly visited = new Set<IConstruct>();
  private readonly stackNames: string[] = [];
  private readonly found: Finding[] = [];
  private readonly counts = new Map<string, number>();

  constructor(options: ComplianceOptions = {}) {
    this.rules = options.rules ?? RULES;
    this.settings = { ...DEFAULT_RULE_SETTINGS, ...options.settings };
    this.suppressions = options.suppressions ?? [];
    this.annotate = options.annotate ?? true;
    this.terraformOf = options.terraformOf ?? ((element) => element.toTerraform() as Record<string, unknown>);
  }

  visit(node: IConstruct): void {
    if (this.visited.has(node)) return;
    if (TerraformStack.isStack(node)) {
      this.visited.add(node);
      if (!this.stackNames.includes(node.node.id)) this.stackNames.push(node.node.id);
      return;
    }
    if (!isElement(node)) return;
    this.visited.add(node);
    const stack = TerraformStack.of(node);
    if (!this.stackNames.includes(stack.node.id)) this.stackNames.push(stack.node.id);
    let view = this.views.get(stack);
    if (!view) {
      view = stackView(stack, this.terraformOf);
      this.views.set(stack, view);
    }
    const element = view.byConstruct.get(node);
    if (!element) return;
    const context = { settings: this.settings, stack: view };
    for (const rule of this.rules) {
      if (!rule.appliesTo(element, context)) continue;
      const key = `${rule.id}\u0000${element.stack}`;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      for (const violation of rule.check(element, context).map(toViolation)) {
        const base = {
          rule: rule.id,
          severity: violation.severity ?? rule.severity,
          stack: element.stack,
          path: element.path,
          address: element.address,
          message: violation.message,
        };
        const suppressedBy = this.suppressions.find((s) => suppressionMatches(s, base));
        const finding: Finding = suppressedBy ? { ...base, suppressedBy } : base;
        this.found.push(finding);
        if (this.annotate && !suppressedBy) {
          const text = `[${finding.rule}] ${finding.message}`;
          if (finding.severity === 'error') Annotations.of(node).addError(text);
          else Annotations.of(node).addWarning(text);
        }
      }
    }
  }

  /** What has been found so far (call after synth, or after `run()` of apply.ts). */
  result(): ComplianceResult {
    const findings = [...this.found];
    const ruleIds = new Set(this.rules.map((r) => r.id));
    const unmatchedSuppressions = this.suppressions.flatMap((suppression): UnmatchedSuppression[] => {
      if (findings.some((f) => suppressionMatches(suppression, f))) return [];
      let reason = `no finding of ${suppression.rule} matches it`;
      if (!ruleIds.has(suppression.rule)) reason = `there is no rule ${suppression.rule}`;
      else if (
        suppression.stack !== undefined &&
        !this.stackNames.some((s) => suppressionMatches({ ...suppression, resource: undefined }, { rule: suppression.rule, stack: s, path: s }))
      ) {
        reason = `no stack matches ${suppression.stack}`;
      }
      return [{ suppression, reason }];
    });
    const counts = new Map(this.counts);
    return {
      rules: this.rules,
      stacks: [...this.stackNames],
      findings,
      errors: findings.filter((f) => !f.suppressedBy && f.severity === 'error'),
      warnings: findings.filter((f) => !f.suppressedBy && f.severity === 'warning'),
      suppressed: findings.filter((f) => f.suppressedBy),
      unmatchedSuppressions,
      evaluated: (rule, stack) => counts.get(`${rule}\u0000${stack}`) ?? 0,
    };
  }
}
