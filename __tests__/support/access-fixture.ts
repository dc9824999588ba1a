/** The account-wide stack with every access option on, shared by the unit and the Terraform tests (not a test file). */
import { DEFAULT_COMMERCIAL_REGIONS } from '../../src/model/regions';
import { LOGS_KEY_ALIAS } from '../../src/model/resource-names';
import { instancePolicyParts } from '../../src/policies/iam-instance';
import { userPolicyParts } from '../../src/policies/iam-user';
import { minimalModel, parsed, resourcesIn, synthGlobal } from '../helpers';

export { synthGlobal };

/** Every option on, 17 Regions with S3 logging: the instance policy comes in two parts. */
export const fullModel = minimalModel({
  regions: [...DEFAULT_COMMERCIAL_REGIONS],
  assumeRoleName: 'SessionPrefsDeployer',
  preferences: { s3: { enabled: true } },
  customDocuments: [{ name: 'Ops-Sessions', preferences: { cloudWatch: { logGroupName: '/ops/sessions' } } }],
  access: {
    policyNamePrefix: 'Acme',
    ssh: 'allow',
    instance: { createRole: true, roleName: 'AcmeSessionInstance', attachManagedInstanceCore: true, attachToRoles: ['LegacyAppRole'] },
    user: { targetTag: { key: 'Team', value: 'ops' }, attachToGroups: ['Operators'], attachToRoles: ['OpsOnCall'], attachToUsers: ['alice'] },
  },
});
export const full = synthGlobal(fullModel);
export const defaults = synthGlobal(minimalModel());
export const HOME_ALIAS = 'aws.us_east_1';

export const resources = resourcesIn;
export const outputs = (json: string): Record<string, { value: string; description?: string }> => JSON.parse(json).output ?? {};

export const account = fullModel.accounts[0];
export const instanceParts = instancePolicyParts(account, [], LOGS_KEY_ALIAS);
export const userParts = userPolicyParts(account, { ssh: 'allow', portForwarding: 'deny', targetTag: { key: 'Team', value: 'ops' } });
export const partName = (base: string, i: number) => (i === 0 ? base : `${base}-${i + 1}`);
export const instanceNames = instanceParts.map((_, i) => partName('AcmeInstanceAccess', i));
export const userNames = userParts.map((_, i) => partName('AcmeUserAccess', i));
/** `${aws_iam_policy.<id>.arn}` of each synthesized policy, by policy name. */
export const arnRef = new Map(Object.entries(parsed(full).resource.aws_iam_policy).map(([id, p]) => [p.name as string, `\${aws_iam_policy.${id}.arn}`]));
export const roleRef = (attr: string) => `\${aws_iam_role.${Object.keys(parsed(full).resource.aws_iam_role)[0]}.${attr}}`;
export const profileRef = (attr: string) => `\${aws_iam_instance_profile.${Object.keys(parsed(full).resource.aws_iam_instance_profile)[0]}.${attr}}`;
/** Policies, role, profile, created-role attachments (+ core), LegacyAppRole, and group, SSO role and user per user part. */
export const expectedResources = instanceParts.length + userParts.length + 2 + instanceParts.length + 1 + instanceParts.length + 3 * userParts.length;
