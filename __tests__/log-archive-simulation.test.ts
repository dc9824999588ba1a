/**
 * Proof of the central log archive's permissions with a real IAM policy evaluation engine
 * (@cloud-copilot/iam-simulate): a member's instance policy exactly as synthesized in its
 * account-wide stack, against the archive bucket and key policies exactly as synthesized in the
 * archive stack (Terraform escaping undone, as Terraform does). Cross-account requests need both
 * sides to allow, as in AWS.
 */
import { Testing } from 'cdktf';
import { runSimulation, type EvaluationResult, type Simulation } from '@cloud-copilot/iam-simulate';
import { modelFromData } from '../src/config/load';
import type { Model } from '../src/model/model';
import { LogArchiveStack } from '../stacks/log-archive-stack';
import { archiveStackNameOf } from '../src/model/resource-names';
import { planArchiveRegion } from '../src/plan/resource-plan';
import { minimalConfig, synthGlobal, unescapeTerraform } from './helpers';

const ARCHIVE = '999999999999';
const MEMBER = '111111111111';
const OTHER_MEMBER = '222222222222';
/** An account of the organization that is not a member of this configuration. */
const ORG_NON_MEMBER = '555555555555';
/** An account outside the organization. */
const OUTSIDER = '444444444444';
const ORG = 'o-abcdefghij';
const FOREIGN_ORG = 'o-zzzzzzzzzz';
const KEY_ID = '0b2b1f6e-1111-4c2b-9a6e-2a3b4c5d6e7f';
const ARCHIVE_OBJECT_KEY = `session-logs/${MEMBER}/i-0123456789abcdef0-session.log`;

type Json = { Version: '2012-10-17'; Statement: unknown[] };
/** A synthesized policy as AWS receives it (Terraform undoes its template escapes first). */
const unescape = (text: string): Json => JSON.parse(unescapeTerraform(text));

function configOf(writers: 'members' | 'organization') {
  return minimalConfig({
    regions: ['eu-west-1', 'us-east-1', 'eu-central-1'],
    logArchive: { accountId: ARCHIVE, regions: ['eu-west-1'], organizationId: ORG, writers },
    customDocuments: [{ name: 'BreakGlass', preferences: { s3: { keyPrefix: 'break-glass' } } }],
    accountGroups: { production: { preferences: { idleSessionTimeout: 10 } } },
    accounts: [
      { id: MEMBER, name: 'member', group: 'production' },
      { id: OTHER_MEMBER, name: 'other' },
    ],
  });
}

interface Synthesized {
  readonly instance: { name: string; policy: Json }[];
  readonly bucketPolicy: (region: string) => Json;
  readonly keyPolicy: (region: string) => Json;
}

function synthesize(model: Model): Synthesized {
  const account = model.accounts.find((a) => a.id === MEMBER)!;
  const globalJson = JSON.parse(synthGlobal(model, account));
  const instance = Object.values<{ name: string; policy: string }>(globalJson.resource.aws_iam_policy)
    .filter((p) => /InstanceAccess/.test(p.name))
    .map((p) => ({ name: p.name, policy: unescape(p.policy) }));
  const archive = model.logArchive!;
  const stacks = new Map(
    archive.buckets.map((bucket) => {
      const stack = new LogArchiveStack(Testing.app(), archiveStackNameOf(archive.name, bucket.region), {
        archive,
        plan: planArchiveRegion(archive, bucket),
        tags: model.tags,
        backend: model.backend,
      });
      return [bucket.region, JSON.parse(Testing.synth(stack))];
    }),
  );
  const only = (region: string, type: string) => Object.values<{ policy: string }>(stacks.get(region)!.resource[type])[0].policy;
  return { instance, bucketPolicy: (r) => unescape(only(r, 'aws_s3_bucket_policy')), keyPolicy: (r) => withoutEncryptionContext(unescape(only(r, 'aws_kms_key')), r) };
}

type KeyStatement = { Sid: string; Condition?: Record<string, Record<string, unknown>> };

/**
 * The engine drops `kms:EncryptionContext:<key>` context keys (it only expands `prefix/<key>`
 * variables), so a condition on one could never match there. The key policy's condition on
 * `kms:EncryptionContext:aws:s3:arn` is checked apart (below, StringLike against the bucket's
 * ARNs) and taken out of the copy the engine evaluates; everything else is evaluated as synthesized.
 */
