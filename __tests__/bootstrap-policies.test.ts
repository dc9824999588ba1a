/**
 * The bootstrap roles' identity policies (src/bootstrap): the permission table covers every
 * resource type the app synthesizes (so it cannot drift), the policies carry AWS's dependent
 * actions, and what they allow and deny is evaluated by an IAM policy engine
 * (@cloud-copilot/iam-simulate) on the project's names and on names outside them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSimulation, type EvaluationResult } from '@cloud-copilot/iam-simulate';
import { modelFromData } from '../src/config/load';
import type { Model } from '../src/model/model';
import { PERMISSIONS, typesWithoutPermissions } from '../src/bootstrap/permissions';
import { actionsOf, archiveReadPolicy, deployerPolicy, planPolicy, readPolicy, splitPolicy } from '../src/bootstrap/policies';
import { archiveScopes, memberScopes } from '../src/bootstrap/scopes';
import { policySize } from '../src/policies/iam-common';
import { sessionKeyPolicy } from '../src/policies/kms';
import type { PolicyDocument } from '../src/policies/types';
import { resourceTypes } from '../src/bootstrap/resource-types';
import { everyFeatureConfig, exampleModel, ROOT } from './helpers';

const ACCOUNT = '111111111111';
const ARCHIVE = '999999999999';

/** Everything the app can create: lambda mode, every access option, a log archive with Object Lock. */
const fullModel = modelFromData(everyFeatureConfig(ARCHIVE));
const example = exampleModel();
const exampleTypes = resourceTypes(example);
const fullTypes = resourceTypes(fullModel);
const regionsOf = (m: Model) => [...new Set(m.accounts.flatMap((a) => a.regions.map((r) => r.region)))];
const exampleDeployer = deployerPolicy(exampleTypes.member, memberScopes(example, ACCOUNT), regionsOf(example));
const fullDeployer = deployerPolicy(fullTypes.member, memberScopes(fullModel, ACCOUNT), regionsOf(fullModel));
const archiveDeployer = deployerPolicy(
  fullTypes.archive,
  archiveScopes(fullModel.logArchive!, fullModel.tags),
  fullModel.logArchive!.buckets.map((b) => b.region),
);
const examplePlan = planPolicy(exampleTypes.member, memberScopes(example, ACCOUNT), regionsOf(example));

describe('permission table', () => {
  // The plan's types equal the synthesized ones: bootstrap-resource-types.test.ts.
  it('has an entry for every resource type of the plan (example and every feature)', () => {
    const types = [exampleTypes, fullTypes].flatMap((t) => [...t.member, ...t.archive]);
    expect(types).toEqual(expect.arrayContaining(['aws_kms_key', 'aws_lambda_function', 'aws_iam_instance_profile', 'aws_s3_bucket_object_lock_configuration']));
    expect(typesWithoutPermissions(types)).toEqual([]);
  });

  it('has an entry for every provider resource class the constructs and stacks import', () => {
    // The bootstrap stacks (stacks/bootstrap-stack.ts) are applied by an administrator, never by the deployer they create.
    const bootstrapOnly = new Set(['src/constructs/bootstrap-role.ts', 'src/constructs/github-oidc-provider.ts', 'stacks/bootstrap-stack.ts']);
    const files = ['src/constructs', 'stacks'].flatMap((d) => readdirSync(join(ROOT, d)).flatMap((f) => (bootstrapOnly.has(`${d}/${f}`) ? [] : [join(ROOT, d, f)])));
    expect(files.length).toBeGreaterThan(20);
    const modules = new Set(files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/@cdktf\/provider-aws\/lib\/([a-z0-9-]+)/g)].map((m) => m[1])));
    modules.delete('provider');
    const types = [...modules].map((m) => `aws_${m.replace(/-/g, '_')}`);
    expect(types.length).toBeGreaterThan(15);
    expect(typesWithoutPermissions(types)).toEqual([]);
  });

  it('refuses to build a policy for a type it does not know', () => {
    expect(() => deployerPolicy(['aws_kms_key', 'aws_sqs_queue'], memberScopes(example, ACCOUNT), ['eu-west-1'])).toThrow(
      'no permissions known for aws_sqs_queue: add them to src/bootstrap/permissions.ts',
    );
  });

  it('reads only in the read lists: no read action creates, changes or deletes', () => {
    const reads = Object.values(PERMISSIONS).flatMap((p) => p.read.flatMap((r) => r.actions));
    expect(reads.filter((a) => !/^[a-z0-9]+:(Get|List|Describe)/.test(a))).toEqual([]);
  });
});

