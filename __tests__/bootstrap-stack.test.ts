/**
 * The bootstrap roles as cdktf stacks (stacks/bootstrap-stack.ts, src/constructs/bootstrap-role.ts),
 * for teams that bootstrap with Terraform: one stack per member account and one for the log-archive
 * account and one for the CI account, whose roles, policies (names, path, documents) and trust
 * policies equal those of the CloudFormation templates (member-roles.json with the account's ID for
 * ${AWS::AccountId}, log-archive-roles.json, ci-roles.json and its OIDC provider).
 */
import { Testing } from 'cdktf';
import { ACCOUNT_PLACEHOLDER, bootstrapTemplates, type Template } from '../src/bootstrap/cloudformation';
import { resourceTypes } from '../src/bootstrap/resource-types';
import { modelFromData } from '../src/config/load';
import type { Model } from '../src/model/model';
import { BOOTSTRAP_POLICY_PATH } from '../src/policies/scp';
import { addBootstrapStacks, bootstrapStackName, CI_BOOTSTRAP_STACK } from '../stacks/bootstrap-stack';
import { exampleModel, minimalConfig, unescapeTerraform } from './helpers';

const ARCHIVE = '999999999999';
const CI = '555555555555';

/** Two member accounts, a lambda-mode Region, a log archive and a CI account. */
const model = modelFromData(
  minimalConfig({
    regions: ['eu-west-1', 'us-east-1'],
    accounts: [
      { id: '111111111111', name: 'sandbox' },
      { id: '222222222222', name: 'prod' },
    ],
    documentManagement: 'lambda',
    preferences: { s3: { enabled: true } },
    logArchive: { accountId: ARCHIVE },
    bootstrap: { ci: { accountId: CI, repository: 'my-org/session-manager-preferences' } },
  }),
);

/** What a role is made of, in either form: its name, trust, and managed policies (name, path, document). */
interface RoleShape {
  readonly name: string;
  readonly description: string;
  readonly maxSessionDuration: number;
  readonly trust: unknown;
  readonly policies: readonly { readonly name: string; readonly path: string; readonly document: unknown }[];
  readonly inline: readonly { readonly name: string; readonly document: unknown }[];
}

const byName = (a: RoleShape, b: RoleShape): number => a.name.localeCompare(b.name);

/** Undoes Fn::Sub, with the account's ID for ${AWS::AccountId}. */
function unsub(value: unknown, accountId: string): unknown {
  if (Array.isArray(value)) return value.map((v) => unsub(v, accountId));
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (Object.keys(o).length === 1 && typeof o['Fn::Sub'] === 'string') return o['Fn::Sub'].split(ACCOUNT_PLACEHOLDER).join(accountId);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, unsub(v, accountId)]));
  }
  return value;
}

