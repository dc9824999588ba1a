/**
 * What a compliance rule is (in the manner of cdk-nag: one small module per rule with an id, a
 * description, a severity and a check), what it sees of the synthesized app, and what it reports.
 *
 * Rules never see constructs' TypeScript properties: they see each Terraform element as it will be
 * written (snake_case, references resolved to `${type.name.attribute}` strings), so a rule judges
 * exactly what `cdktf diff` would get, whoever created the resource.
 */
import type { IConstruct } from 'constructs';

/** `error` fails synth; `warning` is reported and does not. */
export type Severity = 'error' | 'warning';

/** Thresholds rules read; defaults come from the configuration (`compliance` section). */
export interface RuleSettings {
  /** Largest idle session timeout (minutes) a Session document may set. */
  readonly maxIdleSessionTimeout: number;
  /** Shortest retention (days) a log group may have; 0 (never expire) always passes. */
  readonly minLogRetentionDays: number;
}

/**
 * Thresholds used when none are given (also the configuration's defaults, src/config/defaults.ts).
 * Idle sessions: 20 minutes, the default idleSessionTimeout, so a document that idles longer needs
 * a reasoned suppression; PCI DSS 8.2.8 and FedRAMP AC-11 ask for 15. Log retention: one year
 * (Security Hub CloudWatch.16).
 */
export const DEFAULT_RULE_SETTINGS: RuleSettings = { maxIdleSessionTimeout: 20, minLogRetentionDays: 365 };

/** A Terraform element of a stack (resource, data source or provider) as it is synthesized. */
export interface ElementView {
  readonly construct: IConstruct;
  readonly kind: 'resource' | 'data' | 'provider';
  /** Terraform type: `aws_s3_bucket`, or the provider name (`aws`) for providers. */
  readonly type: string;
  /** Terraform address: `aws_s3_bucket.<id>`, `data.aws_iam_policy_document.<id>`, `aws.<alias>`. */
  readonly address: string;
  /** Construct path, for findings and suppressions. */
  readonly path: string;
  /** Name (construct id) of the stack the element belongs to. */
  readonly stack: string;
  /** The element's arguments (snake_case, references as `${…}` strings), without cdktf metadata. */
  readonly config: Readonly<Record<string, unknown>>;
}

/** Every element of one stack, for rules that look across resources (bucket companions, providers). */
export interface StackView {
  readonly name: string;
  readonly elements: readonly ElementView[];
  /** Elements by Terraform address. */
  readonly byAddress: ReadonlyMap<string, ElementView>;
}

/** What a check gets besides the element itself. */
export interface RuleContext {
  readonly settings: RuleSettings;
  readonly stack: StackView;
}

/** One problem a check found; the severity defaults to the rule's. */
export interface Violation {
  readonly message: string;
  readonly severity?: Severity;
}

/** A compliance rule. One per file under src/compliance/rules/, listed in rules/index.ts. */
export interface Rule {
  /** Stable id, `SMP-<SERVICE>-<n>`; suppressions name it. */
  readonly id: string;
  /** One line: what a compliant app does. */
  readonly description: string;
  readonly severity: Severity;
  /** Scanner controls this rule corresponds to (Checkov, Trivy, Security Hub, Prowler, AWS Config). */
  readonly controls: readonly string[];
  /** Whether the rule looks at this element (no finding and no "pass" when false). */
  appliesTo(element: ElementView, context: RuleContext): boolean;
  /** Problems of the element; empty when it complies. */
  check(element: ElementView, context: RuleContext): readonly (string | Violation)[];
}

/** A suppression from the configuration, as the engine matches it. */
export interface Suppression {
  /** Rule id. */
  readonly rule: string;
  /** Stack name; `*` matches any run of characters. */
  readonly stack?: string;
  /** Construct path or path prefix; `*` matches any run of characters. */
  readonly resource?: string;
  readonly reason: string;
  /** Where it is written, such as `compliance.suppressions[0]`. */
  readonly source: string;
}

/** One finding: a rule, an element, a message; suppressed findings carry the suppression. */
export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly stack: string;
  /** Construct path of the element. */
  readonly path: string;
  /** Terraform address of the element. */
  readonly address: string;
  readonly message: string;
  readonly suppressedBy?: Suppression;
}

/** Normalizes a check's output. */
export function toViolation(v: string | Violation): Violation {
  return typeof v === 'string' ? { message: v } : v;
}