function withoutEncryptionContext(policy: Json, region: string): Json {
  const statements = policy.Statement as KeyStatement[];
  const members = statements.find((s) => s.Sid === 'MembersEncryptLogObjectsThroughS3');
  expect(members?.Condition?.StringLike).toEqual({ 'kms:EncryptionContext:aws:s3:arn': [bucketArn(region), `${bucketArn(region)}/*`] });
  return {
    ...policy,
    Statement: statements.map((s) => {
      if (s !== members || !s.Condition) return s;
      const { StringLike: _checkedApart, ...rest } = s.Condition;
      return { ...s, Condition: rest };
    }),
  };
}

/** IAM StringLike: `*` any run of characters, `?` one character. */
const stringLike = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(value);

const bucketName = (region: string) => `ssm-session-archive-${ARCHIVE}-${region}`;
const bucketArn = (region: string, bucketOwnerless = bucketName(region)) => `arn:aws:s3:::${bucketOwnerless}`;
const objectArn = (region: string, key: string) => `${bucketArn(region)}/${key}`;
const keyArn = (region: string, account = ARCHIVE) => `arn:aws:kms:${region}:${account}:key/${KEY_ID}`;
const instanceRole = (account: string) => `arn:aws:sts::${account}:assumed-role/SessionManagerInstance/i-0123456789abcdef0`;

/** A principal of another account whose own IAM policy allows everything it tries (the bucket and key policies must stop it). */
const permissive: Json = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectAcl', 's3:GetEncryptionConfiguration', 'kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*' }],
};

interface Request {
  readonly account: string;
  readonly org: string;
  readonly action: string;
  readonly resource: string;
  /** Account owning the resource (the archive for its bucket and key). */
  readonly owner?: string;
  readonly context?: Record<string, string | string[]>;
  readonly resourcePolicy: Json;
  /** Identity policies of the caller (default: the synthesized member instance policy). */
  readonly identity?: Json[];
}

