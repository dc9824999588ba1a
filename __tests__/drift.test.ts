/**
 * The drift check against AWS SDK v3 clients mocked with aws-sdk-client-mock: a clean organization
 * has no differences, and each kind of change made "from outside" is reported precisely (account,
 * Region, resource, field, expected, actual).
 */
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  GetInstanceProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient, ListResourceTagsCommand } from '@aws-sdk/client-kms';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DescribeDocumentCommand, GetDocumentCommand, GetParameterCommand, GetServiceSettingCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { runnerAccounts, withArchiveAccount } from '../src/aws';
import { checkAccount, checkRegion } from '../src/drift/check';
import { decodePolicyDocument } from '../src/drift/collect';
import type { Difference } from '../src/drift/compare';
import { trustedPrincipals } from '../src/drift/compare';
import { CREATED_KEY_PLACEHOLDER, expectedState, type ExpectedAccount, type ExpectedRegion } from '../src/drift/expected';
import { withoutRevision, withRevision } from '../src/documents/build-session-document';
import { LOGS_KEY_DESCRIPTION, SESSION_DATA_KEY_DESCRIPTION } from '../src/model/resource-names';
import { driftExitCode, renderDriftJson, renderDriftMarkdown, type DriftReport } from '../src/drift/report';
import { AwsError, DriftWorld, worldClientFactory } from '../src/testing/fake-world';
import { worldFromSynth } from '../src/testing/synthesized-world';
import {
  SANDBOX,
  deployedWorld,
  everyFeatureConfig,
  exampleModel,
  minimalConfig,
  minimalModel,
  parsed,
  resourcesIn,
  stackFor,
  synthModel,
  synthStack,
  unescapeTerraform,
} from './helpers';
import { modelFromData } from '../src/config/load';
import type { Model } from '../src/model/model';

const ssm = mockClient(SSMClient);
const kms = mockClient(KMSClient);
const logs = mockClient(CloudWatchLogsClient);
const s3 = mockClient(S3Client);
const iam = mockClient(IAMClient);
const lambda = mockClient(LambdaClient);

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';
const DOC = 'SSM-SessionManagerRunShell';
const BUCKET = `ssm-session-logs-${ACCOUNT}-${REGION}`;

/** Every mocked call answers from `world` for `region`. */
function wire(world: DriftWorld, region: string): void {
  const commands = {
    ssm: [DescribeDocumentCommand, GetDocumentCommand, GetParameterCommand, GetServiceSettingCommand],
    kms: [DescribeKeyCommand, GetKeyRotationStatusCommand, ListResourceTagsCommand],
    logs: [DescribeLogGroupsCommand],
    s3: [
      HeadBucketCommand,
      GetBucketEncryptionCommand,
      GetBucketVersioningCommand,
      GetPublicAccessBlockCommand,
      GetBucketPolicyCommand,
      GetBucketLifecycleConfigurationCommand,
      GetBucketOwnershipControlsCommand,
      GetObjectLockConfigurationCommand,
    ],
    iam: [GetPolicyCommand, GetPolicyVersionCommand],
    lambda: [GetFunctionCommand],
  } as const;
  const mocks = { ssm, kms, logs, s3, iam, lambda };
  for (const [service, list] of Object.entries(commands) as [keyof typeof mocks, readonly (abstract new (...a: never[]) => unknown)[]][]) {
    mocks[service].reset();
    for (const command of list) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (mocks[service] as any).on(command).callsFake(async (input: Record<string, unknown>) => world.handle(ACCOUNT, region, command.name, input));
    }
  }
}

const clients = () => ({
  ssm: new SSMClient({ region: REGION }),
  kms: new KMSClient({ region: REGION }),
  logs: new CloudWatchLogsClient({ region: REGION }),
  s3: new S3Client({ region: REGION }),
  lambda: new LambdaClient({ region: REGION }),
});

let expected: ExpectedAccount;
let region: ExpectedRegion;
let world: DriftWorld;
/** The example, synthesized once: every test's world is a fresh deploy of its stacks, never drift's expected state. */
const example = exampleModel();

beforeEach(() => {
  expected = expectedState(example).accounts[0];
  region = expected.regions.find((r) => r.region === REGION)!;
  world = deployedWorld(example);
  wire(world, REGION);
});

async function regionDrift(): Promise<Difference[]> {
  const result = await checkRegion(clients(), region);
  expect(result.errors).toEqual([]);
  return [...result.differences];
}

/** A difference of the checked Region, with only what varies given. */
function diff(resource: string, field: string, expectedValue: Difference['expected'], actual: Difference['actual']): Difference {
  return { account: ACCOUNT, accountName: 'sandbox', region: REGION, resource, field, expected: expectedValue, actual };
}

describe('expected state', () => {
  it('documents are what the stacks synthesize, with the created key ID resolved from the key', () => {
    const stack = synthStack(exampleModel());
    const documents = resourcesIn(stack, 'aws_ssm_document', 'eu_west_1');
    expect(documents.map((d) => d.name).sort()).toEqual(region.documents.map((d) => d.name).sort());
    // The example has a Port document, which has no inputs (port sessions are neither logged nor encrypted).
    expect(region.documents.map((d) => d.content.sessionType).sort()).toEqual(['NonInteractiveCommands', 'Port', 'Standard_Stream', 'Standard_Stream']);
    for (const doc of region.documents) {
      const synthesized = JSON.parse(unescapeTerraform(documents.find((d) => d.name === doc.name)!.content));
      if (!('inputs' in doc.content)) {
        expect({ ...synthesized, description: withoutRevision(synthesized.description) }).toEqual(doc.content);
        continue;
      }
      // The stack names the key by a Terraform reference; the drift check by a placeholder resolved from AWS.
      expect(synthesized.inputs.kmsKeyId).toMatch(/^\$\{aws_kms_key\..*\.key_id\}$/);
      // The bucket by a reference to the bucket resource, whose name the drift check computes the same way.
      const ref = /^\$\{aws_s3_bucket\.(.*)\.bucket\}$/.exec(synthesized.inputs.s3BucketName);
      expect(parsed(stack).resource.aws_s3_bucket[ref![1]].bucket).toBe(doc.content.inputs.s3BucketName);
      // Terraform appends a revision (a terraform_data ID) to the description; the drift check ignores it.
      expect(synthesized.description).toMatch(/ \(revision \$\{terraform_data\..*\.id\}\)$/);
      expect({
        ...synthesized,
        description: withoutRevision(synthesized.description),
        inputs: { ...synthesized.inputs, kmsKeyId: CREATED_KEY_PLACEHOLDER, s3BucketName: doc.content.inputs.s3BucketName },
      }).toEqual(doc.content);
    }
  });

  it("policies are the account-wide stack's, by ARN", () => {
    const stack = synthStack(exampleModel(), stackFor(exampleModel(), SANDBOX.name));
    const policies = resourcesIn(stack, 'aws_iam_policy');
    // Every managed policy the stack creates, the break-glass document policy included.
    expect(expected.policies.map((p) => p.arn)).toEqual([
      `arn:aws:iam::${ACCOUNT}:policy/session-manager/SessionManagerInstanceAccess`,
      `arn:aws:iam::${ACCOUNT}:policy/session-manager/SessionManagerUserAccess`,
      `arn:aws:iam::${ACCOUNT}:policy/session-manager/SessionManagerBreakGlassAccess`,
      `arn:aws:iam::${ACCOUNT}:policy/session-manager/SessionManagerDevelopersAccess`,
      `arn:aws:iam::${ACCOUNT}:policy/session-manager/SessionManagerOnCallAccess`,
    ]);
    expect(policies.map((p) => p.name).sort()).toEqual(expected.policies.map((p) => p.name).sort());
    for (const p of expected.policies) expect(JSON.parse(unescapeTerraform(policies.find((x) => x.name === p.name)!.policy))).toEqual(p.document);
  });

  it('filters accounts and Regions, and names filters that match nothing', () => {
    const model = exampleModel();
    expect(expectedState(model, { regions: ['us-east-1'] }).accounts[0].regions.map((r) => r.region)).toEqual(['us-east-1']);
    expect(expectedState(model, { accounts: ['sandbox'] }).accounts.map((a) => a.accountId)).toEqual([ACCOUNT]);
    expect(expectedState(model, { accounts: ['999999999999'], regions: ['ap-south-1'] }).problems).toEqual([
      '--account 999999999999: not an account of the configuration (give its 12-digit ID or its name)',
      '--region ap-south-1: no account of the configuration manages this Region',
    ]);
  });

  it('a Region without created resources expects only its documents and sharing setting', () => {
    const r = expectedState(minimalModel({ preferences: { sessionEncryption: { enabled: false }, cloudWatch: { enabled: false } } })).accounts[0].regions[0];
    expect(r.createdKey).toBeUndefined();
    expect(r.logsKeyAlias).toBeUndefined();
    expect(r.logGroups).toEqual([]);
    expect(r.buckets).toEqual([]);
    expect(r.documents[0].content).toMatchObject({ inputs: { kmsKeyId: '' } });
  });
});

