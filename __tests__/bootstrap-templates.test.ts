/**
 * The CloudFormation templates of `npm run bootstrap` (src/bootstrap/cloudformation.ts): valid
 * structure (resource types, every Ref and GetAtt resolves, managed policies within IAM's limit),
 * policies equal to the builders' output, trust to the CI roles and principals of the
 * configuration with OIDC subject conditions, and the bootstrap section's defaults.
 */
import { ACCOUNT_PLACEHOLDER, bootstrapTemplates, memberRoles, type Template } from '../src/bootstrap/cloudformation';
import { deployerPolicy, planPolicy, readPolicy } from '../src/bootstrap/policies';
import { archiveScopes, memberScopes } from '../src/bootstrap/scopes';
import { modelFromData } from '../src/config/load';
import { policySize } from '../src/policies/iam-common';
import type { PolicyDocument } from '../src/policies/types';
import { resourceTypes } from '../src/bootstrap/resource-types';
import { exampleModel, minimalConfig, problemsOf } from './helpers';

const example = exampleModel();
const types = resourceTypes(example);
const out = bootstrapTemplates(example, types);
const REPO = 'my-org/session-manager-preferences';

/** Undoes Fn::Sub (the placeholder stays), so policies compare with the builders' output. */
function unsub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unsub);
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (Object.keys(o).length === 1 && typeof o['Fn::Sub'] === 'string') return o['Fn::Sub'];
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, unsub(v)]));
  }
  return value;
}

/** Every Ref and Fn::GetAtt target in `value`. */
function references(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(references);
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.Ref === 'string') return [o.Ref];
    if (Array.isArray(o['Fn::GetAtt'])) return [String(o['Fn::GetAtt'][0])];
    return Object.values(o).flatMap(references);
  }
  return [];
}

function expectValid(t: Template): void {
  expect(t.AWSTemplateFormatVersion).toBe('2010-09-09');
  for (const r of Object.values(t.Resources)) expect(r.Type).toMatch(/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/);
  for (const id of Object.keys(t.Resources)) expect(id).toMatch(/^[A-Za-z0-9]{1,255}$/);
  const refs = references(t);
  expect(refs.filter((r) => !(r in t.Resources) && !r.startsWith('AWS::'))).toEqual([]);
  // Fn::Sub strings reference only the account ID pseudo parameter.
  const subs = JSON.stringify(t).match(/\$\{[^}]*\}/g) ?? [];
  expect(new Set(subs)).toEqual(subs.length > 0 ? new Set([ACCOUNT_PLACEHOLDER]) : new Set());
  for (const r of Object.values(t.Resources).filter((x) => x.Type === 'AWS::IAM::ManagedPolicy'))
    expect(policySize(unsub(r.Properties.PolicyDocument) as PolicyDocument)).toBeLessThanOrEqual(6144);
}

function managedPolicies(t: Template, role: string): PolicyDocument[] {
  const arns = t.Resources[role].Properties.ManagedPolicyArns as { Ref: string }[];
  return arns.map((a) => unsub(t.Resources[a.Ref].Properties.PolicyDocument) as PolicyDocument);
}