describe('deployer policy', () => {
  it('carries the dependent actions AWS authorizes on create and update (Service Authorization Reference)', () => {
    const actions = actionsOf(exampleDeployer);
    // CreateKey with Tags and a Policy; CreateDocument/PutParameter with Tags; CreatePolicy with Tags; CreateLogGroup with tags.
    expect(actions).toEqual(expect.arrayContaining(['kms:TagResource', 'kms:PutKeyPolicy', 'ssm:AddTagsToResource', 'iam:TagPolicy', 'logs:TagResource']));
    expect(actionsOf(fullDeployer)).toEqual(expect.arrayContaining(['iam:TagRole', 'iam:TagInstanceProfile', 'iam:PassRole', 'lambda:TagResource']));
  });

  it('grants Lambda only when a Region uses the updater', () => {
    expect(actionsOf(exampleDeployer).filter((a) => a.startsWith('lambda:'))).toEqual([]);
    expect(actionsOf(fullDeployer)).toEqual(expect.arrayContaining(['lambda:CreateFunction', 'lambda:InvokeFunction']));
    expect(fullDeployer.Statement.find((s) => s.Sid === 'PassProjectRoles3')).toEqual({
      Sid: 'PassProjectRoles3',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: `arn:aws:iam::${ACCOUNT}:role/session-manager-preferences-updater-*`,
      Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
    });
  });

  it('creates keys only with the project tag and uses only keys that carry it', () => {
    const bySid = (sid: string) => exampleDeployer.Statement.find((s) => s.Sid === sid);
    expect(bySid('CreateTaggedKeys')).toMatchObject({
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestTag/ManagedBy': 'session-manager-preferences', 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } },
    });
    expect(bySid('ProjectKeys')).toMatchObject({
      Resource: `arn:aws:kms:*:${ACCOUNT}:key/*`,
      Condition: { StringEquals: { 'aws:ResourceTag/ManagedBy': 'session-manager-preferences' } },
    });
  });

  it('fits IAM managed policies (split when the full feature set needs it)', () => {
    expect(policySize(exampleDeployer)).toBeLessThanOrEqual(6144);
    const parts = splitPolicy(fullDeployer);
    expect(parts.every((p) => policySize(p) <= 6144)).toBe(true);
    expect(parts.flatMap((p) => p.Statement)).toEqual(fullDeployer.Statement);
  });

  it('scopes the archive deployer to the archive key alias and buckets', () => {
    expect(actionsOf(archiveDeployer).some((a) => a.startsWith('ssm:') || a.startsWith('iam:') || a.startsWith('logs:'))).toBe(false);
    expect(archiveDeployer.Statement.find((s) => s.Sid === 'SessionLogBuckets')?.Resource).toBe(`arn:aws:s3:::ssm-session-archive-${ARCHIVE}-us-east-1`);
    expect(archiveDeployer.Statement.find((s) => s.Sid === 'ProjectKeyAliases')?.Resource).toBe(`arn:aws:kms:*:${ARCHIVE}:alias/session-manager/archive`);
  });
});

/** The IAM actions of the AWS SDK v3 commands that the files under `paths` (directories or files) construct. */
function sdkCalls(paths: readonly string[]): Set<string> {
  /** IAM action of each SDK command where the names differ. */
  const AUTHORIZED_AS: Record<string, string> = {
    's3:HeadBucket': 's3:ListBucket',
    's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
    's3:GetBucketLifecycleConfiguration': 's3:GetLifecycleConfiguration',
    's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
    's3:GetObjectLockConfiguration': 's3:GetBucketObjectLockConfiguration',
  };
  const SERVICE: Record<string, string> = {
    'client-ssm': 'ssm',
    'client-kms': 'kms',
    'client-cloudwatch-logs': 'logs',
    'client-s3': 's3',
    'client-iam': 'iam',
    'client-sts': 'sts',
    'client-lambda': 'lambda',
  };
  const files = paths.flatMap((d) => (d.endsWith('.ts') ? [readFileSync(join(ROOT, d), 'utf8')] : readdirSync(join(ROOT, d)).map((f) => readFileSync(join(ROOT, d, f), 'utf8'))));
  const calls = new Set<string>();
  for (const text of files)
    for (const imp of text.matchAll(/import \{([^}]+)\} from '@aws-sdk\/(client-[a-z0-9-]+)'/g))
      for (const [name, local = name] of imp[1].split(',').map((n) =>
        n
          .trim()
          .replace(/^type /, '')
          .split(/\s+as\s+/),
      ))
        if (name.endsWith('Command') && text.includes(`new ${local}(`)) {
          const action = `${SERVICE[imp[2]]}:${name.replace(/Command$/, '')}`;
          calls.add(AUTHORIZED_AS[action] ?? action);
        }
  calls.delete('sts:GetCallerIdentity'); // needs no permission
  return calls;
}