describe('drift of a Region', () => {
  it('a Region as deployed has no differences', async () => {
    expect(await regionDrift()).toEqual([]);
  });

  it('the revision Terraform appends to the description is not drift; another description is', async () => {
    // As deployed, the description carries the revision the apply wrote; a later apply writes another one in its place.
    expect(JSON.parse(world.region(ACCOUNT, REGION).documents.get(DOC)!.versions[0]).description).toMatch(/ \(revision [^)]+\)$/);
    world.addVersion(ACCOUNT, REGION, DOC, (c) => {
      Object.assign(c, withRevision({ ...c, description: withoutRevision(c.description) } as never, 'c0ffee-1'));
    });
    world.region(ACCOUNT, REGION).documents.get(DOC)!.defaultVersion = 2;
    expect(await regionDrift()).toEqual([]);
    world.addVersion(ACCOUNT, REGION, DOC, (c) => {
      c.description = 'saved from the console';
    });
    world.region(ACCOUNT, REGION).documents.get(DOC)!.defaultVersion = 3;
    const [only, ...rest] = await regionDrift();
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ field: 'version 3 (default, latest): description', actual: 'saved from the console' });
    expect(withoutRevision('x (revision abc)')).toBe('x');
    expect(withoutRevision('x (revision abc) and more')).toBe('x (revision abc) and more');
  });

  it('a modified input of the document (default = latest) is reported input by input', async () => {
    world.addVersion(ACCOUNT, REGION, DOC, (c) => {
      c.inputs.idleSessionTimeout = '60';
      c.inputs.cloudWatchStreamingEnabled = false;
    });
    world.region(ACCOUNT, REGION).documents.get(DOC)!.defaultVersion = 2;
    expect(await regionDrift()).toEqual([
      diff(`ssm-document ${DOC}`, 'version 2 (default, latest): inputs.cloudWatchStreamingEnabled', true, false),
      diff(`ssm-document ${DOC}`, 'version 2 (default, latest): inputs.idleSessionTimeout', '20', '60'),
    ]);
  });

  it('a new version that is not the default: the pointer and the latest content differ', async () => {
    world.addVersion(ACCOUNT, REGION, DOC, (c) => {
      c.inputs.s3BucketName = '';
    });
    expect(await regionDrift()).toEqual([
      diff(`ssm-document ${DOC}`, 'default version is the latest', true, 'false (default 1, latest 2)'),
      diff(`ssm-document ${DOC}`, 'version 2 (latest): inputs.s3BucketName', BUCKET, ''),
    ]);
  });

  it("the default pinned to an old version: that version's content is compared too", async () => {
    const doc = world.region(ACCOUNT, REGION).documents.get(DOC)!;
    doc.versions[0] = doc.versions[0].replace('"maxSessionDuration": "120"', '"maxSessionDuration": "1440"');
    world.addVersion(ACCOUNT, REGION, DOC, (c) => {
      c.inputs.maxSessionDuration = '120';
    });
    world.addVersion(ACCOUNT, REGION, DOC, () => undefined);
    expect(await regionDrift()).toEqual([
      diff(`ssm-document ${DOC}`, 'default version is the latest', true, 'false (default 1, latest 3)'),
      diff(`ssm-document ${DOC}`, 'version 1 (default): inputs.maxSessionDuration', '120', '1440'),
    ]);
  });

  it('Port and command documents are compared whole: a widened host pattern and another command are differences', async () => {
    const r = world.region(ACCOUNT, REGION);
    const port = r.documents.get('SessionManager-DatabasePort')!;
    const pattern = JSON.parse(port.versions[0]).parameters.host.allowedPattern;
    port.versions[0] = port.versions[0].replace(JSON.stringify(pattern), JSON.stringify('^.+$'));
    const restart = r.documents.get('SessionManager-RestartApp')!;
    restart.versions[0] = restart.versions[0].replace('sudo systemctl restart {{ service }}', 'sudo -i');
    expect(await regionDrift()).toEqual([
      diff('ssm-document SessionManager-DatabasePort', 'version 1 (default, latest): parameters.host.allowedPattern', pattern, '^.+$'),
      diff('ssm-document SessionManager-RestartApp', 'version 1 (default, latest): properties.linux.commands', 'sudo systemctl restart {{ service }}', 'sudo -i'),
    ]);
  });

  it('inputs added or removed outside, and a changed type, are differences', async () => {
    world.addVersion(ACCOUNT, REGION, DOC, (c) => {
      delete c.inputs.runAsDefaultUser;
      c.inputs.shellProfile.windows = 'date';
      c.inputs.idleSessionTimeout = 20;
    });
    world.region(ACCOUNT, REGION).documents.get(DOC)!.defaultVersion = 2;
    expect(await regionDrift()).toEqual([
      diff(`ssm-document ${DOC}`, 'version 2 (default, latest): inputs.idleSessionTimeout', '20', 20),
      diff(`ssm-document ${DOC}`, 'version 2 (default, latest): inputs.runAsDefaultUser', 'ssm-user', null),
      diff(`ssm-document ${DOC}`, 'version 2 (default, latest): inputs.shellProfile.windows', null, 'date'),
    ]);
  });

  it('a custom document that was deleted, and one whose content is not JSON', async () => {
    world.region(ACCOUNT, REGION).documents.delete('SessionManager-BreakGlass');
    world.region(ACCOUNT, REGION).documents.get(DOC)!.versions[0] = 'schemaVersion: "1.0"';
    expect(await regionDrift()).toEqual([
      diff(`ssm-document ${DOC}`, 'version 1 (default, latest): content', 'JSON', 'not JSON (schemaVersion: "1.0")'),
      diff('ssm-document SessionManager-BreakGlass', 'exists', true, false),
    ]);
  });

  it('a document of another type under the same name', async () => {
    world.region(ACCOUNT, REGION).documents.get('SessionManager-BreakGlass')!.documentType = 'Command';
    expect(await regionDrift()).toEqual([diff('ssm-document SessionManager-BreakGlass', 'documentType', 'Session', 'Command')]);
  });

  it('a disabled session-data key', async () => {
    const key = world.aliasKey(ACCOUNT, REGION, 'alias/session-manager/data');
    key.keyState = 'Disabled';
    expect(await regionDrift()).toEqual([diff(`kms-key ${key.keyId} (alias/session-manager/data)`, 'keyState', 'Enabled', 'Disabled')]);
  });

  it('a session-data key scheduled for deletion, and a log key without rotation', async () => {
    const key = world.aliasKey(ACCOUNT, REGION, 'alias/session-manager/data');
    key.keyState = 'PendingDeletion';
    world.aliasKey(ACCOUNT, REGION, 'alias/session-manager/logs').rotation = false;
    expect(await regionDrift()).toEqual([
      diff(`kms-key ${key.keyId} (alias/session-manager/data)`, 'keyState', 'Enabled', 'PendingDeletion'),
      diff('kms-key alias/session-manager/logs', 'rotationEnabled', true, false),
    ]);
  });

  it('the alias pointed at another key: the alias and every document that names the other key', async () => {
    const r = world.region(ACCOUNT, REGION);
    const original = world.aliasKey(ACCOUNT, REGION, 'alias/session-manager/data');
    r.keys.set('other-key', { keyId: 'other-key', arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/other-key`, keyState: 'Enabled', rotation: true });
    r.aliases.set('alias/session-manager/data', 'other-key');
    world.addVersion(ACCOUNT, REGION, DOC, (c) => {
      c.inputs.kmsKeyId = 'other-key';
    });
    r.documents.get(DOC)!.defaultVersion = 2;
    expect(await regionDrift()).toEqual([
      diff(
        'kms-alias alias/session-manager/data',
        `targetKeyId (the parameter, document SessionManager-BreakGlass, document SessionManager-RestartApp, the key's ManagedBy tag and description name ${original.keyId}; key other-key carries no ManagedBy tag and no description: terraform apply repoints the alias)`,
        original.keyId,
        'other-key',
      ),
      diff(`ssm-document ${DOC}`, 'version 2 (default, latest): inputs.kmsKeyId', original.keyId, 'other-key'),
    ]);
  });

  it('a deleted alias and key-ID parameter are named; the documents, which agree on the key, are not blamed', async () => {
    const r = world.region(ACCOUNT, REGION);
    r.aliases.delete('alias/session-manager/data');
    r.parameters.clear();
    expect(await regionDrift()).toEqual([
      diff('ssm-parameter /session-manager/session-data-key-id', 'exists', true, false),
      diff('kms-alias alias/session-manager/data', 'exists', true, false),
    ]);
  });

  it('the key-ID parameter rewritten to a key that does not exist: the parameter is named, never the alias or the documents', async () => {
    const r = world.region(ACCOUNT, REGION);
    const key = world.aliasKey(ACCOUNT, REGION, 'alias/session-manager/data');
    r.parameters.set('/session-manager/session-data-key-id', 'fake-key');
    expect(await regionDrift()).toEqual([
      diff(
        'ssm-parameter /session-manager/session-data-key-id',
        `value (the alias, document ${DOC}, document SessionManager-BreakGlass, document SessionManager-RestartApp, the key's ManagedBy tag and description name ${key.keyId}; key fake-key does not exist: terraform apply rewrites the parameter)`,
        key.keyId,
        'fake-key',
      ),
    ]);
  });

  describe("the key's own tags and description vote (the project's ManagedBy tag with the session-data key's description)", () => {
    const PARAM = 'ssm-parameter /session-manager/session-data-key-id';
    const ALIAS = 'kms-alias alias/session-manager/data';
    const KEY_DOCS = [DOC, 'SessionManager-BreakGlass', 'SessionManager-RestartApp'];
    const MARK = `ManagedBy=session-manager-preferences, description "${SESSION_DATA_KEY_DESCRIPTION}"`;
    /** Adds a key to the Region (enabled, rotating). */
    const addKey = (keyId: string, extra: { description?: string; tags?: Record<string, string> } = {}) =>
      world.region(ACCOUNT, REGION).keys.set(keyId, { keyId, arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId}`, keyState: 'Enabled', rotation: true, ...extra });
    /** The documents naming the created key deleted: only the parameter, the alias and the keys' marks vote. */
    const deleteKeyDocuments = () => KEY_DOCS.forEach((name) => world.region(ACCOUNT, REGION).documents.delete(name));
    const documentsGone = () => KEY_DOCS.map((name) => diff(`ssm-document ${name}`, 'exists', true, false));

    it('expected: the description the construct gives the key, and the configuration ManagedBy tag', () => {
      expect(region.createdKey).toEqual({
        alias: 'alias/session-manager/data',
        keyIdParameter: '/session-manager/session-data-key-id',
        description: SESSION_DATA_KEY_DESCRIPTION,
        managedBy: { key: 'ManagedBy', value: 'session-manager-preferences' },
      });
      // What the stack gives the keys: the session-data key and the log key differ only by description.
      const stack = synthStack(exampleModel());
      expect(resourcesIn(stack, 'aws_kms_key', 'eu_west_1').map((k) => k.description)).toEqual([LOGS_KEY_DESCRIPTION, SESSION_DATA_KEY_DESCRIPTION]);
      expect(parsed(stack).provider.aws.find((p) => p.alias === 'eu_west_1').default_tags[0].tags.ManagedBy).toBe('session-manager-preferences');
    });

    it('as deployed, the tags of the alias key are read once and nothing more', async () => {
      expect(await regionDrift()).toEqual([]);
      expect(kms.commandCalls(ListResourceTagsCommand).map((c) => c.args[0].input)).toEqual([{ KeyId: world.aliasKey(ACCOUNT, REGION, 'alias/session-manager/data').keyId }]);
    });

    it("the parameter rewritten to another existing key that is not ours: the key's tags are named", async () => {
      const key = world.aliasKey(ACCOUNT, REGION, 'alias/session-manager/data');
      addKey('stranger', { description: 'not ours' });
      world.region(ACCOUNT, REGION).parameters.set('/session-manager/session-data-key-id', 'stranger');
      expect(await regionDrift()).toEqual([
        diff(
          PARAM,
          `value (the alias, document ${DOC}, document SessionManager-BreakGlass, document SessionManager-RestartApp, the key's ManagedBy tag and description name ${key.keyId}; key stranger carries no ManagedBy tag and another description ("not ours"): terraform apply rewrites the parameter)`,
          key.keyId,
          'stranger',
        ),
      ]);
    });

    it('parameter and alias disagree, the documents absent: the mark breaks the tie that went to the parameter', async () => {
      const key = world.aliasKey(ACCOUNT, REGION, 'alias/session-manager/data');
      addKey('stranger', { description: 'not ours', tags: { ManagedBy: 'someone-else' } });
      world.region(ACCOUNT, REGION).parameters.set('/session-manager/session-data-key-id', 'stranger');
      deleteKeyDocuments();
      expect(await regionDrift()).toEqual([
        diff(
          PARAM,
          `value (the alias, the key's ManagedBy tag and description name ${key.keyId}; key stranger carries ManagedBy=someone-else (not session-manager-preferences) and another description ("not ours"): terraform apply rewrites the parameter)`,
          key.keyId,
          'stranger',
        ),
        ...documentsGone(),
      ]);
    });

    it("the parameter rewritten to the project's log key (tagged ManagedBy, described otherwise): it loses to the alias's key", async () => {
      const key = world.aliasKey(ACCOUNT, REGION, 'alias/session-manager/data');
      const logsKey = world.aliasKey(ACCOUNT, REGION, 'alias/session-manager/logs');
      world.region(ACCOUNT, REGION).parameters.set('/session-manager/session-data-key-id', logsKey.keyId);
      deleteKeyDocuments();
      expect(await regionDrift()).toEqual([
        diff(
          PARAM,
          `value (the alias, the key's ManagedBy tag and description name ${key.keyId}; key ${logsKey.keyId} carries ManagedBy=session-manager-preferences and another description ("${LOGS_KEY_DESCRIPTION}"): terraform apply rewrites the parameter)`,
          key.keyId,
          logsKey.keyId,
        ),
        ...documentsGone(),
      ]);
    });

    it('the alias retargeted to another key: the parameter, the documents and the mark name the created key', async () => {
      const key = world.aliasKey(ACCOUNT, REGION, 'alias/session-manager/data');
      addKey('stranger', { description: 'not ours' });
      world.region(ACCOUNT, REGION).aliases.set('alias/session-manager/data', 'stranger');
      deleteKeyDocuments();
      expect(await regionDrift()).toEqual([
        diff(
          ALIAS,
          `targetKeyId (the parameter, the key's ManagedBy tag and description name ${key.keyId}; key stranger carries no ManagedBy tag and another description ("not ours"): terraform apply repoints the alias)`,
          key.keyId,
          'stranger',
        ),
        ...documentsGone(),
      ]);
    });

    it('a tie with neither key marked goes to the parameter, and its key is named as unmarked', async () => {
      const key = world.aliasKey(ACCOUNT, REGION, 'alias/session-manager/data');
      key.description = 'edited';
      addKey('stranger', { description: 'not ours' });
      world.region(ACCOUNT, REGION).parameters.set('/session-manager/session-data-key-id', 'stranger');
      deleteKeyDocuments();
      expect(await regionDrift()).toEqual([
        diff(
          ALIAS,
          `targetKeyId (the parameter names stranger; key ${key.keyId} carries ManagedBy=session-manager-preferences and another description ("edited"): terraform apply repoints the alias)`,
          'stranger',
          key.keyId,
        ),
        diff(
          'kms-key stranger (alias/session-manager/data)',
          `ManagedBy tag and description (the parameter names stranger, but it carries no ManagedBy tag and another description ("not ours"): terraform apply restores them on the key in its state)`,
          MARK,
          'no ManagedBy tag, description "not ours"',
        ),
        ...documentsGone(),
      ]);
    });

    it('a tie between two marked keys (one left by an earlier deployment) goes to the parameter; the other is named as marked too', async () => {
      const key = world.aliasKey(ACCOUNT, REGION, 'alias/session-manager/data');
      addKey('earlier', { description: SESSION_DATA_KEY_DESCRIPTION, tags: { ManagedBy: 'session-manager-preferences' } });
      world.region(ACCOUNT, REGION).parameters.set('/session-manager/session-data-key-id', 'earlier');
      deleteKeyDocuments();
      expect(await regionDrift()).toEqual([
        diff(
          ALIAS,
          `targetKeyId (the parameter, the key's ManagedBy tag and description name earlier; key ${key.keyId} carries the session-data key's ManagedBy tag and description too: terraform apply repoints the alias)`,
          'earlier',
          key.keyId,
        ),
        ...documentsGone(),
      ]);
    });

    it('every source agrees but the key lost its description: the key is named, the apply restores it', async () => {
      const key = world.aliasKey(ACCOUNT, REGION, 'alias/session-manager/data');
      key.description = 'edited';
      expect(await regionDrift()).toEqual([
        diff(
          `kms-key ${key.keyId} (alias/session-manager/data)`,
          `ManagedBy tag and description (the parameter, the alias, document ${DOC}, document SessionManager-BreakGlass, document SessionManager-RestartApp name ${key.keyId}, but it carries ManagedBy=session-manager-preferences and another description ("edited"): terraform apply restores them on the key in its state)`,
          MARK,
          'ManagedBy=session-manager-preferences, description "edited"',
        ),
      ]);
    });

    it('a marked key only a document names is a finding of its own, besides the document', async () => {
      const key = world.aliasKey(ACCOUNT, REGION, 'alias/session-manager/data');
      addKey('earlier', { description: SESSION_DATA_KEY_DESCRIPTION, tags: { ManagedBy: 'session-manager-preferences' } });
      world.addVersion(ACCOUNT, REGION, DOC, (c) => {
        c.inputs.kmsKeyId = 'earlier';
      });
      world.region(ACCOUNT, REGION).documents.get(DOC)!.defaultVersion = 2;
      expect(await regionDrift()).toEqual([
        diff(
          'kms-key earlier (alias/session-manager/data)',
          `ManagedBy tag and description (the session-data key's, on a key only document ${DOC} names; the parameter, the alias, document SessionManager-BreakGlass, document SessionManager-RestartApp, the key's ManagedBy tag and description name ${key.keyId}: if earlier is the key in the state, terraform apply points the parameter and the alias back at it)`,
          `not on earlier (the key is ${key.keyId})`,
          MARK,
        ),
        diff(`ssm-document ${DOC}`, 'version 2 (default, latest): inputs.kmsKeyId', key.keyId, 'earlier'),
      ]);
    });
  });

  it('a shortened log group retention, its key removed', async () => {
    const group = world.region(ACCOUNT, REGION).logGroups.get('/session-manager/sessions')!;
    const logsKey = world.aliasKey(ACCOUNT, REGION, 'alias/session-manager/logs');
    group.retentionInDays = 7;
    delete group.kmsKeyId;
    expect(await regionDrift()).toEqual([
      diff('log-group /session-manager/sessions', 'retentionInDays', 365, 7),
      diff('log-group /session-manager/sessions', 'kmsKeyId', logsKey.arn, null),
    ]);
  });

  it('a deleted log group, and one that never expires', async () => {
    world.region(ACCOUNT, REGION).logGroups.delete('/session-manager/sessions');
    expect(await regionDrift()).toEqual([diff('log-group /session-manager/sessions', 'exists', true, false)]);
    world.region(ACCOUNT, REGION).logGroups.set('/session-manager/sessions', { kmsKeyId: world.aliasKey(ACCOUNT, REGION, 'alias/session-manager/logs').arn });
    expect(await regionDrift()).toEqual([diff('log-group /session-manager/sessions', 'retentionInDays', 365, null)]);
  });

  it('a bucket with S3-managed encryption, versioning suspended and public access no longer blocked', async () => {
    const bucket = world.region(ACCOUNT, REGION).buckets.get(BUCKET)!;
    const logsKey = world.aliasKey(ACCOUNT, REGION, 'alias/session-manager/logs');
    bucket.encryption = { sseAlgorithm: 'AES256', bucketKeyEnabled: false };
    bucket.versioning = 'Suspended';
    bucket.publicAccessBlock = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true };
    expect(await regionDrift()).toEqual([
      diff(`s3-bucket ${BUCKET}`, 'encryption.sseAlgorithm', 'aws:kms', 'AES256'),
      diff(`s3-bucket ${BUCKET}`, 'encryption.kmsMasterKeyId', logsKey.arn, null),
      diff(`s3-bucket ${BUCKET}`, 'encryption.bucketKeyEnabled', true, false),
      diff(`s3-bucket ${BUCKET}`, 'versioning', 'Enabled', 'Suspended'),
      diff(`s3-bucket ${BUCKET}`, 'publicAccessBlock.blockPublicPolicy', true, false),
    ]);
  });

  it('a deleted bucket policy (the TLS-only rule gone), a deleted lifecycle, and a shortened expiry are named', async () => {
    const bucket = world.region(ACCOUNT, REGION).buckets.get(BUCKET)!;
    const lifecycle = bucket.lifecycle!;
    delete bucket.policy;
    delete bucket.lifecycle;
    expect(await regionDrift()).toEqual([
      diff(`s3-bucket ${BUCKET}`, 'policy', 'present (statements DenyInsecureTransport, DenyTlsBefore12)', null),
      diff(`s3-bucket ${BUCKET}`, 'lifecycle', 'configured', null),
    ]);
    bucket.lifecycle = { ...lifecycle, expirationDays: 1 };
    expect(await regionDrift()).toEqual([
      diff(`s3-bucket ${BUCKET}`, 'policy', 'present (statements DenyInsecureTransport, DenyTlsBefore12)', null),
      diff(`s3-bucket ${BUCKET}`, 'lifecycle.expiration.days', lifecycle.expirationDays, 1),
    ]);
  });

  it('a bucket without a public access block, and a deleted bucket', async () => {
    delete world.region(ACCOUNT, REGION).buckets.get(BUCKET)!.publicAccessBlock;
    expect((await regionDrift()).map((d) => [d.field, d.actual])).toEqual([
      ['publicAccessBlock.blockPublicAcls', null],
      ['publicAccessBlock.ignorePublicAcls', null],
      ['publicAccessBlock.blockPublicPolicy', null],
      ['publicAccessBlock.restrictPublicBuckets', null],
    ]);
    world.region(ACCOUNT, REGION).buckets.delete(BUCKET);
    expect(await regionDrift()).toEqual([diff(`s3-bucket ${BUCKET}`, 'exists', true, false)]);
  });

  it('a session-log bucket whose ACLs are enabled again (ownership ObjectWriter), then without ownership controls, and with Object Lock turned on outside', async () => {
    expect(region.buckets[0]).toMatchObject({ objectOwnership: 'BucketOwnerEnforced' });
    expect(region.buckets[0].objectLock).toBeUndefined();
    const bucket = world.region(ACCOUNT, REGION).buckets.get(BUCKET)!;
    bucket.objectOwnership = 'ObjectWriter';
    bucket.objectLock = { mode: 'COMPLIANCE', days: 3650 };
    expect(await regionDrift()).toEqual([
      diff(`s3-bucket ${BUCKET}`, 'ownershipControls.objectOwnership', 'BucketOwnerEnforced', 'ObjectWriter'),
      diff(`s3-bucket ${BUCKET}`, 'objectLock.objectLockEnabled', null, 'Enabled'),
      diff(`s3-bucket ${BUCKET}`, 'objectLock.defaultRetention.mode', null, 'COMPLIANCE'),
      diff(`s3-bucket ${BUCKET}`, 'objectLock.defaultRetention.days', null, 3650),
    ]);
    delete bucket.objectOwnership;
    delete bucket.objectLock;
    expect(await regionDrift()).toEqual([diff(`s3-bucket ${BUCKET}`, 'ownershipControls.objectOwnership', 'BucketOwnerEnforced', null)]);
  });

  it('public sharing of documents allowed again', async () => {
    world.region(ACCOUNT, REGION).sharing = 'Enable';
    expect(await regionDrift()).toEqual([diff('ssm-service-setting /ssm/documents/console/public-sharing-permission', 'settingValue', 'Disable', 'Enable')]);
  });

  it('an existing key named by the configuration that is gone or disabled', async () => {
    const model = minimalModel({
      preferences: { sessionEncryption: { enabled: true, createKey: false, kmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab' } },
    });
    const account = expectedState(model).accounts[0];
    region = account.regions[0];
    expect(region.existingKeys).toEqual(['arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab']);
    world = deployedWorld(model);
    wire(world, REGION);
    expect(await regionDrift()).toEqual([]);
    world.region(ACCOUNT, REGION).keys.get('arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab')!.keyState = 'Disabled';
    expect(await regionDrift()).toEqual([diff('kms-key arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab', 'keyState', 'Enabled', 'Disabled')]);
    world.region(ACCOUNT, REGION).keys.delete('arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(await regionDrift()).toEqual([diff('kms-key arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab', 'exists', true, false)]);
  });

  it('a read that fails is an error of the Region, not drift, and the rest is still compared', async () => {
    ssm.on(GetServiceSettingCommand).rejects(new AwsError('AccessDeniedException', 'User is not authorized to perform: ssm:GetServiceSetting'));
    world.region(ACCOUNT, REGION).logGroups.get('/session-manager/sessions')!.retentionInDays = 30;
    const result = await checkRegion(clients(), region);
    expect(result.errors).toEqual([
      'ssm:GetServiceSetting /ssm/documents/console/public-sharing-permission: AccessDeniedException: User is not authorized to perform: ssm:GetServiceSetting',
    ]);
    expect(result.differences).toEqual([diff('log-group /session-manager/sessions', 'retentionInDays', 365, 30)]);
  });

  it("every call goes through the given call wrapper (the runner's retries)", async () => {
    let calls = 0;
    const result = await checkRegion(clients(), region, async (request) => {
      calls++;
      return request();
    });
    expect(result).toEqual({ differences: [], errors: [] });
    const sent = [ssm, kms, logs, s3].reduce((n, m) => n + m.calls().length, 0);
    expect(calls).toBe(sent);
    expect(sent).toBeGreaterThanOrEqual(14);
  });
});

describe('drift of an account (IAM)', () => {
  const iamClients = () => ({ iam: new IAMClient({ region: 'us-east-1' }) });
  const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/session-manager/${name}`;
  const global = (resource: string, field: string, e: Difference['expected'], a: Difference['actual']): Difference => ({ ...diff(resource, field, e, a), region: 'global' });

  it('policies as deployed (URL-encoded by IAM) have no differences', async () => {
    expect(await checkAccount(iamClients(), expected)).toEqual({ differences: [], errors: [] });
  });

  it('a new default version with a statement changed and one added', async () => {
    const policy = world.policies.get(arn('SessionManagerUserAccess'))!;
    const doc = JSON.parse(policy.versions.get('v1')!);
    const first = doc.Statement[0];
    const changed = { ...first, Resource: '*' };
    doc.Statement[0] = changed;
    doc.Statement.push({ Sid: 'Extra', Effect: 'Allow', Action: 'ssm:*', Resource: '*' });
    policy.versions.set('v2', JSON.stringify(doc));
    policy.defaultVersionId = 'v2';
    expect(await checkAccount(iamClients(), expected)).toEqual({
      differences: [
        global('iam-policy SessionManagerUserAccess', `v2 (default): Statement ${first.Sid}`, JSON.stringify(first), JSON.stringify(changed)),
        global('iam-policy SessionManagerUserAccess', 'v2 (default): Statement Extra', null, JSON.stringify({ Sid: 'Extra', Effect: 'Allow', Action: 'ssm:*', Resource: '*' })),
      ],
      errors: [],
    });
  });

  it('a deleted policy', async () => {
    world.policies.delete(arn('SessionManagerInstanceAccess'));
    expect((await checkAccount(iamClients(), expected)).differences).toEqual([global('iam-policy SessionManagerInstanceAccess', 'exists', true, false)]);
  });

  it('IAM documents are URL-decoded, plain JSON is left alone', () => {
    expect(decodePolicyDocument('%7B%22Version%22%3A%222012-10-17%22%7D')).toBe('{"Version":"2012-10-17"}');
    expect(decodePolicyDocument('{"a":"%41"}')).toBe('{"a":"%41"}');
  });
});

describe('drift of roles, instance profiles and the DHMC setting', () => {
  // An instance role and profile, the DHMC role and its setting, and the updater (lambda mode) with its role.
  const model = minimalModel({ documentManagement: 'lambda', access: { instance: { createRole: true, defaultHostManagement: { createRole: true, setServiceSetting: true } } } });
  const account = expectedState(model).accounts[0];
  const synthesized = [...synthModel(model).values()];
  const synthRoles = synthesized.flatMap((json) => resourcesIn(json, 'aws_iam_role'));
  const iamClients = () => ({ iam: new IAMClient({ region: 'us-east-1' }) });
  const global = (resource: string, field: string, e: Difference['expected'], a: Difference['actual']): Difference => ({ ...diff(resource, field, e, a), region: 'global' });

  const byId = (type: string, id: string) => synthesized.map((json) => parsed(json).resource[type]?.[id] as Record<string, unknown> | undefined).find((r) => r !== undefined);
  /** A synthesized value that may be a reference (`${aws_iam_role.x.name}`, `${aws_iam_policy.x.arn}`): resolved to the name or ARN it will have. */
  const resolve = (value: unknown): string => {
    const ref = /^\$\{(aws_iam_role|aws_iam_policy)\.([^.]+)\.(name|arn)\}$/.exec(String(value));
    if (!ref) return String(value);
    const r = byId(ref[1], ref[2])!;
    return ref[3] === 'name' ? String(r.name) : `arn:aws:iam::${ACCOUNT}:policy${String(r.path ?? '/')}${String(r.name)}`;
  };
  /** Each synthesized role with its trust policy (as Terraform sends it), attached policy ARNs and inline policy names. */
  const synthIam = synthRoles.map((r) => ({
    name: String(r.name),
    path: String(r.path ?? '/'),
    trust: unescapeTerraform(String(r.assume_role_policy)),
    managed: synthesized
      .flatMap((json) => resourcesIn(json, 'aws_iam_role_policy_attachment'))
      .filter((a) => resolve(a.role) === r.name)
      .map((a) => resolve(a.policy_arn))
      .sort(),
    inline: synthesized
      .flatMap((json) => resourcesIn(json, 'aws_iam_role_policy'))
      .filter((p) => resolve(p.role) === r.name)
      .map((p) => String(p.name))
      .sort(),
  }));

  /** IAM as the synthesized stacks would make it: every role at its synthesized path with its trust policy (URL-encoded, as IAM answers) and policies, every profile. */
  function deployedIam(): void {
    iam.reset();
    iam.on(GetPolicyCommand).rejects(new AwsError('NoSuchEntity', 'not mocked here'));
    for (const r of synthIam) {
      iam.on(GetRoleCommand, { RoleName: r.name }).resolves({
        Role: { RoleName: r.name, Path: r.path, Arn: `arn:aws:iam::${ACCOUNT}:role${r.path}${r.name}`, AssumeRolePolicyDocument: encodeURIComponent(r.trust) } as never,
      });
      iam.on(ListAttachedRolePoliciesCommand, { RoleName: r.name }).resolves({ AttachedPolicies: r.managed.map((arn) => ({ PolicyArn: arn, PolicyName: arn.split('/').pop() })) });
      iam.on(ListRolePoliciesCommand, { RoleName: r.name }).resolves({ PolicyNames: r.inline });
    }
    for (const p of synthesized.flatMap((json) => resourcesIn(json, 'aws_iam_instance_profile')))
      iam.on(GetInstanceProfileCommand, { InstanceProfileName: p.name }).resolves({
        InstanceProfile: { InstanceProfileName: p.name, Path: p.path, Roles: [{ RoleName: p.role.startsWith('${') ? account.instanceProfiles[0].role : p.role }] } as never,
      });
  }
  const iamOnly = { ...account, policies: [] };

  it("drift's expected roles and profile are the synthesized ones (name and path), from the plan", () => {
    const expectedRoles = account.roles.map((r) => `${r.name} ${r.path}`).sort();
    expect(expectedRoles).toEqual(synthRoles.map((r) => `${r.name} ${r.path ?? '/'}`).sort());
    expect(expectedRoles).toHaveLength(3); // instance role, DHMC role, the updater's role of the one Region
    const profiles = synthesized.flatMap((json) => resourcesIn(json, 'aws_iam_instance_profile'));
    expect(account.instanceProfiles.map((p) => `${p.name} ${p.path}`)).toEqual(profiles.map((p) => `${p.name} ${p.path}`));
    const setting = synthesized.flatMap((json) => resourcesIn(json, 'aws_ssm_service_setting')).find((r) => String(r.setting_id).includes('default-ec2-instance-management-role'));
    // The stack names the setting by ARN, drift by its ID (GetServiceSetting takes either).
    expect(setting?.setting_id).toBe(`arn:aws:ssm:${REGION}:${ACCOUNT}:servicesetting${account.regions[0].dhmc?.settingId}`);
    expect(account.regions[0].dhmc?.value).toBe(setting?.setting_value);
  });

  it("drift's expected trust policies, attached managed policies and inline policies of each role are the synthesized ones, from the plan", () => {
    expect(synthIam.map((r) => r.name).sort()).toEqual(account.roles.map((r) => r.name).sort());
    for (const role of account.roles) {
      const synth = synthIam.find((r) => r.name === role.name)!;
      expect(JSON.parse(synth.trust)).toEqual(JSON.parse(JSON.stringify(role.trustPolicy)));
      expect([...role.managedPolicyArns].sort()).toEqual(synth.managed);
      expect([...role.inlinePolicyNames].sort()).toEqual(synth.inline);
    }
    const [instanceRole, dhmcRole, updaterRole] = account.roles;
    // The instance role: the instance policy (AmazonSSMManagedInstanceCore only with attachManagedInstanceCore); the DHMC role: AWS's default policy and the instance policy; the updater: its inline policy only.
    expect(instanceRole.managedPolicyArns).toEqual([`arn:aws:iam::${ACCOUNT}:policy/session-manager/SessionManagerInstanceAccess`]);
    expect(dhmcRole.managedPolicyArns).toEqual([
      'arn:aws:iam::aws:policy/AmazonSSMManagedEC2InstanceDefaultPolicy',
      `arn:aws:iam::${ACCOUNT}:policy/session-manager/SessionManagerInstanceAccess`,
    ]);
    expect(updaterRole).toMatchObject({ managedPolicyArns: [], inlinePolicyNames: ['manage-preferences-document'] });
    expect(account.roles.map((r) => [...trustedPrincipals(r.trustPolicy)])).toEqual([
      ['Service ec2.amazonaws.com'],
      ['Service ssm.amazonaws.com'],
      ['Service lambda.amazonaws.com'],
    ]);
  });

  it('a trust policy that now lets another account assume the role names that principal; the same trust reordered (one value for a list of one) is no drift', async () => {
    deployedIam();
    const [instanceRole, , updaterRole] = account.roles;
    const roleWith = (name: string, trust: unknown) =>
      iam.on(GetRoleCommand, { RoleName: name }).resolves({
        Role: {
          RoleName: name,
          Path: name === instanceRole.name ? '/session-manager/' : '/',
          Arn: 'x',
          AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)),
        } as never,
      });
    // Reordered keys, a list of one for a single value: IAM's equivalent of what the stack wrote.
    roleWith(updaterRole.name, {
      Statement: [
        {
          Condition: { StringEquals: { 'aws:SourceAccount': [ACCOUNT] } },
          Action: ['sts:AssumeRole'],
          Principal: { Service: ['lambda.amazonaws.com'] },
          Effect: 'Allow',
          Sid: 'LambdaAssumesRoleForThisAccountOnly',
        },
      ],
      Version: '2012-10-17',
    });
    expect(await checkAccount(iamClients(), iamOnly)).toEqual({ differences: [], errors: [] });
    const widened = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Ec2AssumesRole', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com', AWS: 'arn:aws:iam::222222222222:root' }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } },
      ],
    };
    roleWith(instanceRole.name, widened);
    expect(await checkAccount(iamClients(), iamOnly)).toEqual({
      differences: [
        global(`iam-role ${instanceRole.name}`, 'assumeRolePolicy', JSON.stringify(instanceRole.trustPolicy), JSON.stringify(widened)),
        global(`iam-role ${instanceRole.name}`, 'assumeRolePolicy: trusts another principal', null, '*'),
        global(`iam-role ${instanceRole.name}`, 'assumeRolePolicy: trusts another principal', null, 'AWS arn:aws:iam::222222222222:root'),
      ],
      errors: [],
    });
    // A condition dropped (any account's Lambda may now assume the updater's role): the document differs, the principals do not.
    const { Condition: _dropped, ...unconditioned } = updaterRole.trustPolicy.Statement[0];
    roleWith(instanceRole.name, instanceRole.trustPolicy);
    roleWith(updaterRole.name, { ...updaterRole.trustPolicy, Statement: [unconditioned] });
    expect(await checkAccount(iamClients(), iamOnly)).toEqual({
      differences: [
        global(
          `iam-role ${updaterRole.name}`,
          'assumeRolePolicy',
          JSON.stringify(updaterRole.trustPolicy),
          JSON.stringify({ ...updaterRole.trustPolicy, Statement: [unconditioned] }),
        ),
      ],
      errors: [],
    });
  });

  it('a managed policy attached outside, one detached, and an inline policy added outside are each named; a denied list is an error, not drift', async () => {
    deployedIam();
    const [instanceRole, dhmcRole, updaterRole] = account.roles;
    iam.on(ListAttachedRolePoliciesCommand, { RoleName: instanceRole.name }).resolves({
      AttachedPolicies: [
        { PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
        { PolicyArn: instanceRole.managedPolicyArns[0] },
        { PolicyArn: instanceRole.managedPolicyArns[1] },
      ],
    });
    iam.on(ListAttachedRolePoliciesCommand, { RoleName: dhmcRole.name }).resolves({ AttachedPolicies: [{ PolicyArn: dhmcRole.managedPolicyArns[0] }] });
    iam.on(ListRolePoliciesCommand, { RoleName: updaterRole.name }).resolves({ PolicyNames: ['manage-preferences-document', 'extra'] });
    expect(await checkAccount(iamClients(), iamOnly)).toEqual({
      differences: [
        global(`iam-role ${instanceRole.name}`, 'attachedPolicies: arn:aws:iam::aws:policy/AdministratorAccess', false, true),
        global(`iam-role ${dhmcRole.name}`, `attachedPolicies: ${dhmcRole.managedPolicyArns[1]}`, true, false),
        global(`iam-role ${updaterRole.name}`, 'inlinePolicies: extra', false, true),
      ],
      errors: [],
    });
    // Pages are followed.
    iam
      .on(ListRolePoliciesCommand, { RoleName: updaterRole.name })
      .resolvesOnce({ PolicyNames: [], IsTruncated: true, Marker: 'm' })
      .resolves({ PolicyNames: ['manage-preferences-document'] });
    iam.on(ListAttachedRolePoliciesCommand, { RoleName: instanceRole.name }).rejects(new AwsError('AccessDenied', 'not authorized to perform: iam:ListAttachedRolePolicies'));
    iam.on(ListAttachedRolePoliciesCommand, { RoleName: dhmcRole.name }).resolves({ AttachedPolicies: dhmcRole.managedPolicyArns.map((PolicyArn) => ({ PolicyArn })) });
    expect(await checkAccount(iamClients(), iamOnly)).toEqual({
      differences: [],
      errors: [`iam:ListAttachedRolePolicies ${instanceRole.name}: AccessDenied: not authorized to perform: iam:ListAttachedRolePolicies`],
    });
  });

  it('as deployed: no differences; a deleted role, a moved role and a profile without its role are each named', async () => {
    deployedIam();
    expect(await checkAccount(iamClients(), iamOnly)).toEqual({ differences: [], errors: [] });
    const [instanceRole, dhmcRole] = account.roles;
    iam.on(GetRoleCommand, { RoleName: instanceRole.name }).rejects(new AwsError('NoSuchEntity', 'The role cannot be found.'));
    const dhmcTrust = encodeURIComponent(synthIam.find((r) => r.name === dhmcRole.name)!.trust);
    iam.on(GetRoleCommand, { RoleName: dhmcRole.name }).resolves({ Role: { RoleName: dhmcRole.name, Path: '/', Arn: 'x', AssumeRolePolicyDocument: dhmcTrust } as never });
    const profile = account.instanceProfiles[0];
    iam
      .on(GetInstanceProfileCommand, { InstanceProfileName: profile.name })
      .resolves({ InstanceProfile: { InstanceProfileName: profile.name, Path: profile.path, Roles: [] } as never });
    expect(await checkAccount(iamClients(), iamOnly)).toEqual({
      differences: [
        global(`iam-role ${instanceRole.name}`, 'exists', true, false),
        global(`iam-role ${dhmcRole.name}`, 'path', '/service-role/', '/'),
        global(`iam-instance-profile ${profile.name}`, 'roles', instanceRole.name, null),
      ],
      errors: [],
    });
  });

  it("the updater's log group: expected equals synthesized (name, retention, the logs key), from the plan", () => {
    const synthGroups = synthesized.flatMap((json) => resourcesIn(json, 'aws_cloudwatch_log_group'));
    const updaterGroup = synthGroups.find((g) => String(g.name).startsWith('/aws/lambda/'));
    expect(updaterGroup).toBeDefined();
    const lambdaFunction = synthesized.flatMap((json) => resourcesIn(json, 'aws_lambda_function'))[0];
    // The function logs to this group (LoggingConfig.LogGroup), by reference to the group's name.
    expect(lambdaFunction.logging_config).toMatchObject({ log_group: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\..*\.name\}$/) });
    const group = account.regions[0].logGroups.find((g) => g.name === updaterGroup!.name);
    expect(group).toEqual({ name: updaterGroup!.name, retentionDays: updaterGroup!.retention_in_days, kmsKeyAlias: account.regions[0].logsKeyAlias });
    expect(updaterGroup!.kms_key_id).toMatch(/^\$\{aws_kms_key\..*\.arn\}$/);
  });

  it("the updater's log group as deployed: no differences; shortened retention, then deleted, are named", async () => {
    const region = account.regions[0];
    const updaterGroup = region.logGroups.find((g) => g.name.startsWith('/aws/lambda/'))!;
    const updaterWorld = deployedWorld(model);
    wire(updaterWorld, REGION);
    const logDifferences = async () => {
      const result = await checkRegion(clients(), region);
      expect(result.errors).toEqual([]);
      return result.differences.filter((d) => d.resource.startsWith('log-group'));
    };
    expect(await logDifferences()).toEqual([]);
    updaterWorld.region(ACCOUNT, REGION).logGroups.get(updaterGroup.name)!.retentionInDays = 7;
    expect(await logDifferences()).toEqual([diff(`log-group ${updaterGroup.name}`, 'retentionInDays', updaterGroup.retentionDays, 7)]);
    updaterWorld.region(ACCOUNT, REGION).logGroups.delete(updaterGroup.name);
    expect(await logDifferences()).toEqual([diff(`log-group ${updaterGroup.name}`, 'exists', true, false)]);
  });

  it('the updater function: expected equals synthesized (name, runtime, role, log group, handler, timeout, memory), from the plan and the contract', () => {
    const fn = account.regions[0].lambdaFunction;
    const synthFunctions = synthesized.flatMap((json) => resourcesIn(json, 'aws_lambda_function'));
    expect(synthFunctions).toHaveLength(1);
    const synth = synthFunctions[0];
    expect(fn).toBeDefined();
    expect(fn!.name).toBe(synth.function_name);
    expect(fn!.runtime).toBe(synth.runtime);
    expect([fn!.handler, fn!.timeoutSeconds, fn!.memorySize]).toEqual([synth.handler, synth.timeout, synth.memory_size]);
    expect([fn!.handler, fn!.timeoutSeconds, fn!.memorySize]).toEqual(['index.handler', 120, 256]);
    // The stack names the role and the log group by reference: resolve them to the synthesized resources.
    const roleRef = /^\$\{aws_iam_role\.([^.]+)\.arn\}$/.exec(String(synth.role));
    const groupRef = /^\$\{aws_cloudwatch_log_group\.([^.]+)\.name\}$/.exec(String((synth.logging_config as { log_group?: string }).log_group));
    expect(roleRef).not.toBeNull();
    expect(groupRef).not.toBeNull();
    const role = byId('aws_iam_role', roleRef![1]);
    const group = byId('aws_cloudwatch_log_group', groupRef![1]);
    expect(fn!.roleArn).toBe(`arn:aws:iam::${ACCOUNT}:role${(role?.path as string | undefined) ?? '/'}${role?.name as string}`);
    expect(fn!.logGroup).toBe(group?.name);
  });

  it('the updater function as deployed: no differences; another runtime, role, log group, handler, timeout and memory, then deleted, are named; a read error is an error', async () => {
    const region = account.regions[0];
    const fn = region.lambdaFunction!;
    const fnWorld = deployedWorld(model);
    wire(fnWorld, REGION);
    const check = async () => {
      const result = await checkRegion(clients(), region);
      return { errors: result.errors, differences: result.differences.filter((d) => d.resource.startsWith('lambda-function')) };
    };
    expect(await check()).toEqual({ differences: [], errors: [] });
    fnWorld.region(ACCOUNT, REGION).functions.set(fn.name, {
      Runtime: 'nodejs18.x',
      Role: 'arn:aws:iam::111111111111:role/other',
      LoggingConfig: { LogGroup: '/aws/lambda/other' },
      Handler: 'other.handler',
      Timeout: 900,
      MemorySize: 128,
    });
    expect(await check()).toEqual({
      differences: [
        diff(`lambda-function ${fn.name}`, 'runtime', fn.runtime, 'nodejs18.x'),
        diff(`lambda-function ${fn.name}`, 'role', fn.roleArn, 'arn:aws:iam::111111111111:role/other'),
        diff(`lambda-function ${fn.name}`, 'loggingConfig.logGroup', fn.logGroup, '/aws/lambda/other'),
        diff(`lambda-function ${fn.name}`, 'handler', 'index.handler', 'other.handler'),
        diff(`lambda-function ${fn.name}`, 'timeout', 120, 900),
        diff(`lambda-function ${fn.name}`, 'memorySize', 256, 128),
      ],
      errors: [],
    });
    fnWorld.region(ACCOUNT, REGION).functions.delete(fn.name);
    expect(await check()).toEqual({ differences: [diff(`lambda-function ${fn.name}`, 'exists', true, false)], errors: [] });
    lambda.on(GetFunctionCommand).rejects(new AwsError('AccessDeniedException', 'denied'));
    expect(await check()).toEqual({ differences: [], errors: [`lambda:GetFunction ${fn.name}: AccessDeniedException: denied`] });
  });

  it('a Region without the updater does not read Lambda', async () => {
    const plainModel = minimalModel();
    const plain = expectedState(plainModel).accounts[0].regions[0];
    expect(plain.lambdaFunction).toBeUndefined();
    const plainWorld = deployedWorld(plainModel);
    wire(plainWorld, REGION);
    expect(await checkRegion(clients(), plain)).toEqual({ differences: [], errors: [] });
    expect(lambda.commandCalls(GetFunctionCommand)).toHaveLength(0);
  });

  it('the DHMC setting pointed at another role is named; a read error is an error, not drift', async () => {
    const region = account.regions[0];
    const dhmc = region.dhmc!;
    const settings = (value: string) => {
      ssm.reset();
      ssm.on(GetServiceSettingCommand, { SettingId: region.sharing?.settingId }).resolves({ ServiceSetting: { SettingValue: 'Disable' } });
      ssm.on(GetServiceSettingCommand, { SettingId: dhmc.settingId }).resolves({ ServiceSetting: { SettingValue: value } });
    };
    settings(dhmc.value);
    const clean = await checkRegion(clients(), region);
    expect(clean.differences.filter((d) => d.resource.startsWith('ssm-service-setting'))).toEqual([]);
    settings('service-role/SomeoneElsesRole');
    const moved = await checkRegion(clients(), region);
    expect(moved.differences.filter((d) => d.resource.startsWith('ssm-service-setting'))).toEqual([
      diff(`ssm-service-setting ${dhmc.settingId}`, 'settingValue', dhmc.value, 'service-role/SomeoneElsesRole'),
    ]);
    ssm.on(GetServiceSettingCommand, { SettingId: dhmc.settingId }).rejects(new AwsError('AccessDeniedException', 'denied'));
    const denied = await checkRegion(clients(), region);
    expect(denied.errors).toContain(`ssm:GetServiceSetting ${dhmc.settingId}: AccessDeniedException: denied`);
  });
});

describe('drift of the log archive (its account need not be a member)', () => {
  const ARCHIVE = '999999999999';
  const model = minimalModel({ logArchive: { accountId: ARCHIVE, regions: [REGION], objectLock: { mode: 'GOVERNANCE', retentionDays: 30 } } });
  const archive = expectedState(model).accounts.find((a) => a.accountId === ARCHIVE)!;
  // The home Region gets an archive bucket too: us-east-1 and eu-west-1.
  const region = archive.regions.find((r) => r.region === REGION)!;
  const stack = synthModel(model).get(`log-archive-${REGION}`)!;
  const one = (type: string) => resourcesIn(stack, type)[0];
  /** The bucket policy as AWS holds it once Terraform has applied it ($${ is Terraform's escape of ${). */
  const appliedPolicy = () => unescapeTerraform(one('aws_s3_bucket_policy').policy);
  const keyArn = `arn:aws:kms:${REGION}:${ARCHIVE}:key/archive-key`;
  const clientsOf = () => ({ ...clients() });
  const at = (resource: string, field: string, e: Difference['expected'], a: Difference['actual']): Difference => ({
    ...diff(resource, field, e, a),
    account: ARCHIVE,
    accountName: archive.accountName,
  });

  /** The archive Region as the synthesized archive stack makes it. */
  function deployedArchive(): void {
    for (const m of [ssm, kms, logs, s3]) m.reset();
    const lifecycle = one('aws_s3_bucket_lifecycle_configuration').rule[0];
    kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: 'archive-key', Arn: keyArn, KeyState: 'Enabled', Enabled: true } as never });
    kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: one('aws_kms_key').enable_key_rotation === true });
    s3.on(HeadBucketCommand).resolves({});
    s3.on(GetBucketEncryptionCommand).resolves({
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn }, BucketKeyEnabled: true }] },
    });
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
    s3.on(GetPublicAccessBlockCommand).resolves({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    });
    s3.on(GetBucketPolicyCommand).resolves({ Policy: appliedPolicy() });
    s3.on(GetBucketOwnershipControlsCommand).resolves({ OwnershipControls: { Rules: [{ ObjectOwnership: one('aws_s3_bucket_ownership_controls').rule.object_ownership }] } });
    const lock = one('aws_s3_bucket_object_lock_configuration').rule.default_retention;
    s3.on(GetObjectLockConfigurationCommand).resolves({
      ObjectLockConfiguration: {
        ObjectLockEnabled: one('aws_s3_bucket').object_lock_enabled ? 'Enabled' : undefined,
        Rule: { DefaultRetention: { Mode: lock.mode, Days: lock.days } },
      },
    });
    s3.on(GetBucketLifecycleConfigurationCommand).resolves({
      Rules: [
        {
          Status: 'Enabled',
          Expiration: { Days: lifecycle.expiration[0].days },
          NoncurrentVersionExpiration: { NoncurrentDays: lifecycle.noncurrent_version_expiration[0].noncurrent_days },
        },
      ] as never,
    });
  }

  it('the archive account is checked in its bucket Regions, with the bucket policy the archive stack synthesizes', () => {
    expect(archive).toMatchObject({ accountName: model.logArchive!.name, policies: [], roles: [], instanceProfiles: [] });
    expect(region).toMatchObject({ region: REGION, documents: [], logsKeyAlias: model.logArchive!.keyAlias });
    expect(region.sharing).toBeUndefined(); // the archive stack sets no service setting
    expect(region.buckets.map((b) => b.name)).toEqual([one('aws_s3_bucket').bucket]);
    expect(JSON.parse(JSON.stringify(region.buckets[0].policy))).toEqual(JSON.parse(appliedPolicy()));
  });

  it('as deployed: no differences and no service setting read; a deleted bucket policy, suspended versioning and the key rotation off are named', async () => {
    deployedArchive();
    expect(await checkRegion(clientsOf(), region)).toEqual({ differences: [], errors: [] });
    expect(ssm.calls()).toHaveLength(0);
    s3.on(GetBucketPolicyCommand).rejects(new AwsError('NoSuchBucketPolicy', 'The bucket policy does not exist'));
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Suspended' });
    kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: false });
    const bucket = `s3-bucket ${region.buckets[0].name}`;
    const { differences } = await checkRegion(clientsOf(), region);
    expect(differences).toEqual([
      at(`kms-key ${model.logArchive!.keyAlias}`, 'rotationEnabled', true, false),
      at(bucket, 'versioning', 'Enabled', 'Suspended'),
      at(bucket, 'policy', expect.stringMatching(/^present \(statements /) as never, null),
    ]);
  });

  it("the archive bucket's Object Lock and ownership controls are the synthesized ones; a shortened retention, governance switched off and ACLs enabled are named", async () => {
    expect(region.buckets[0]).toMatchObject({ objectOwnership: 'BucketOwnerEnforced', objectLock: { mode: 'GOVERNANCE', retentionDays: 30 } });
    expect(one('aws_s3_bucket').object_lock_enabled).toBe(true);
    expect(one('aws_s3_bucket_ownership_controls').rule.object_ownership).toBe(region.buckets[0].objectOwnership);
    expect(one('aws_s3_bucket_object_lock_configuration').rule.default_retention).toEqual({
      mode: region.buckets[0].objectLock!.mode,
      days: region.buckets[0].objectLock!.retentionDays,
    });
    deployedArchive();
    s3.on(GetObjectLockConfigurationCommand).resolves({ ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } } } });
    s3.on(GetBucketOwnershipControlsCommand).resolves({ OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] } });
    const bucket = `s3-bucket ${region.buckets[0].name}`;
    expect(await checkRegion(clientsOf(), region)).toEqual({
      differences: [at(bucket, 'ownershipControls.objectOwnership', 'BucketOwnerEnforced', 'BucketOwnerPreferred'), at(bucket, 'objectLock.defaultRetention.days', 30, 1)],
      errors: [],
    });
    // No default retention left (objects are no longer locked on upload).
    s3.on(GetObjectLockConfigurationCommand).resolves({ ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' } });
    s3.on(GetBucketOwnershipControlsCommand).rejects(new AwsError('AccessDenied', 'Access Denied'));
    expect(await checkRegion(clientsOf(), region)).toEqual({
      differences: [],
      errors: [`s3:GetBucketOwnershipControls ${region.buckets[0].name}: AccessDenied: Access Denied`],
    });
    s3.on(GetBucketOwnershipControlsCommand).resolves({ OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } });
    expect((await checkRegion(clientsOf(), region)).differences).toEqual([
      at(bucket, 'objectLock.defaultRetention.mode', 'GOVERNANCE', null),
      at(bucket, 'objectLock.defaultRetention.days', 30, null),
    ]);
  });

  it('the runner gets the archive account (or its Regions merged into the member it also is, a Region then holding both)', () => {
    const members = runnerAccounts(model.accounts);
    expect(withArchiveAccount(members, model.logArchive).map((a) => `${a.id} ${a.regions.join(',')}`)).toEqual([`${ACCOUNT} ${REGION}`, `${ARCHIVE} us-east-1,${REGION}`]);
    expect(archive.regions.map((r) => r.region)).toEqual(['us-east-1', REGION]);
    expect(withArchiveAccount(members, model.logArchive, { accounts: [ACCOUNT] })).toEqual(members);
    const same = minimalModel({ regions: ['us-east-1'], logArchive: { accountId: ACCOUNT, regions: [REGION], keyAlias: 'alias/session-manager/archive' } });
    expect(withArchiveAccount(runnerAccounts(same.accounts), same.logArchive).map((a) => `${a.id} ${a.regions.join(',')}`)).toEqual([`${ACCOUNT} us-east-1,${REGION}`]);
    expect(expectedState(same).accounts.map((a) => a.regions.map((r) => `${r.region} ${r.documents.length}`))).toEqual([['us-east-1 1', 'us-east-1 0', `${REGION} 0`]]);
  });
});

describe('report', () => {
  const base: DriftReport = { checkedAt: '2026-12-01T00:00:00.000Z', config: 'config/example.yaml', accounts: 1, regions: 2, differences: [], errors: [], durationMs: 1234 };
  const d = diff('log-group /session-manager/sessions', 'retentionInDays', 365, 7);

  it('exit 0 when clean, 1 on drift, 3 on errors (even with drift)', () => {
    expect(driftExitCode(base)).toBe(0);
    expect(driftExitCode({ ...base, differences: [d] })).toBe(1);
    expect(driftExitCode({ ...base, differences: [d], errors: [{ account: ACCOUNT, accountName: 'sandbox', region: '*', message: 'AccessDenied' }] })).toBe(3);
  });

  it('JSON carries the status and every difference whole', () => {
    const json = JSON.parse(renderDriftJson({ ...base, differences: [d] }));
    expect(json).toMatchObject({ status: 'drift', exitCode: 1, accounts: 1, regions: 2, differences: [d] });
  });

  it('Markdown: a summary, one table row per difference with values as code, errors listed', () => {
    expect(renderDriftMarkdown(base)).toContain('**No drift.** 1 account, 2 account × Region pairs checked against `config/example.yaml`');
    const md = renderDriftMarkdown({
      ...base,
      differences: [d, diff('ssm-document X', 'version 1 (default, latest): inputs.shellProfile.linux', 'a|b', null)],
      errors: [{ account: ACCOUNT, accountName: 'sandbox', region: 'us-east-1', message: 'ssm:GetServiceSetting: AccessDeniedException' }],
    });
    expect(md).toContain('**2 differences, 1 error (the check is incomplete).**');
    expect(md).toContain(`| sandbox (${ACCOUNT}) | ${REGION} | log-group /session-manager/sessions | retentionInDays | \`365\` | \`7\` |`);
    expect(md).toContain('| `"a\\|b"` | _(absent)_ |');
    expect(md).toContain(`- sandbox (${ACCOUNT}) us-east-1: ssm:GetServiceSetting: AccessDeniedException`);
  });
});