describe('bootstrap templates of the example', () => {
  const member = out.templates['member-roles.json'];

  it('writes the member roles, the StackSet and the CI roles (no log archive in the example)', () => {
    expect(Object.keys(out.templates).sort()).toEqual(['ci-roles.json', 'member-roles.json', 'stackset.json']);
    Object.values(out.templates).forEach(expectValid);
  });

  it('gives each member role exactly the builders’ policy, with the account ID substituted in each account', () => {
    const regions = ['eu-west-1', 'us-east-1'];
    const scopes = memberScopes(example, ACCOUNT_PLACEHOLDER);
    const statements = (role: string) => managedPolicies(member, role).flatMap((p) => p.Statement);
    expect(statements('SessionPrefsDeployer')).toEqual(deployerPolicy(types.member, scopes, regions).Statement);
    expect(statements('SessionPrefsPlan')).toEqual(planPolicy(types.member, scopes, regions).Statement);
    expect(statements('SessionPrefsReadOnly')).toEqual(readPolicy(types.member).Statement);
    expect(JSON.stringify(member)).toContain('{"Fn::Sub":"arn:aws:ssm:*:${AWS::AccountId}:document/SSM-SessionManagerRunShell"}');
  });

  it('trusts the CI deploy role for the deployer and the CI plan role for the read-only roles', () => {
    const trust = (role: string) => member.Resources[role].Properties.AssumeRolePolicyDocument;
    expect(trust('SessionPrefsDeployer')).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'CiRole', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:role/SessionPrefsCiDeploy' }, Action: 'sts:AssumeRole' }],
    });
    for (const role of ['SessionPrefsPlan', 'SessionPrefsReadOnly'])
      expect(trust(role)).toMatchObject({ Statement: [{ Principal: { AWS: 'arn:aws:iam::333333333333:role/SessionPrefsCiPlan' } }] });
  });

  it('deploys the member template as a service-managed StackSet with auto-deployment to the OUs, the CI account excluded', () => {
    const set = out.templates['stackset.json'].Resources.MemberRoles;
    expect(set.Type).toBe('AWS::CloudFormation::StackSet');
    expect(set.Properties).toMatchObject({
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      StackInstancesGroup: [
        { DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-cdefgh34'], AccountFilterType: 'DIFFERENCE', Accounts: ['333333333333'] }, Regions: ['us-east-1'] },
      ],
    });
    expect(JSON.parse(set.Properties.TemplateBody as string)).toEqual(member);
  });

  it('scopes the CI roles to the repository: pull requests and main plan, the production environment deploys', () => {
    const ci = out.templates['ci-roles.json'];
    expect(ci.Resources.GitHubOidcProvider.Properties).toMatchObject({ Url: 'https://token.actions.githubusercontent.com', ClientIdList: ['sts.amazonaws.com'] });
    const sub = (role: string) =>
      (ci.Resources[role].Properties.AssumeRolePolicyDocument as { Statement: { Condition: { StringEquals: Record<string, unknown> } }[] }).Statement[0].Condition.StringEquals;
    expect(sub('CiPlanRole')).toEqual({
      'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
      'token.actions.githubusercontent.com:sub': [`repo:${REPO}:pull_request`, `repo:${REPO}:ref:refs/heads/main`],
    });
    expect(sub('CiDeployRole')['token.actions.githubusercontent.com:sub']).toBe(`repo:${REPO}:environment:production`);
    expect(ci.Resources.CiDeployRole.Properties.Policies).toEqual([
      {
        PolicyName: 'assume-deployer-roles',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'AssumeDeployerRoles',
              Effect: 'Allow',
              Action: 'sts:AssumeRole',
              Resource: 'arn:aws:iam::*:role/SessionPrefsDeployer',
              Condition: { StringEquals: { 'aws:ResourceAccount': '111111111111' } },
            },
          ],
        },
      },
    ]);
  });
});

describe('bootstrap configuration', () => {
  it('defaults the deployer role to assumeRoleName and needs someone to trust', () => {
    const model = modelFromData(minimalConfig({ assumeRoleName: 'TerraformDeployer' }));
    expect(model.bootstrap).toEqual({
      deployerRoleName: 'TerraformDeployer',
      planRoleName: 'SessionPrefsPlan',
      readRoleName: 'SessionPrefsReadOnly',
      organizationalUnits: [],
      trustedPrincipals: [],
    });
    expect(() => memberRoles(model, types.member, '111111111111')).toThrow(
      'bootstrap: nobody could assume the roles; set bootstrap.ci (GitHub OIDC) or bootstrap.trustedPrincipals',
    );
  });

  it('trusts named principals (the organization’s own roles: no external ID, which neither Terraform nor the tools would pass)', () => {
    const model = modelFromData(minimalConfig({ bootstrap: { trustedPrincipals: ['arn:aws:iam::444444444444:role/runner'] } }));
    expect(memberRoles(model, types.member, '111111111111')[0].trust.Statement).toEqual([
      {
        Sid: 'TrustedPrincipals',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::444444444444:role/runner' },
        Action: 'sts:AssumeRole',
      },
    ]);
  });

  it('names the field and the fix for a wrong OU or repository', () => {
    const problems = problemsOf(() =>
      modelFromData(minimalConfig({ bootstrap: { organizationalUnits: ['Workloads'], ci: { accountId: '333333333333', repository: 'no-slash' } } })),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'bootstrap.organizationalUnits[0]: must be an organization root ID (r-xxxx) or an organizational unit ID (ou-xxxx-xxxxxxxx)',
        'bootstrap.ci.repository: must be a GitHub repository as owner/name',
      ]),
    );
  });

  it('gives the log-archive account its own roles, scoped to the archive stacks, and keeps it out of the StackSet', () => {
    const model = modelFromData(
      minimalConfig({
        logArchive: { accountId: '999999999999' },
        preferences: { s3: { enabled: true } },
        bootstrap: { organizationalUnits: ['r-ab12'], trustedPrincipals: ['arn:aws:iam::444444444444:role/runner'] },
      }),
    );
    const k = resourceTypes(model);
    const o = bootstrapTemplates(model, k);
    expect(Object.keys(o.templates).sort()).toEqual(['log-archive-roles.json', 'member-roles.json', 'stackset.json']);
    const archive = o.templates['log-archive-roles.json'];
    expectValid(archive);
    expect(managedPolicies(archive, 'SessionPrefsDeployer').flatMap((p) => p.Statement)).toEqual(
      deployerPolicy(k.archive, archiveScopes(model.logArchive!, model.tags), ['us-east-1']).Statement,
    );
    expect(o.templates['stackset.json'].Resources.MemberRoles.Properties).toMatchObject({
      StackInstancesGroup: [{ DeploymentTargets: { AccountFilterType: 'DIFFERENCE', Accounts: ['999999999999'] } }],
    });
  });
});
