/** What the preflight reports: one finding per expected name that is already taken (or wrongly adopted). */
import type { AdoptableResource } from '../model/model';
import type { ExpectedKind } from './expected';

/** blocking: the apply would fail; warning: it succeeds but changes something not created by it; info: it succeeds. */
export type Severity = 'blocking' | 'warning' | 'info';

/** A change of the configuration that resolves a finding, for one account and Region. */
export interface ConfigFix {
  readonly accountId: string;
  readonly region: string;
  /** Set adoptExisting (the preferences document) for the Region. */
  readonly adoptExisting?: boolean;
  /** Add to adoptResources of the Region. */
  readonly adopt?: AdoptableResource;
  /** Remove from adoptResources of the Region. */
  readonly unadopt?: AdoptableResource;
}

/** One finding. */
export interface Finding {
  readonly kind: ExpectedKind;
  readonly name: string;
  readonly stack: string;
  readonly address: string;
  readonly severity: Severity;
  /**
   * exists: the name is taken (by a stranger); missing: an import block names something that is not there; foreign: taken by
   * another account; managed: the project's own (in its stack's state, or tagged ManagedBy by a stack of this configuration);
   * lostState: tagged as the project's but absent from the stack's state; otherDeployment: tagged ManagedBy by a stack this
   * configuration does not have (ManagedByStack), another deployment's.
   */
  readonly state: 'exists' | 'missing' | 'foreign' | 'unreadable' | 'managed' | 'lostState' | 'otherDeployment';
  /** How a managed or lost-state resource was recognized: listed in the state, or by the ManagedBy tag. */
  readonly managedBy?: 'state' | 'tag';
  /** What AWS holds now (versions, inputs, target key and its state, retention, key, owner, value). */
  readonly existing: Readonly<Record<string, unknown>>;
  /** What happens at apply, as the configuration stands. */
  readonly atApply: string;
  /** What to change. */
  readonly action: string;
  /** The change --write makes, when one helps. */
  readonly fix?: ConfigFix;
  /** The fix is needed but not enough (a manual step remains): the finding still blocks after --write. */
  readonly fixIsPartial?: boolean;
}

/** Whether a finding makes the exit status non-zero (an apply would fail). */
export function isBlocking(finding: Finding): boolean {
  return finding.severity === 'blocking';
}