describe('the "as deployed" world is a fake apply of the synthesized stacks, never drift\'s expected state (issue 21)', () => {
  const eu = () => world.region(ACCOUNT, REGION);
  const euStack = () => parsed(synthStack(example, stackFor(example, SANDBOX.name, REGION)));
  const one = (type: string) => Object.values(euStack().resource[type]) as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('keys: one per aws_kms_key, described and tagged as synthesized (provider default_tags), rotating; the aliases and the parameter name the created keys', () => {
    const dataKey = world.aliasKey(ACCOUNT, REGION, 'alias/session-manager/data');
    const logsKey = world.aliasKey(ACCOUNT, REGION, 'alias/session-manager/logs');
    expect(eu().keys.size).toBe(one('aws_kms_key').length);
    expect([dataKey.description, logsKey.description]).toEqual([SESSION_DATA_KEY_DESCRIPTION, LOGS_KEY_DESCRIPTION]);
    expect(dataKey.keyId).not.toBe(logsKey.keyId);
    expect(dataKey.arn).toBe(`arn:aws:kms:${REGION}:${ACCOUNT}:key/${dataKey.keyId}`);
    const defaultTags = euStack().provider.aws[0].default_tags[0].tags;
    expect(dataKey).toMatchObject({ keyState: 'Enabled', rotation: true, tags: defaultTags });
    expect(defaultTags).toMatchObject({ ManagedBy: 'session-manager-preferences', Project: 'session-manager', ManagedByStack: stackFor(example, SANDBOX.name, REGION) });
    expect(eu().parameters.get('/session-manager/session-data-key-id')).toBe(dataKey.keyId);
  });

  it('documents: the synthesized content with the created key ID, the bucket name and a revision substituted, nothing left to resolve', () => {
    const dataKey = world.aliasKey(ACCOUNT, REGION, 'alias/session-manager/data');
    const synthesized = one('aws_ssm_document');
    expect([...eu().documents.keys()].sort()).toEqual(synthesized.map((d) => d.name).sort());
    for (const d of synthesized) {
      const deployed = eu().documents.get(d.name)!;
      expect(deployed).toMatchObject({ documentType: 'Session', defaultVersion: 1 });
      expect(deployed.versions).toHaveLength(1);
      expect(deployed.versions[0]).not.toMatch(/\$\{(aws_|terraform_data|data\.)/);
      const content = JSON.parse(deployed.versions[0]);
      const text = unescapeTerraform(d.content)
        .replace(/\$\{aws_kms_key\.[^.]+\.key_id\}/g, dataKey.keyId)
        .replace(/\$\{aws_s3_bucket\.[^.]+\.bucket\}/g, BUCKET)
        .replace(/\(revision \$\{terraform_data\.[^.]+\.id\}\)/, `(revision ${/\(revision ([^)]+)\)$/.exec(content.description)![1]})`);
      expect(content).toEqual(JSON.parse(text));
      if (content.inputs && 'kmsKeyId' in content.inputs) expect(content.inputs.kmsKeyId).toBe(dataKey.keyId);
    }
  });

  it('the log group and the bucket hold what their resources set, with the log key ARN resolved; public sharing is blocked', () => {
    const logsKey = world.aliasKey(ACCOUNT, REGION, 'alias/session-manager/logs');
    expect(eu().logGroups.get('/session-manager/sessions')).toEqual({ retentionInDays: one('aws_cloudwatch_log_group')[0].retention_in_days, kmsKeyId: logsKey.arn });
    const lifecycle = one('aws_s3_bucket_lifecycle_configuration')[0].rule[0];
    expect(eu().buckets.get(BUCKET)).toEqual({
      encryption: { sseAlgorithm: 'aws:kms', kmsKeyId: logsKey.arn, bucketKeyEnabled: true },
      versioning: 'Enabled',
      publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      policy: unescapeTerraform(one('aws_s3_bucket_policy')[0].policy),
      lifecycle: { expirationDays: lifecycle.expiration[0].days, noncurrentDays: lifecycle.noncurrent_version_expiration[0].noncurrent_days },
      objectOwnership: 'BucketOwnerEnforced',
    });
    expect(eu().sharing).toBe('Disable');
  });

  it('managed policies: by the ARN their name and path make, the synthesized document as version v1', () => {
    const policies = resourcesIn(synthStack(example, stackFor(example, SANDBOX.name)), 'aws_iam_policy');
    expect([...world.policies.keys()].sort()).toEqual(policies.map((p) => `arn:aws:iam::${ACCOUNT}:policy${p.path}${p.name}`).sort());
    for (const p of policies)
      expect(world.policies.get(`arn:aws:iam::${ACCOUNT}:policy${p.path}${p.name}`)).toEqual({ versions: new Map([['v1', unescapeTerraform(p.policy)]]), defaultVersionId: 'v1' });
  });

  it('the guard: an expectation that disagrees with the synthesized stacks is a difference, not copied into the world', async () => {
    const wrong: ExpectedRegion = {
      ...region,
      logGroups: region.logGroups.map((g) => ({ ...g, retentionDays: 30 })),
      createdKey: { ...region.createdKey!, description: 'a description the stack does not write' },
    };
    const differences = await checkRegion(clients(), wrong);
    expect(differences.errors).toEqual([]);
    expect(differences.differences.map((d) => `${d.resource} ${d.field.split(' (')[0]}`)).toEqual([
      `kms-key ${world.aliasKey(ACCOUNT, REGION, 'alias/session-manager/data').keyId} (alias/session-manager/data) ManagedBy tag and description`,
      'log-group /session-manager/sessions retentionInDays',
    ]);
  });

  it('fails loudly on what it cannot apply: an unknown resource type, a reference to nothing', () => {
    const stack = (resource: Record<string, unknown>) => JSON.stringify({ provider: { aws: [{ alias: 'eu_west_1', region: REGION, allowed_account_ids: [ACCOUNT] }] }, resource });
    expect(() => worldFromSynth([stack({ aws_sqs_queue: { q: { provider: 'aws.eu_west_1', name: 'q' } } })])).toThrow('no fake apply for aws_sqs_queue');
    expect(() => worldFromSynth([stack({ aws_ssm_parameter: { p: { provider: 'aws.eu_west_1', name: '/p', value: '${aws_kms_key.gone.key_id}' } } })])).toThrow(
      'cannot resolve ${aws_kms_key.gone.key_id}',
    );
    // The account from the assumed role when the provider names no allowed account; template escapes undone.
    const assumed = JSON.stringify({
      provider: { aws: [{ alias: 'eu_west_1', region: REGION, assume_role: [{ role_arn: 'arn:aws:iam::222222222222:role/Deployer' }] }] },
      resource: { aws_ssm_parameter: { p: { provider: 'aws.eu_west_1', name: '/p', value: 'echo $${HOME} %%{x}' } } },
    });
    expect(worldFromSynth([assumed]).region('222222222222', REGION).parameters.get('/p')).toBe('echo ${HOME} %{x}');
  });

  /** Every account and Region of `model` checked against a fresh deploy of its synthesized stacks. */
  async function driftOfDeployed(model: Model): Promise<{ checked: string[]; differences: Difference[]; errors: string[] }> {
    const deployed = deployedWorld(model);
    const factory = worldClientFactory(deployed);
    const checked: string[] = [];
    const differences: Difference[] = [];
    const errors: string[] = [];
    for (const account of expectedState(model).accounts) {
      const a = await checkAccount(factory({ id: account.accountId }, account.homeRegion), account);
      differences.push(...a.differences);
      errors.push(...a.errors);
      for (const r of account.regions) {
        checked.push(`${account.accountName} ${r.region}${r.documents.length === 0 ? ' (archive)' : ''}`);
        const result = await checkRegion(factory({ id: account.accountId }, r.region), r);
        differences.push(...result.differences);
        errors.push(...result.errors);
      }
    }
    return { checked, differences, errors };
  }

  it('a fresh deploy of the example has no differences in any account or Region (IAM included)', async () => {
    expect(await driftOfDeployed(example)).toEqual({ checked: ['sandbox us-east-1', 'sandbox eu-west-1'], differences: [], errors: [] });
  });

  it('a fresh deploy of every feature (lambda mode, roles, instance profile, DHMC, a log archive with Object Lock) has no differences', async () => {
    const model = modelFromData(everyFeatureConfig('999999999999'));
    const { checked, differences, errors } = await driftOfDeployed(model);
    expect(checked).toEqual(['sandbox eu-west-1', 'sandbox us-east-1', 'log-archive us-east-1 (archive)']);
    expect(expectedState(model).accounts[0].roles).toHaveLength(4);
    expect({ differences, errors }).toEqual({ differences: [], errors: [] });
  });

  it('a fresh deploy of grouped accounts (overrides, assumed roles, adopted resources, a key and a log group the configuration names, the archive in a member) has no differences', async () => {
    const model = modelFromData(
      minimalConfig({
        regions: ['eu-west-1', 'us-east-1'],
        assumeRoleName: 'SessionPrefsDeployer',
        adoptResources: ['dataKeyAlias', 'keyIdParameter', 'logsKeyAlias', 'logGroup', 'bucket'],
        preferences: { s3: { enabled: true }, runAs: { enabled: true, defaultUser: 'ssm-user' } },
        customDocuments: [{ name: 'BreakGlass', preferences: { maxSessionDuration: 480 } }],
        accountGroups: {
          production: { preferences: { idleSessionTimeout: 5 }, regionOverrides: { 'eu-west-1': { preferences: { cloudWatch: { retentionDays: 30 } } } } },
          legacy: {
            preferences: { sessionEncryption: { createKey: false, kmsKeyId: 'alias/existing' }, cloudWatch: { createLogGroup: false, logGroupName: '/existing/sessions' } },
          },
        },
        accounts: [
          { id: '111111111111', name: 'prod', group: 'production' },
          { id: '222222222222', name: 'legacy', group: 'legacy' },
        ],
        logArchive: { accountId: '111111111111', regions: ['eu-west-1'] },
      }),
    );
    const synthesized = [...synthModel(model).values()].map(parsed);
    expect(synthesized.filter((j) => (j.import ?? []).length > 0).length).toBeGreaterThan(0);
    expect(synthesized.every((j) => j.provider.aws.every((p) => /^arn:aws:iam::\d{12}:role\/SessionPrefsDeployer$/.test(p.assume_role?.[0]?.role_arn)))).toBe(true);
    const legacy = expectedState(model).accounts.find((a) => a.accountName === 'legacy')!;
    expect(legacy.regions[0]).toMatchObject({ existingKeys: ['alias/existing'], referencedLogGroups: ['/existing/sessions'] });
    const { checked, differences, errors } = await driftOfDeployed(model);
    // The archive's buckets (its Regions and its home Region) merged into the member account prod.
    expect(checked).toEqual(['prod eu-west-1', 'prod us-east-1', 'prod us-east-1 (archive)', 'prod eu-west-1 (archive)', 'legacy eu-west-1', 'legacy us-east-1']);
    expect({ differences, errors }).toEqual({ differences: [], errors: [] });
  });
});