describe('plan and read roles', () => {
  it('the plan role reads what refresh reads and writes nothing', () => {
    const actions = actionsOf(examplePlan);
    expect(actions).toEqual(expect.arrayContaining(['kms:DescribeKey', 'ssm:GetDocument', 'logs:DescribeLogGroups', 's3:GetBucketPolicy', 'iam:GetPolicyVersion']));
    expect(actions.filter((a) => !/^[a-z0-9]+:(Get|List|Describe)/.test(a))).toEqual([]);
  });

  it('the drift and preflight role allows every AWS call of src/drift, src/preflight and their readers (src/aws/readers), and nothing else', () => {
    const calls = sdkCalls(['src/drift', 'src/preflight', 'src/aws/readers']);
    expect(calls.size).toBeGreaterThan(10);
    expect(calls).toContain('lambda:GetFunction');
    // Every call when a Region uses the updater Lambda; the same without lambda:GetFunction when none does.
    expect(fullTypes.member).toContain('aws_lambda_function');
    expect(actionsOf(readPolicy(fullTypes.member))).toEqual([...calls].sort());
    expect(exampleTypes.member).not.toContain('aws_lambda_function');
    expect(actionsOf(readPolicy(exampleTypes.member))).toEqual([...calls].filter((c) => c !== 'lambda:GetFunction').sort());
  });

  it('the log-archive account has a read-only role too: every KMS and S3 call of the key and bucket readers drift and preflight use there, and nothing else', () => {
    // The role itself is in log-archive-roles.json and the cdktf stack (bootstrap-stack.test.ts).
    expect(actionsOf(archiveReadPolicy())).toEqual([...sdkCalls(['src/aws/readers/kms.ts', 'src/aws/readers/s3.ts'])].sort());
  });
});