async function evaluate(request: Request, synthesized: Synthesized): Promise<EvaluationResult> {
  const s3 = request.action.startsWith('s3:');
  const owner = request.owner ?? ARCHIVE;
  const simulation: Simulation = {
    request: {
      principal: instanceRole(request.account),
      action: request.action,
      resource: { resource: request.resource, accountId: owner },
      contextVariables: {
        'aws:PrincipalAccount': request.account,
        'aws:PrincipalOrgID': request.org,
        'aws:SecureTransport': 'true',
        ...(s3 ? { 's3:ResourceAccount': owner } : {}),
        ...(request.context ?? {}),
      },
    },
    identityPolicies: (request.identity ?? synthesized.instance.map((p) => p.policy)).map((policy, i) => ({ name: `p${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: request.resourcePolicy,
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') throw new Error(`simulation rejected: ${JSON.stringify(result.errors)}`);
  // A context key the engine does not know for this action would be dropped silently: refuse it.
  if (result.resultType === 'single') expect(result.result.ignoredContextKeys ?? []).toEqual([]);
  return result.overallResult;
}

type Case = [name: string, request: Request, expected: EvaluationResult];

function matrix(writers: 'members' | 'organization', synthesized: Synthesized): Case[] {
  const cases: Case[] = [];
  const add = (name: string, request: Request, expected: EvaluationResult) => cases.push([name, request, expected]);
  const member = { account: MEMBER, org: ORG };
  // eu-west-1 has its own archive bucket; us-east-1 is the home bucket; eu-central-1 logs to the home bucket.
  for (const [memberRegion, bucketRegion] of [
    ['eu-west-1', 'eu-west-1'],
    ['us-east-1', 'us-east-1'],
    ['eu-central-1', 'us-east-1'],
  ] as const) {
    const bucket = synthesized.bucketPolicy(bucketRegion);
    const key = synthesized.keyPolicy(bucketRegion);
    const at = `${memberRegion} → ${bucketRegion}`;
    const own = objectArn(bucketRegion, `session-logs/${MEMBER}/i-0123456789abcdef0-session.log`);
    add(`${at}: member instance uploads under its own prefix`, { ...member, action: 's3:PutObject', resource: own, resourcePolicy: bucket }, 'Allowed');
    add(
      `${at}: member instance uploads a BreakGlass log under its own prefix`,
      { ...member, action: 's3:PutObject', resource: objectArn(bucketRegion, `session-logs/${MEMBER}/break-glass/x.log`), resourcePolicy: bucket },
      'Allowed',
    );
    add(`${at}: member instance aborts its unfinished multipart upload`, { ...member, action: 's3:AbortMultipartUpload', resource: own, resourcePolicy: bucket }, 'Allowed');
    add(
      `${at}: member instance aborts another member's multipart upload`,
      { ...member, action: 's3:AbortMultipartUpload', resource: objectArn(bucketRegion, `session-logs/${OTHER_MEMBER}/x.log`), resourcePolicy: bucket },
      'ImplicitlyDenied',
    );
    add(
      `${at}: member instance sets bucket-owner-full-control on its log`,
      { ...member, action: 's3:PutObjectAcl', resource: own, context: { 's3:x-amz-acl': 'bucket-owner-full-control' }, resourcePolicy: bucket },
      'Allowed',
    );
    add(
      `${at}: member instance makes its log public`,
      { ...member, action: 's3:PutObjectAcl', resource: own, context: { 's3:x-amz-acl': 'public-read' }, resourcePolicy: bucket },
      'ImplicitlyDenied',
    );
    add(
      `${at}: member instance reads the archive bucket's encryption`,
      { ...member, action: 's3:GetEncryptionConfiguration', resource: bucketArn(bucketRegion), resourcePolicy: bucket },
      'Allowed',
    );
    add(
      `${at}: member instance uploads under another member's prefix`,
      { ...member, action: 's3:PutObject', resource: objectArn(bucketRegion, `session-logs/${OTHER_MEMBER}/forged.log`), resourcePolicy: bucket },
      'ExplicitlyDenied',
    );
    add(
      `${at}: member instance uploads outside the archive prefix`,
      { ...member, action: 's3:PutObject', resource: objectArn(bucketRegion, `elsewhere/${MEMBER}/x.log`), resourcePolicy: bucket },
      'ExplicitlyDenied',
    );
    add(
      `${at}: member instance uploads without TLS`,
      { ...member, action: 's3:PutObject', resource: own, context: { 'aws:SecureTransport': 'false' }, resourcePolicy: bucket },
      'ExplicitlyDenied',
    );
    add(`${at}: member instance reads archived logs`, { ...member, action: 's3:GetObject', resource: own, resourcePolicy: bucket }, 'ImplicitlyDenied');
    add(`${at}: member instance deletes its archived log`, { ...member, action: 's3:DeleteObject', resource: own, resourcePolicy: bucket }, 'ImplicitlyDenied');
    // A bucket of the archive's name owned by someone else (squatted) receives nothing.
    const squatted: Json = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: [bucketArn(bucketRegion), `${bucketArn(bucketRegion)}/*`] }],
    };
    add(
      `${at}: member instance uploads to a bucket of the archive's name in another account`,
      { ...member, owner: OUTSIDER, action: 's3:PutObject', resource: own, resourcePolicy: squatted },
      'ImplicitlyDenied',
    );

    const viaS3 = { 'kms:ViaService': `s3.${bucketRegion}.amazonaws.com` };
    add(
      `${at}: member instance generates a data key with the archive key through S3`,
      { ...member, action: 'kms:GenerateDataKey', resource: keyArn(bucketRegion), context: viaS3, resourcePolicy: key },
      'Allowed',
    );
    add(
      `${at}: member instance decrypts with the archive key through S3 (multipart upload)`,
      { ...member, action: 'kms:Decrypt', resource: keyArn(bucketRegion), context: viaS3, resourcePolicy: key },
      'Allowed',
    );
    add(
      `${at}: member instance uses the archive key directly, not through S3`,
      { ...member, action: 'kms:Decrypt', resource: keyArn(bucketRegion), resourcePolicy: key },
      'ImplicitlyDenied',
    );
    add(
      `${at}: member instance uses the archive key through S3 of another Region`,
      { ...member, action: 'kms:GenerateDataKey', resource: keyArn(bucketRegion), context: { ...viaS3, 'kms:ViaService': 's3.ap-south-1.amazonaws.com' }, resourcePolicy: key },
      'ImplicitlyDenied',
    );

    // Accounts that are not members.
    const outsider = { account: OUTSIDER, org: FOREIGN_ORG, identity: [permissive] };
    add(
      `${at}: an account outside the organization uploads under its own prefix`,
      { ...outsider, action: 's3:PutObject', resource: objectArn(bucketRegion, `session-logs/${OUTSIDER}/x.log`), resourcePolicy: bucket },
      'ImplicitlyDenied',
    );
    add(
      `${at}: an account outside the organization uploads under a member's prefix`,
      { ...outsider, action: 's3:PutObject', resource: own, resourcePolicy: bucket },
      'ExplicitlyDenied',
    );
    add(
      `${at}: an account outside the organization reads the bucket's encryption`,
      { ...outsider, action: 's3:GetEncryptionConfiguration', resource: bucketArn(bucketRegion), resourcePolicy: bucket },
      'ImplicitlyDenied',
    );
    add(
      `${at}: an account outside the organization uses the archive key through S3`,
      { ...outsider, action: 'kms:GenerateDataKey', resource: keyArn(bucketRegion), context: viaS3, resourcePolicy: key },
      'ImplicitlyDenied',
    );
    // An organization account that is not in this configuration: admitted only with writers: organization.
    const orgAccount = { account: ORG_NON_MEMBER, org: ORG, identity: [permissive] };
    const orgResult: EvaluationResult = writers === 'organization' ? 'Allowed' : 'ImplicitlyDenied';
    add(
      `${at}: a non-member account of the organization uploads under its own prefix`,
      { ...orgAccount, action: 's3:PutObject', resource: objectArn(bucketRegion, `session-logs/${ORG_NON_MEMBER}/x.log`), resourcePolicy: bucket },
      orgResult,
    );
    add(
      `${at}: a non-member account of the organization uploads under a member's prefix`,
      { ...orgAccount, action: 's3:PutObject', resource: own, resourcePolicy: bucket },
      'ExplicitlyDenied',
    );
    add(
      `${at}: a non-member account of the organization uses the archive key through S3`,
      { ...orgAccount, action: 'kms:GenerateDataKey', resource: keyArn(bucketRegion), context: viaS3, resourcePolicy: key },
      orgResult,
    );
  }
  return cases;
}