/** The roles of a CloudFormation template, by name. */
function templateRoles(t: Template, accountId: string): RoleShape[] {
  return Object.values(t.Resources)
    .filter((r) => r.Type === 'AWS::IAM::Role')
    .map((r) => ({
      name: r.Properties.RoleName as string,
      description: r.Properties.Description as string,
      maxSessionDuration: r.Properties.MaxSessionDuration as number,
      trust: unsub(r.Properties.AssumeRolePolicyDocument, accountId),
      policies: ((r.Properties.ManagedPolicyArns ?? []) as { Ref: string }[]).map(({ Ref }) => {
        const p = t.Resources[Ref].Properties;
        return { name: p.ManagedPolicyName as string, path: p.Path as string, document: unsub(p.PolicyDocument, accountId) };
      }),
      inline: ((r.Properties.Policies ?? []) as { PolicyName: string; PolicyDocument: unknown }[]).map((p) => ({
        name: p.PolicyName,
        document: unsub(p.PolicyDocument, accountId),
      })),
    }))
    .sort(byName);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Resources = Record<string, Record<string, any>>;

/** The roles of a synthesized bootstrap stack, each with the policies attached to it, by name. */
function stackRoles(json: string): RoleShape[] {
  const resources = (JSON.parse(json) as { resource: Resources }).resource;
  const policyById = new Map(Object.entries(resources.aws_iam_policy ?? {}).map(([id, p]) => [`\${aws_iam_policy.${id}.arn}`, p]));
  return Object.entries(resources.aws_iam_role)
    .map(([id, role]) => ({
      name: role.name,
      description: role.description,
      maxSessionDuration: role.max_session_duration,
      trust: JSON.parse(unescapeTerraform(role.assume_role_policy)),
      policies: Object.values(resources.aws_iam_role_policy_attachment ?? {})
        .filter((a) => a.role === `\${aws_iam_role.${id}.name}`)
        .map((a) => policyById.get(a.policy_arn)!)
        .map((p) => ({ name: p.name, path: p.path, document: JSON.parse(unescapeTerraform(p.policy)) })),
      inline: Object.values(resources.aws_iam_role_policy ?? {})
        .filter((p) => p.role === `\${aws_iam_role.${id}.name}`)
        .map((p) => ({ name: p.name, document: JSON.parse(unescapeTerraform(p.policy)) })),
    }))
    .sort(byName);
}

function synthBootstrap(m: Model): Map<string, string> {
  const app = Testing.app();
  return new Map([...addBootstrapStacks(app, m)].map(([name, stack]) => [name, Testing.synth(stack)]));
}

describe('bootstrap roles as cdktf stacks', () => {
  const templates = bootstrapTemplates(model, resourceTypes(model)).templates;
  const stacks = synthBootstrap(model);

  it('has one stack per member account, one for the log-archive account and one for the CI account', () => {
    expect([...stacks.keys()]).toEqual([bootstrapStackName('sandbox'), bootstrapStackName('prod'), bootstrapStackName(model.logArchive!.name), CI_BOOTSTRAP_STACK]);
  });

  it.each(['111111111111', '222222222222'])('gives member account %s the roles and policies of member-roles.json, with its own account ID', (accountId) => {
    const name = bootstrapStackName(model.accounts.find((a) => a.id === accountId)!.name);
    const roles = stackRoles(stacks.get(name)!);
    expect(roles).toEqual(templateRoles(templates['member-roles.json'], accountId));
    expect(roles.map((r) => r.name)).toEqual([model.bootstrap.deployerRoleName, model.bootstrap.planRoleName, model.bootstrap.readRoleName]);
    expect(roles.every((r) => r.policies.length > 0)).toBe(true);
    expect(roles.flatMap((r) => r.policies.map((p) => p.path))).toEqual(roles.flatMap((r) => r.policies.map(() => BOOTSTRAP_POLICY_PATH)));
    // The lambda-mode Region's permissions are there, on this account's function.
    expect(JSON.stringify(roles[0].policies.map((p) => p.document))).toContain(`arn:aws:lambda:*:${accountId}:function:`);
    expect(JSON.stringify(roles)).not.toContain(ACCOUNT_PLACEHOLDER);
  });

  it('gives the log-archive account the roles and policies of log-archive-roles.json', () => {
    const roles = stackRoles(stacks.get(bootstrapStackName(model.logArchive!.name))!);
    expect(roles).toEqual(templateRoles(templates['log-archive-roles.json'], ARCHIVE));
    expect(roles.map((r) => r.name)).toEqual([model.bootstrap.deployerRoleName, model.bootstrap.planRoleName, model.bootstrap.readRoleName]);
  });

  it('acts only on its own account, with the credentials it is run with (it creates the role the app assumes)', () => {
    for (const [name, json] of stacks) {
      const accountId =
        name === CI_BOOTSTRAP_STACK ? CI : name === bootstrapStackName(model.logArchive!.name) ? ARCHIVE : model.accounts.find((a) => bootstrapStackName(a.name) === name)!.id;
      const [provider] = (JSON.parse(json) as { provider: { aws: Record<string, unknown>[] } }).provider.aws;
      expect(provider.allowed_account_ids).toEqual([accountId]);
      expect(provider.assume_role).toBeUndefined();
      expect(provider.default_tags).toEqual([{ tags: model.tags }]);
    }
  });

  it('gives the CI account the OIDC provider and the CI roles of ci-roles.json, their policies inline', () => {
    const json = stacks.get(CI_BOOTSTRAP_STACK)!;
    const roles = stackRoles(json);
    expect(roles).toEqual(templateRoles(templates['ci-roles.json'], CI));
    expect(roles.map((r) => [r.name, r.policies.length, r.inline.length])).toEqual([
      [model.bootstrap.ci!.deployRoleName, 0, 1],
      [model.bootstrap.ci!.planRoleName, 0, 1],
    ]);
    const [oidc] = Object.values((JSON.parse(json) as { resource: Resources }).resource.aws_iam_openid_connect_provider);
    const props = templates['ci-roles.json'].Resources.GitHubOidcProvider.Properties;
    expect({ url: oidc.url, clientIds: oidc.client_id_list, thumbprints: oidc.thumbprint_list }).toEqual({
      url: props.Url,
      clientIds: props.ClientIdList,
      thumbprints: props.ThumbprintList,
    });
  });

  it('leaves GitHub’s OIDC provider out when the CI account has one (createOidcProvider: false)', () => {
    const m = modelFromData(minimalConfig({ bootstrap: { ci: { accountId: CI, repository: 'my-org/session-manager-preferences', createOidcProvider: false } } }));
    const json = synthBootstrap(m).get(CI_BOOTSTRAP_STACK)!;
    expect((JSON.parse(json) as { resource: Resources }).resource.aws_iam_openid_connect_provider).toBeUndefined();
    expect(stackRoles(json)).toEqual(templateRoles(bootstrapTemplates(m, resourceTypes(m)).templates['ci-roles.json'], CI));
  });

  it('refuses two stacks of one name, naming what to rename', () => {
    const m = modelFromData(
      minimalConfig({
        accounts: [{ id: '111111111111', name: 'ci' }],
        bootstrap: { ci: { accountId: CI, repository: 'my-org/session-manager-preferences' } },
      }),
    );
    expect(() => synthBootstrap(m)).toThrow('two bootstrap stacks would be named bootstrap-ci: rename the account (accounts[].name or logArchive.name)');
  });

  it('equals the templates for the example too (one member account, no archive)', () => {
    const example = exampleModel();
    const exampleStacks = synthBootstrap(example);
    expect([...exampleStacks.keys()]).toEqual([bootstrapStackName('sandbox'), CI_BOOTSTRAP_STACK]);
    const member = bootstrapTemplates(example, resourceTypes(example)).templates['member-roles.json'];
    expect(stackRoles(exampleStacks.get(bootstrapStackName('sandbox'))!)).toEqual(templateRoles(member, '111111111111'));
  });
});
