/**
 * Whether an existing resource is the project's own: listed in its stack's Terraform state (when
 * the state can be read), or carrying the project's ManagedBy tag. Preflight reports such a
 * resource as managed (the apply updates it in place) instead of as a conflict, and tells an
 * earlier deployment whose state is lost (tagged, but absent from a state it could read) apart
 * from a stranger's resource (neither tagged nor in the state).
 */
import type { Tags } from '../aws/readers';
import type { BackendModel } from '../model/model';
import { MANAGED_BY_TAG } from '../model/resource-names';
import { TERRAFORM_TYPE_OF } from '../plan/resource-plan';
import { readStackState, stateHolds, type StackState } from '../state/read-state';
import type { ExpectedResource } from './expected';
import type { Finding } from './findings';

/** What preflight knows about the project's own resources. */
export interface Ownership {
  /** The tag the project gives every resource (provider default_tags); absent when the configuration drops it. */
  readonly tag?: { readonly key: string; readonly value: string };
  /** The state of a stack, or undefined when it cannot be read here (no local file, a cloud backend). */
  readonly state: (stack: string) => StackState | undefined;
  /** Why a stack's state cannot be read, for messages. */
  readonly unreadableBecause: (stack: string) => string;
}

/** Knows nothing: every existing resource is a stranger's (the behaviour before the first apply). */
export const NO_OWNERSHIP: Ownership = { state: () => undefined, unreadableBecause: () => 'no state was given' };

/** The ownership of a configuration: its ManagedBy tag, and the local state files in `stateDir` (read once per stack). */
export function ownershipOf(model: { readonly tags: Readonly<Record<string, string>>; readonly backend: BackendModel }, stateDir: string): Ownership {
  const value = model.tags[MANAGED_BY_TAG];
  const cache = new Map<string, StackState | undefined>();
  const local = model.backend.type === 'local';
  return {
    ...(value !== undefined ? { tag: { key: MANAGED_BY_TAG, value } } : {}),
    state: (stack) => {
      if (!local) return undefined;
      if (!cache.has(stack)) cache.set(stack, readStackState(stack, stateDir));
      return cache.get(stack);
    },
    unreadableBecause: (stack) =>
      local ? `there is no readable local state for ${stack} in ${stateDir}` : `the state of ${stack} is in the cloud backend, which preflight does not read`,
  };
}

const NAME_ARG_OF_TYPE: Readonly<Record<string, string | undefined>> = Object.fromEntries(Object.values(TERRAFORM_TYPE_OF).map((t) => [t.type, t.nameArg]));

/** The ID `terraform import` takes for the resource (IAM policies are imported by ARN). */
function importId(e: ExpectedResource, existing: Readonly<Record<string, unknown>>): string {
  return e.kind === 'iamPolicy' && typeof existing.arn === 'string' ? existing.arn : e.name;
}

/**
 * A finding for a resource that exists and is the project's own (managed, or lost state), or
 * undefined when it is a stranger's. `readTags` is called only when the state does not settle it.
 */
export async function ownFinding(
  e: ExpectedResource,
  own: Ownership,
  existing: Readonly<Record<string, unknown>>,
  readTags: () => Promise<Tags | undefined>,
): Promise<Finding | undefined> {
  const base = { kind: e.kind, name: e.name, stack: e.stack, address: e.address };
  const state = own.state(e.stack);
  const type = e.address.split('.')[0];
  if (state && stateHolds(state, e.address, e.name, NAME_ARG_OF_TYPE[type])) {
    return {
      ...base,
      severity: 'info',
      state: 'managed',
      managedBy: 'state',
      existing: { ...existing, state: state.file },
      atApply: `nothing new: Terraform manages it (${state.file} lists ${e.address}); a plan updates it in place where it differs from the configuration`,
      action: 'nothing',
    };
  }
  if (own.tag === undefined) return undefined;
  const tags = await readTags();
  if (tags?.[own.tag.key] !== own.tag.value) return undefined;
  const tagText = `${own.tag.key}=${own.tag.value}`;
  if (state) {
    return {
      ...base,
      severity: 'blocking',
      state: 'lostState',
      managedBy: 'tag',
      existing: { ...existing, tag: tagText, state: state.file },
      atApply: `the create fails (the name is taken): it carries this project's tag ${tagText}, so an earlier deployment made it, but ${state.file} does not list ${e.address} (that state was lost or replaced)`,
      action:
        `import it into the ${e.stack} stack's state: npx cdktf synth, then in cdktf.out/stacks/${e.stack}: terraform import '${e.address}' '${importId(e, existing)}'` +
        ` (restore the state from a backup instead, if you have one: docs/state.md); do not adopt it with adoptExisting/adoptResources, which are for resources made outside the project`,
    };
  }
  return {
    ...base,
    severity: 'info',
    state: 'managed',
    managedBy: 'tag',
    existing: { ...existing, tag: tagText },
    atApply: `nothing new if it is in the state the apply uses: it carries this project's tag ${tagText} (${own.unreadableBecause(e.stack)}); if that state was lost, terraform import '${e.address}' '${importId(e, existing)}' in the ${e.stack} stack`,
    action: 'nothing',
  };
}