const totals = { requests: 0 };

describe.each(['members', 'organization'] as const)('log archive simulation, writers: %s', (writers) => {
  const model = modelFromData(configOf(writers));
  const synthesized = synthesize(model);
  const cases = matrix(writers, synthesized);
  totals.requests += cases.length;

  it('synthesizes the member instance policy with the archive statements', () => {
    const sids = synthesized.instance.flatMap((p) => (p.policy.Statement as { Sid: string }[]).map((s) => s.Sid));
    expect(sids).toEqual(expect.arrayContaining(['UploadSessionLogsToArchive', 'CheckArchiveBucketEncryption', 'EncryptArchiveLogObjects']));
    // No generic statement for the archive bucket (they lack the archive-account pin).
    expect(sids).not.toContain('UploadSessionLogsExistingBuckets');
    expect(sids).not.toContain('UploadSessionLogs');
  });

  it('lets members use the archive key only for the archive bucket (encryption context, checked apart from the engine)', () => {
    for (const region of ['eu-west-1', 'us-east-1']) {
      const [bucketContext, objectContext] = [bucketArn(region), `${bucketArn(region)}/${ARCHIVE_OBJECT_KEY}`];
      const patterns = [bucketArn(region), `${bucketArn(region)}/*`];
      // With an S3 bucket key the context is the bucket ARN, without one the object ARN: both match.
      expect(patterns.some((p) => stringLike(p, bucketContext))).toBe(true);
      expect(patterns.some((p) => stringLike(p, objectContext))).toBe(true);
      for (const other of ['arn:aws:s3:::exfiltration', `${bucketArn(region)}-copy`, `arn:aws:s3:::ssm-session-archive-${ARCHIVE}-ap-south-1`]) {
        expect(patterns.some((p) => stringLike(p, other))).toBe(false);
      }
    }
  });

  it.each(cases)('%s', async (_name, request, expected) => {
    expect(await evaluate(request, synthesized)).toBe(expected);
  });
});

afterAll(() => {
  console.log(`Log archive simulation: ${totals.requests} requests over 2 configurations`);
});
