/**
 * A TerraformStack that resolves each of its elements once per synth instead of twice.
 *
 * cdktf's `app.synth()` first calls `prepareStack()` on every stack, which resolves every element
 * (with `preparing`, so that a cross-stack reference creates its output and remote state) and
 * throws the result away; then `toTerraform()` resolves every element again. Resolution was the
 * largest cost of a synth (50 accounts × 17 Regions: about 1.3 s of 9 s of CPU went to the second
 * pass alone). Here `prepareStack()` keeps what it resolved, and `toTerraform()` uses it for the
 * elements that existed then; elements added by the preparation (cross-stack outputs and remote
 * state) are resolved as cdktf does. The result is the same: a preparing resolution differs from a
 * plain one only in registering cross-stack references, and it returns the same reference string
 * (cdktf's Reference.resolve).
 *
 * cdktf then resolved the merged tree of the whole stack once more, which changes nothing that is
 * already resolved; here only the stack's overrides (`addOverride`) are resolved as they are merged.
 *
 * The kept resolution is used once, by the next `toTerraform()`, and dropped. Between the two,
 * cdktf invokes the stack's Aspects: an Aspect that changed an element then would be lost, so this
 * app's Aspects only inspect (the compliance Aspect). `toTerraform()` without a `prepareStack()`
 * before it (Testing.synth) is cdktf's own. The rest of `toTerraform()` follows cdktf 0.21.0
 * (terraform-stack.js) line by line; __tests__/resolve-once-stack.test.ts compares both on a
 * stack with outputs, overrides and cross-stack references, and an other cdktf version falls
 * back to cdktf's own.
 */
import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformOutput, TerraformStack, Tokenization } from 'cdktf';
import type { IConstruct } from 'constructs';

/** The cdktf version whose `TerraformStack.toTerraform()` this file follows. */
export const FOLLOWED_CDKTF_VERSION = '0.21.0';

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** cdktf's private `resolve(scope, obj, preparing)` (lib/_tokens.js), through the public API. */
function resolveIn(scope: TerraformStack, obj: unknown, preparing = false): unknown {
  return Tokenization.resolve(obj, { scope, preparing, resolver: RESOLVER });
}

/** Merges `source` into `target` as cdktf's `deepMerge` (lib/util.js) does; `undefined` deletes. */
function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      if (typeof target[key] !== 'object') target[key] = {};
      if (Tokenization.isResolvable(value)) {
        target[key] = value;
        continue;
      }
      deepMerge(target[key] as Record<string, unknown>, value as Record<string, unknown>);
    } else if (Array.isArray(value)) {
      const existing = target[key];
      target[key] = Array.isArray(existing) ? [...(existing as unknown[]), ...value] : value;
    } else if (value === undefined) {
      delete target[key];
    } else {
      target[key] = value;
    }
  }
  return target;
}

/**
 * Merges the stack's overrides into the resolved `target` as `deepMerge` would, resolving each
 * value the override brings (what cdktf's final resolution of the whole merged tree did for them).
 */
function mergeOverrides(stack: TerraformStack, target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const rawKey of Object.keys(source)) {
    const value = source[rawKey];
    const key = resolveIn(stack, rawKey) as string;
    if (value === undefined) {
      delete target[key];
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value) && !Tokenization.isResolvable(value)) {
      if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
      mergeOverrides(stack, target[key] as Record<string, unknown>, value as Record<string, unknown>);
    } else if (Array.isArray(value)) {
      const existing = target[key];
      const resolved = resolveIn(stack, value) as unknown[];
      target[key] = Array.isArray(existing) ? [...(existing as unknown[]), ...resolved] : resolved;
    } else {
      target[key] = resolveIn(stack, value);
    }
  }
}

/** The Terraform elements of `node`'s stack, in tree order, not descending into sub-stacks (cdktf's `terraformElements`). */
function terraformElements(node: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (TerraformStack.isStack(child)) continue;
    terraformElements(child, into);
  }
  return into;
}

