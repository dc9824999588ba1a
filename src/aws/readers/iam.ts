/** Readers of IAM: managed policies, roles (and what is attached to them), instance profiles and their tags (src/aws/readers/read.ts for errors). */
import {
  GetInstanceProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListInstanceProfileTagsCommand,
  ListPoliciesCommand,
  ListPolicyTagsCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  type IAMClient,
  type InstanceProfile,
  type Policy,
  type Role,
} from '@aws-sdk/client-iam';
import { tagRecord, type ReadContext, type Tags } from './read';

type Iam = Pick<IAMClient, 'send'>;

/** A managed policy's default version. */
export interface PolicyDefaultRead {
  readonly defaultVersionId: string;
  /** The policy document text (URL-decoded). */
  readonly document: string;
}

/** IAM returns policy documents URL-encoded (RFC 3986). */
export function decodePolicyDocument(text: string): string {
  if (text.trimStart().startsWith('{')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** GetPolicy by ARN, then GetPolicyVersion of its default version. */
export async function readPolicyDefault(iam: Iam, arn: string, ctx: ReadContext): Promise<PolicyDefaultRead | null | undefined> {
  const got = await ctx.read('iam:GetPolicy', arn, () => iam.send(new GetPolicyCommand({ PolicyArn: arn })));
  if (!got) return got;
  const versionId = got.Policy?.DefaultVersionId ?? 'v1';
  const version = await ctx.read('iam:GetPolicyVersion', `${arn} ${versionId}`, () => iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId })));
  if (!version) return version === null ? null : undefined;
  return { defaultVersionId: versionId, document: decodePolicyDocument(version.PolicyVersion?.Document ?? '') };
}

/**
 * Every customer managed policy of the account by name (ListPolicies, Scope Local). IAM names are
 * unique whatever the path, so a name is looked up here rather than by the ARN of the planned path.
 */
export async function listLocalPolicies(iam: Iam, ctx: ReadContext): Promise<Map<string, Policy> | undefined> {
  const byName = new Map<string, Policy>();
  let marker: string | undefined;
  do {
    const page = await ctx.read('iam:ListPolicies', 'Local', () => iam.send(new ListPoliciesCommand({ Scope: 'Local', ...(marker ? { Marker: marker } : {}) })));
    if (!page) return page === null ? byName : undefined;
    for (const p of page.Policies ?? []) if (p.PolicyName) byName.set(p.PolicyName, p);
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return byName;
}

/** GetRole. */
export async function readRole(iam: Iam, name: string, ctx: ReadContext): Promise<Role | null | undefined> {
  const got = await ctx.read('iam:GetRole', name, () => iam.send(new GetRoleCommand({ RoleName: name })));
  return got ? (got.Role ?? null) : got;
}

/** The ARNs of the managed policies attached to a role (ListAttachedRolePolicies, every page). */
export async function readAttachedRolePolicies(iam: Iam, name: string, ctx: ReadContext): Promise<string[] | null | undefined> {
  const arns: string[] = [];
  let marker: string | undefined;
  do {
    const page = await ctx.read('iam:ListAttachedRolePolicies', name, () =>
      iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name, ...(marker ? { Marker: marker } : {}) })),
    );
    if (!page) return page;
    for (const p of page.AttachedPolicies ?? []) if (p.PolicyArn) arns.push(p.PolicyArn);
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return arns;
}

/** The names of a role's inline policies (ListRolePolicies, every page). */
export async function readRolePolicyNames(iam: Iam, name: string, ctx: ReadContext): Promise<string[] | null | undefined> {
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const page = await ctx.read('iam:ListRolePolicies', name, () => iam.send(new ListRolePoliciesCommand({ RoleName: name, ...(marker ? { Marker: marker } : {}) })));
    if (!page) return page;
    names.push(...(page.PolicyNames ?? []));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return names;
}

/** GetInstanceProfile. */
export async function readInstanceProfile(iam: Iam, name: string, ctx: ReadContext): Promise<InstanceProfile | null | undefined> {
  const got = await ctx.read('iam:GetInstanceProfile', name, () => iam.send(new GetInstanceProfileCommand({ InstanceProfileName: name })));
  return got ? (got.InstanceProfile ?? null) : got;
}

/** The tags of a managed policy (by ARN), a role or an instance profile (by name). */
export async function readIamTags(iam: Iam, kind: 'policy' | 'role' | 'instanceProfile', ref: string, ctx: ReadContext): Promise<Tags | null | undefined> {
  const got =
    kind === 'policy'
      ? await ctx.read('iam:ListPolicyTags', ref, () => iam.send(new ListPolicyTagsCommand({ PolicyArn: ref })))
      : kind === 'role'
        ? await ctx.read('iam:ListRoleTags', ref, () => iam.send(new ListRoleTagsCommand({ RoleName: ref })))
        : await ctx.read('iam:ListInstanceProfileTags', ref, () => iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: ref })));
  return got ? tagRecord(got.Tags) : got;
}
