/**
 * Every managed policy of an account's access, as pure data: the instance policy, the user policy
 * and the per-document policies, each in parts (see fitRegions), with the IAM name of each part.
 * The AccessPolicies construct creates exactly these; the drift check compares against them.
 */
import type { AccessModel, AccountModel, DocumentPolicyModel } from '../model/model';
import { LOGS_KEY_ALIAS, accessPolicyName } from '../model/resource-names';
import type { PolicyPart } from './iam-common';
import { instancePolicyParts } from './iam-instance';
import { userPolicyParts, type UserPolicyInput } from './iam-user';
import type { RegionModel } from '../model/model';

/** One side of the access (instance, user, or a document policy) with its parts and their names. */
export interface AccessPolicySide {
  /** `Instance`, `User`, or the document policy's configured name. */
  readonly side: string;
  /** The policy parts, in order (the first part keeps the base name). */
  readonly parts: readonly PolicyPart<RegionModel>[];
  /** IAM policy name of each part, index for index. */
  readonly names: readonly string[];
}

/**
 * The settings of a document policy: only the named documents. SSH and port forwarding are neither
 * granted nor denied (the user policy decides), except when restricted: then the policy carries
 * the explicit Deny on AWS's own documents too, so whoever holds only it cannot use them.
 */
export function documentPolicySettings(access: AccessModel, p: DocumentPolicyModel): Omit<UserPolicyInput, 'accountId' | 'regions'> {
  const restrictedOnly = (mode: AccessModel['ssh']) => (mode === 'restricted' ? mode : 'none');
  return { ssh: restrictedOnly(access.ssh), portForwarding: restrictedOnly(access.portForwarding), documents: p.documents, ...(p.targetTag ? { targetTag: p.targetTag } : {}) };
}

/** The managed policies of `account` under `access`, in the order the construct creates them. */
export function accessPolicySet(
  account: AccountModel,
  access: AccessModel,
): { readonly instance: AccessPolicySide; readonly user: AccessPolicySide; readonly documentPolicies: readonly AccessPolicySide[] } {
  const named = (side: string, parts: readonly PolicyPart<RegionModel>[]): AccessPolicySide => ({
    side,
    parts,
    names: parts.map((_, i) => accessPolicyName(access.policyNamePrefix, side, i)),
  });
  const user = access.user;
  return {
    instance: named('Instance', access.instance.createPolicy ? instancePolicyParts(account, access.instance.bucketKmsKeys, LOGS_KEY_ALIAS) : []),
    user: named(
      'User',
      user.createPolicy
        ? userPolicyParts(account, {
            ssh: access.ssh,
            portForwarding: access.portForwarding,
            ...(user.targetTag ? { targetTag: user.targetTag } : {}),
            ...(user.documents ? { documents: user.documents } : {}),
          })
        : [],
    ),
    documentPolicies: access.documentPolicies.map((p) => named(p.name, userPolicyParts(account, documentPolicySettings(access, p)))),
  };
}