/** What `toTerraform()` needs of cdktf's private fields. */
interface StackInternals {
  readonly rawOverrides: Record<string, unknown>;
  readonly cdktfVersion: string;
}

/**
 * The unresolved Terraform JSON of `element` (its `toTerraform()`), for the compliance rules: in a
 * ResolveOnceStack it is kept, and the stack's next `prepareStack()` resolves that instead of
 * building it again. The rules run on the finished app, just before synth (main.ts).
 */
export function terraformOfElement(element: TerraformElement): Record<string, unknown> {
  const stack = TerraformStack.of(element);
  if (stack instanceof ResolveOnceStack) return stack.unresolvedTerraform(element);
  return element.toTerraform() as Record<string, unknown>;
}

export class ResolveOnceStack extends TerraformStack {
  /** Each element's resolution by the last `prepareStack()`, until `toTerraform()` takes it. */
  private prepared: Map<TerraformElement, unknown> | undefined;
  /** Elements' unresolved JSON read before the synth (terraformOfElement), until `prepareStack()` takes it. */
  private readonly unresolved = new Map<TerraformElement, Record<string, unknown>>();

  /** `element.toTerraform()`, kept for the next `prepareStack()`. */
  unresolvedTerraform(element: TerraformElement): Record<string, unknown> {
    let json = this.unresolved.get(element);
    if (json === undefined) this.unresolved.set(element, (json = element.toTerraform() as Record<string, unknown>));
    return json;
  }

  override prepareStack(): void {
    this.ensureBackendExists();
    const prepared = new Map<TerraformElement, unknown>();
    // A preparing resolve run might add new elements to this or another stack (cross-stack references).
    for (const element of terraformElements(this)) {
      prepared.set(element, resolveIn(this, this.unresolved.get(element) ?? element.toTerraform(), true));
    }
    this.unresolved.clear();
    this.prepared = prepared;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- cdktf's own signature
  override toTerraform(): any {
    const prepared = this.prepared;
    this.prepared = undefined;
    const internals = this as unknown as StackInternals;
    if (prepared === undefined || internals.cdktfVersion !== FOLLOWED_CDKTF_VERSION) return super.toTerraform();
    const rawOverrides = internals.rawOverrides;
    const tf: Record<string, unknown> = {};
    const metadata: Record<string, unknown> = {
      version: internals.cdktfVersion,
      stackName: this.node.id,
      backend: 'local', // overwritten by backend implementations if used
      cloud: undefined, // overwritten by cloud and remote backend implementations
      ...(Object.keys(rawOverrides).length > 0 ? { overrides: { stack: Object.keys(rawOverrides) } } : {}),
    };
    const elements = terraformElements(this);
    for (const element of elements) deepMerge(metadata, resolveIn(this, element.toMetadata()) as Record<string, unknown>);
    const outputs: Record<string, unknown> = {};
    for (const item of elements) {
      if (!TerraformOutput.isTerraformOutput(item)) continue;
      deepMerge(
        outputs,
        item.node.path.split('/').reduceRight<Record<string, unknown>>((inner, part) => {
          if (Object.keys(inner).length === 0) return { [part]: item.friendlyUniqueId };
          return { [part]: inner };
        }, {}),
      );
    }
    // cdktf resolves the whole tree once more at the end, which leaves resolved values as they are
    // and drops undefined ones (the local backend's `cloud`): only the overrides are left to resolve.
    for (const key of Object.keys(metadata)) if (metadata[key] === undefined) delete metadata[key];
    tf['//'] = { metadata, outputs };
    const fragments = elements.map((e) => (prepared.has(e) ? prepared.get(e) : resolveIn(this, e.toTerraform())));
    for (const fragment of fragments) deepMerge(tf, fragment as Record<string, unknown>);
    mergeOverrides(this, tf, rawOverrides);
    return tf;
  }
}