describe('what the policies allow and deny (IAM policy engine)', () => {
  async function evaluate(doc: PolicyDocument, action: string, resource: string, context: Record<string, string | string[]> = {}): Promise<EvaluationResult> {
    const result = await runSimulation(
      {
        request: {
          principal: `arn:aws:iam::${ACCOUNT}:role/SessionPrefsDeployer`,
          action,
          resource: { resource, accountId: ACCOUNT },
          contextVariables: { 'aws:RequestedRegion': 'eu-west-1', ...context },
        },
        identityPolicies: [{ name: 'deployer', policy: doc }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        // KMS also requires the key policy to allow: the project's keys delegate to IAM (the account root).
        ...(resource.includes(':key/') ? { resourcePolicy: sessionKeyPolicy('aws', ACCOUNT) } : {}),
      },
      {},
    );
    if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
    return result.overallResult;
  }
  const tagged = { 'aws:ResourceTag/ManagedBy': 'session-manager-preferences' };
  const key = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0b2b1f6e-1111-4c2b-9a6e-2a3b4c5d6e7f`;
  const cases: [string, PolicyDocument, string, string, Record<string, string | string[]>, EvaluationResult][] = [
    ['creates the project alias', exampleDeployer, 'kms:CreateAlias', `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/session-manager/data`, {}, 'Allowed'],
    ['not another alias', exampleDeployer, 'kms:CreateAlias', `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/payments`, {}, 'ImplicitlyDenied'],
    ['updates the preferences document', exampleDeployer, 'ssm:UpdateDocument', `arn:aws:ssm:eu-west-1:${ACCOUNT}:document/SSM-SessionManagerRunShell`, {}, 'Allowed'],
    ['not another document', exampleDeployer, 'ssm:UpdateDocument', `arn:aws:ssm:eu-west-1:${ACCOUNT}:document/AWS-RunPatchBaseline-Custom`, {}, 'ImplicitlyDenied'],
    [
      'not in a Region the configuration does not use',
      exampleDeployer,
      'ssm:UpdateDocument',
      `arn:aws:ssm:af-south-1:${ACCOUNT}:document/SSM-SessionManagerRunShell`,
      { 'aws:RequestedRegion': 'af-south-1' },
      'ImplicitlyDenied',
    ],
    [
      'creates a key with the project tag',
      exampleDeployer,
      'kms:CreateKey',
      '*',
      { 'aws:RequestTag/ManagedBy': 'session-manager-preferences', 'aws:TagKeys': ['ManagedBy'] },
      'Allowed',
    ],
    ['not a key without it', exampleDeployer, 'kms:CreateKey', '*', {}, 'ImplicitlyDenied'],
    ['schedules deletion of a project key', exampleDeployer, 'kms:ScheduleKeyDeletion', key, tagged, 'Allowed'],
    ['not of another key', exampleDeployer, 'kms:ScheduleKeyDeletion', key, { 'aws:ResourceTag/ManagedBy': 'payments' }, 'ImplicitlyDenied'],
    ['deletes a project log group', exampleDeployer, 'logs:DeleteLogGroup', `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/session-manager/sessions`, {}, 'Allowed'],
    ['not another log group', exampleDeployer, 'logs:DeleteLogGroup', `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/payments`, {}, 'ImplicitlyDenied'],
    ['puts the policy of the project bucket', exampleDeployer, 's3:PutBucketPolicy', `arn:aws:s3:::ssm-session-logs-${ACCOUNT}-eu-west-1`, {}, 'Allowed'],
    ['not of another bucket', exampleDeployer, 's3:PutBucketPolicy', 'arn:aws:s3:::payments-data', {}, 'ImplicitlyDenied'],
    ['creates a version of an access policy', exampleDeployer, 'iam:CreatePolicyVersion', `arn:aws:iam::${ACCOUNT}:policy/session-manager/SessionManagerUserAccess`, {}, 'Allowed'],
    ['not of another policy', exampleDeployer, 'iam:CreatePolicyVersion', `arn:aws:iam::${ACCOUNT}:policy/AdminAccess`, {}, 'ImplicitlyDenied'],
    [
      'attaches the project policy to a named role',
      fullDeployer,
      'iam:AttachRolePolicy',
      `arn:aws:iam::${ACCOUNT}:role/ops-role`,
      { 'iam:PolicyARN': `arn:aws:iam::${ACCOUNT}:policy/session-manager/SessionManagerUserAccess` },
      'Allowed',
    ],
    [
      'not AdministratorAccess',
      fullDeployer,
      'iam:AttachRolePolicy',
      `arn:aws:iam::${ACCOUNT}:role/ops-role`,
      { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' },
      'ImplicitlyDenied',
    ],
    [
      'passes the updater role to Lambda',
      fullDeployer,
      'iam:PassRole',
      `arn:aws:iam::${ACCOUNT}:role/session-manager-preferences-updater-eu-west-1`,
      { 'iam:PassedToService': 'lambda.amazonaws.com' },
      'Allowed',
    ],
    [
      'not to EC2',
      fullDeployer,
      'iam:PassRole',
      `arn:aws:iam::${ACCOUNT}:role/session-manager-preferences-updater-eu-west-1`,
      { 'iam:PassedToService': 'ec2.amazonaws.com' },
      'ImplicitlyDenied',
    ],
    ['the plan role reads the document', examplePlan, 'ssm:GetDocument', `arn:aws:ssm:eu-west-1:${ACCOUNT}:document/SSM-SessionManagerRunShell`, {}, 'Allowed'],
    ['but cannot update it', examplePlan, 'ssm:UpdateDocument', `arn:aws:ssm:eu-west-1:${ACCOUNT}:document/SSM-SessionManagerRunShell`, {}, 'ImplicitlyDenied'],
  ];
  it.each(cases)('%s', async (_what, doc, action, resource, context, expected) => {
    expect(await evaluate(doc, action, resource, context)).toBe(expected);
  });
});
