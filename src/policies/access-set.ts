/**
 * The settings of an account's document policies, as pure data. The resource plan
 * (src/plan/resource-plan.ts, planAccount) lists every managed policy of an account's access with
 * its parts and names; the AccessPolicies construct creates exactly those.
 */
import type { AccessModel, DocumentPolicyModel } from '../model/model';
import type { UserPolicyInput } from './iam-user';

/**
 * The settings of a document policy: only the named documents. SSH and port forwarding are neither
 * granted nor denied (the user policy decides), except when restricted: then the policy carries
 * the explicit Deny on AWS's own documents too, so whoever holds only it cannot use them.
 */
export function documentPolicySettings(access: AccessModel, p: DocumentPolicyModel): Omit<UserPolicyInput, 'accountId' | 'regions'> {
  const restrictedOnly = (mode: AccessModel['ssh']) => (mode === 'restricted' ? mode : 'none');
  return { ssh: restrictedOnly(access.ssh), portForwarding: restrictedOnly(access.portForwarding), documents: p.documents, ...(p.targetTag ? { targetTag: p.targetTag } : {}) };
}
