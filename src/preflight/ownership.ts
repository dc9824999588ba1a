/**
 * Whether an existing resource is the project's own: listed in its stack's Terraform state (when
 * the state can be read), or carrying the project's ManagedBy tag together with a ManagedByStack
 * tag that names a stack of this configuration (or none: made by a version before that tag).
 * Preflight reports such a resource as managed (the apply updates it in place) instead of as a
 * conflict, and tells an earlier deployment whose state is lost (tagged, but absent from a state it
 * could read) apart from a stranger's resource (neither tagged nor in the state) and from another
 * deployment's (tagged ManagedBy, but by a stack this configuration does not have).
 */
import type { Tags } from '../aws/readers';
import type { BackendModel, Model } from '../model/model';
import { MANAGED_BY_STACK_TAG, MANAGED_BY_TAG } from '../model/resource-names';
import { stackNamesOf } from '../model/stack-plan';
import { TERRAFORM_TYPE_OF } from '../plan/resource-plan';
import { readStackState, stateHolds, type StackState } from '../state/read-state';
import type { ExpectedResource } from './expected';
import type { Finding } from './findings';

/** What preflight knows about the project's own resources. */
export interface Ownership {
  /** The tag the project gives every resource (provider default_tags); absent when the configuration drops it. */
  readonly tag?: { readonly key: string; readonly value: string };
  /** Every stack of the configuration: a ManagedByStack tag naming another stack is another deployment's. Absent: not checked. */
  readonly stacks?: ReadonlySet<string>;
  /** The state of a stack, or undefined when it cannot be read here (no local file, a cloud backend). */
  readonly state: (stack: string) => StackState | undefined;
  /** Why a stack's state cannot be read, for messages. */
  readonly unreadableBecause: (stack: string) => string;
}

/** Knows nothing: every existing resource is a stranger's (the behaviour before the first apply). */
export const NO_OWNERSHIP: Ownership = { state: () => undefined, unreadableBecause: () => 'no state was given' };

/**
 * The ownership of a configuration: its ManagedBy tag, its stacks (all of them, whichever accounts
 * a run selects), and the local state files in `stateDir` (read once per stack).
 */
export function ownershipOf(
  model: Pick<Model, 'accounts' | 'shardSize' | 'logArchive'> & { readonly tags: Readonly<Record<string, string>>; readonly backend: BackendModel },
  stateDir: string,
): Ownership {
  const value = model.tags[MANAGED_BY_TAG];
  const cache = new Map<string, StackState | undefined>();
  const local = model.backend.type === 'local';
  return {
    ...(value !== undefined ? { tag: { key: MANAGED_BY_TAG, value } } : {}),
    stacks: new Set(stackNamesOf(model)),
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
 * A finding for a resource that exists and is the project's own (managed, or lost state) or
 * another deployment's of this project, or undefined when it is a stranger's. `readTags` is called
 * only when the state does not settle it.
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
  const stackTag = tags[MANAGED_BY_STACK_TAG];
  const id = importId(e, existing);
  const seen = { ...existing, tag: tagText, ...(stackTag !== undefined ? { stackTag: `${MANAGED_BY_STACK_TAG}=${stackTag}` } : {}) };
  if (stackTag !== undefined && stackTag !== e.stack && own.stacks !== undefined && !own.stacks.has(stackTag)) {
    return otherDeployment(e, base, seen, tagText, stackTag, id);
  }
  const moved = stackTag !== undefined && stackTag !== e.stack;
  // What the stack tag adds to the story (nothing when it names the stack that plans the resource).
  const note =
    stackTag === undefined
      ? ` (no ${MANAGED_BY_STACK_TAG} tag: a version of this project before that tag made it; the next apply adds it)`
      : moved
        ? ` (${MANAGED_BY_STACK_TAG}=${stackTag}: the ${stackTag} stack of this configuration made it, and ${e.stack} plans it now: it moved between stacks)`
        : '';
  const move = moved ? `remove it from the ${stackTag} stack's state (terraform state rm, in cdktf.out/stacks/${stackTag}), then ` : '';
  if (state) {
    return {
      ...base,
      severity: 'blocking',
      state: 'lostState',
      managedBy: 'tag',
      existing: { ...seen, state: state.file },
      atApply: `the create fails (the name is taken): it carries this project's tag ${tagText}${note}, so an earlier deployment made it, but ${state.file} does not list ${e.address} (${moved ? 'it is not there yet' : 'that state was lost or replaced'})`,
      action:
        `${move}import it into the ${e.stack} stack's state: npx cdktf synth, then in cdktf.out/stacks/${e.stack}: terraform import '${e.address}' '${id}'` +
        ` (restore the state from a backup instead, if you have one: docs/state.md); do not adopt it with adoptExisting/adoptResources, which are for resources made outside the project`,
    };
  }
  return {
    ...base,
    severity: 'info',
    state: 'managed',
    managedBy: 'tag',
    existing: seen,
    atApply:
      `nothing new if it is in the state the apply uses: it carries this project's tag ${tagText}${note} (${own.unreadableBecause(e.stack)}); ` +
      `if that state ${moved ? 'does not list it' : 'was lost'}, ${move}terraform import '${e.address}' '${id}' in the ${e.stack} stack`,
    action: 'nothing',
  };
}

/**
 * Tagged with the project's ManagedBy value by a stack this configuration does not have: a second
 * deployment's resource. Blocking: the create fails, or an import block would take it over while
 * the other deployment still manages it.
 */
function otherDeployment(
  e: ExpectedResource,
  base: Pick<Finding, 'kind' | 'name' | 'stack' | 'address'>,
  seen: Record<string, unknown>,
  tagText: string,
  stackTag: string,
  id: string,
): Finding {
  const scope = e.global ? 'account' : 'account and Region';
  const rename =
    e.namePath !== undefined
      ? `give this deployment its own ${e.namePath}, and its own tags.ManagedBy`
      : `${e.name} is a fixed name, one per ${scope}: leave it to one of the two deployments (give them their own tags.ManagedBy too)`;
  const why = `it carries this project's tag ${tagText}, but ${MANAGED_BY_STACK_TAG}=${stackTag} names a stack this configuration does not have: another deployment of this project with the same ManagedBy value in this account made it`;
  const switchText = e.adoptSwitch === 'adoptExisting' ? 'adoptExisting: true' : `adoptResources: [${String(e.adoptSwitch)}]`;
  if (e.imported) {
    return {
      ...base,
      severity: 'blocking',
      state: 'otherDeployment',
      existing: seen,
      atApply: `the import block takes it over while the ${stackTag} stack still manages it (two deployments would manage one resource): ${why}`,
      action: `it is the ${stackTag} stack's: ${rename}, and drop ${switchText} here; or, to take it over deliberately, remove it from the ${stackTag} stack's state (terraform state rm) before the apply`,
    };
  }
  const adopt = `${e.adoptSwitch === undefined ? '' : `${switchText}, or `}terraform import '${e.address}' '${id}' in the ${e.stack} stack`;
  return {
    ...base,
    severity: 'blocking',
    state: 'otherDeployment',
    existing: seen,
    atApply: `the create fails (the name is taken): ${why}`,
    action:
      `it is the ${stackTag} stack's: ${rename}; or take it over deliberately, so that one deployment manages it: ` +
      `remove it from the ${stackTag} stack's state (terraform state rm), then ${adopt} (if ${stackTag} was this configuration's own stack before an account was renamed, that is the way too)`,
  };
}
