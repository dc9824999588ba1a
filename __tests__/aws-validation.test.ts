/**
 * What AWS would refuse at apply is refused at synth: for each class of mistake of issue 17,
 * several bad configurations with the exact path and message of every problem, and the nearest
 * good configuration, which must be accepted.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeUtf8, loadConfig, modelFromData, modelFromText } from '../src/config/load';
import { configProblems, minimalConfig, problemsOf, tempDir } from './helpers';

const prefs = (preferences: Record<string, unknown>, extra: Record<string, unknown> = {}) => minimalConfig({ preferences, ...extra });
const KEY = '0b2b1f6e-1111-4c2b-9a6e-2a3b4c5d6e7f';

/** The problems of a YAML text, formatted. */
const textProblems = (text: string): string[] => problemsOf(() => modelFromText(text, 'test.yaml'));

type Case = readonly [name: string, bad: unknown, problems: readonly string[], good: unknown];

function runCases(cases: readonly Case[]): void {
  it.each(cases)('%s', (_name, bad, problems, good) => {
    expect(configProblems(bad)).toEqual(problems);
    expect(configProblems(good)).toEqual([]);
  });
}

describe('1. names that would collide between features', () => {
  runCases([
    [
      'session-data alias equal to the log key alias',
      prefs({ sessionEncryption: { alias: 'alias/session-manager/logs' } }),
      [
        'preferences.sessionEncryption.alias: alias/session-manager/logs is also the KMS alias name of the log encryption key (sandbox eu-west-1): KMS alias names must be unique per account and Region; choose another name',
      ],
      prefs({ sessionEncryption: { alias: 'alias/session-manager/logs-data' } }),
    ],
    [
      "log group equal to the updater's own log group",
      prefs({ cloudWatch: { logGroupName: '/aws/lambda/session-manager-preferences-updater' } }, { documentManagement: 'lambda' }),
      [
        "preferences.cloudWatch.logGroupName: /aws/lambda/session-manager-preferences-updater is also the CloudWatch Logs log group name of the updater Lambda's own log group (documentManagement: lambda) (sandbox eu-west-1): CloudWatch Logs log group names must be unique per account and Region; choose another name",
      ],
      prefs({ cloudWatch: { logGroupName: '/aws/lambda/session-manager-preferences-updater' } }),
    ],
    [
      'collision in one Region of several: named once, with the Region',
      minimalConfig({
        regions: ['eu-west-1', 'us-east-1'],
        preferences: { cloudWatch: { logGroupName: '/aws/lambda/session-manager-preferences-updater' } },
        accounts: [
          { id: '111111111111', name: 'a', regionSettings: { 'us-east-1': { documentManagement: 'lambda' } } },
          { id: '222222222222', name: 'b', documentManagement: 'lambda' },
        ],
      }),
      [
        "preferences.cloudWatch.logGroupName: /aws/lambda/session-manager-preferences-updater is also the CloudWatch Logs log group name of the updater Lambda's own log group (documentManagement: lambda) (a us-east-1 and 2 more): CloudWatch Logs log group names must be unique per account and Region; choose another name",
      ],
      minimalConfig({ regions: ['eu-west-1', 'us-east-1'], accounts: [{ id: '111111111111', name: 'a', regionSettings: { 'us-east-1': { documentManagement: 'lambda' } } }] }),
    ],
    [
      'instance role named like an updater role (IAM ignores case; IAM is account-wide)',
      minimalConfig({ documentManagement: 'lambda', access: { instance: { createRole: true, roleName: 'Session-Manager-Preferences-Updater-EU-WEST-1' } } }),
      [
        'access.instance.roleName: Session-Manager-Preferences-Updater-EU-WEST-1 is also the IAM role name of the updater Lambda in eu-west-1 (sandbox): IAM role names must be unique per account (IAM compares names regardless of letter case); choose another name',
      ],
      minimalConfig({ documentManagement: 'lambda', access: { instance: { createRole: true, roleName: 'Session-Manager-Preferences-Updater' } } }),
    ],
    [
      'log archive key alias equal to the log key alias of a member that is also the archive account',
      minimalConfig({ regions: ['us-east-1'], logArchive: { accountId: '111111111111', keyAlias: 'alias/session-manager/logs' } }),
      [
        'logArchive.keyAlias: alias/session-manager/logs is also the KMS alias name of the log encryption key (log-archive us-east-1): KMS alias names must be unique per account and Region; choose another name',
      ],
      minimalConfig({ regions: ['us-east-1'], logArchive: { accountId: '111111111111', keyAlias: 'alias/session-manager/archive' } }),
    ],
    [
      'custom document named like the preferences document',
      minimalConfig({ customDocuments: [{ name: 'SSM-SessionManagerRunShell' }] }),
      ['customDocuments[0].name: must not be SSM-SessionManagerRunShell: that document is managed from preferences'],
      minimalConfig({ customDocuments: [{ name: 'SSM-SessionManagerRunShell-Ops' }] }),
    ],
  ]);
});

describe("2. AWS's reserved forms, in every form and case", () => {
  runCases([
    [
      'tag keys starting with aws: in any letter case',
      minimalConfig({ tags: { 'AWS:owner': 'x', 'Aws:team': 'y', 'aws:cost': 'z' } }),
      [
        'tags.AWS:owner: tag keys must not start with aws: in any letter case (AWS reserves it)',
        'tags.Aws:team: tag keys must not start with aws: in any letter case (AWS reserves it)',
        'tags.aws:cost: tag keys must be 1-128 characters and must not start with aws:',
      ],
      minimalConfig({ tags: { 'awsome:owner': 'x', 'team-aws:x': 'y' } }),
    ],
    [
      'tag keys that differ only in letter case (IAM refuses them together)',
      minimalConfig({ tags: { Owner: 'a', owner: 'b', managedBy: 'me' } }),
      [
        'tags.managedBy: differs from the tag ManagedBy this project adds only in letter case, and IAM refuses two such tag keys on one role or policy: write ManagedBy (or another key)',
        'tags.owner: differs from tags.Owner only in letter case, and IAM refuses two such tag keys on one role or policy: write Owner (or another key)',
      ],
      minimalConfig({ tags: { Owner: 'a', ManagedBy: 'me' } }),
    ],
    [
      'the stack tag the project adds (ManagedByStack): not set by the configuration, in no letter case',
      minimalConfig({ tags: { ManagedByStack: 'mine', managedbystack: 'x' } }),
      [
        "tags.ManagedByStack: is the tag this project adds with the name of each resource's stack (preflight tells deployments apart by it), and it would replace this value: choose another key",
        'tags.managedbystack: differs from the tag ManagedByStack this project adds only in letter case, and IAM refuses two such tag keys on one role or policy: choose another key',
      ],
      minimalConfig({ tags: { ManagedByTeam: 'platform', Stack: 'x' } }),
    ],
    [
      'target tag key starting with AWS:',
      minimalConfig({ access: { user: { targetTag: { key: 'AWS:ssm', value: 'on' } } } }),
      ['access.user.targetTag.key: must not start with aws: in any letter case (reserved for AWS): instances cannot carry such a tag'],
      minimalConfig({ access: { user: { targetTag: { key: 'ssm:AWS', value: 'on' } } } }),
    ],
    [
      'log group names starting with aws/',
      prefs({ cloudWatch: { logGroupName: 'aws/sessions' } }),
      ['preferences.cloudWatch.logGroupName: must not start with aws/, which CloudWatch Logs reserves for AWS services (a leading / as in /aws/... is allowed)'],
      prefs({ cloudWatch: { logGroupName: '/aws/sessions' } }),
    ],
    [
      'a bucket prefix that makes computed names start with xn--',
      prefs({ s3: { enabled: true, bucketNamePrefix: 'xn--logs' } }),
      [
        'preferences.s3.bucketNamePrefix: makes the S3 bucket name (general purpose) xn--logs-111111111111-eu-west-1 for the session log bucket (sandbox eu-west-1), which must not start with a reserved prefix (xn--, sthree-, amzn-s3-demo-): choose another value (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html)',
      ],
      prefs({ s3: { enabled: true, bucketNamePrefix: 'xn-logs' } }),
    ],
    [
      'a bucket prefix starting with sthree-, every account and Region named once',
      minimalConfig({
        regions: ['eu-west-1', 'us-east-1'],
        accounts: [
          { id: '111111111111', name: 'a' },
          { id: '222222222222', name: 'b' },
        ],
        preferences: { s3: { enabled: true, bucketNamePrefix: 'sthree-logs' } },
      }),
      [
        'preferences.s3.bucketNamePrefix: makes the S3 bucket name (general purpose) sthree-logs-111111111111-eu-west-1 for the session log bucket (a eu-west-1 and 3 more), which must not start with a reserved prefix (xn--, sthree-, amzn-s3-demo-): choose another value (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html)',
      ],
      minimalConfig({ regions: ['eu-west-1', 'us-east-1'], preferences: { s3: { enabled: true, bucketNamePrefix: 'three-logs' } } }),
    ],
    [
      'a log archive bucket prefix that makes names start with xn--',
      minimalConfig({ regions: ['us-east-1'], logArchive: { accountId: '222222222222', bucketNamePrefix: 'xn--a' } }),
      [
        'logArchive.bucketNamePrefix: makes the S3 bucket name (general purpose) xn--a-222222222222-us-east-1 for the log archive bucket (log-archive us-east-1), which must not start with a reserved prefix (xn--, sthree-, amzn-s3-demo-): choose another value (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html)',
      ],
      minimalConfig({ regions: ['us-east-1'], logArchive: { accountId: '222222222222', bucketNamePrefix: 'xn-a' } }),
    ],
    [
      'document names with a reserved prefix in any case',
      minimalConfig({ customDocuments: [{ name: 'AmznSessions' }, { name: 'AWSSupport-Sessions' }] }),
      [
        'customDocuments[0].name: must not start with the reserved prefixes aws, amazon or amzn (in any letter case)',
        'customDocuments[1].name: must not start with the reserved prefixes aws, amazon or amzn (in any letter case)',
      ],
      minimalConfig({ customDocuments: [{ name: 'AmazingSessions' }, { name: 'Support-Sessions' }] }),
    ],
    [
      'KMS alias under alias/aws/',
      prefs({ sessionEncryption: { alias: 'alias/aws/ssm' } }),
      ['preferences.sessionEncryption.alias: must be an alias name such as alias/session-manager/data (not under alias/aws/)'],
      prefs({ sessionEncryption: { alias: 'alias/awsx/ssm' } }),
    ],
  ]);
});

describe('3. partition and account consistency', () => {
  runCases([
    [
      'assumeRoleArn in another account than the one it deploys',
      minimalConfig({ accounts: [{ id: '111111111111', name: 'a', assumeRoleArn: 'arn:aws:iam::222222222222:role/Deployer' }] }),
      [
        'accounts[0].assumeRoleArn: names the account 222222222222, not 111111111111: the provider of this account accepts only credentials of 111111111111 (allowed_account_ids), so every plan would fail; name a role in 111111111111',
      ],
      minimalConfig({ accounts: [{ id: '111111111111', name: 'a', assumeRoleArn: 'arn:aws:iam::111111111111:role/Deployer' }] }),
    ],
    [
      'commercial role ARN for a GovCloud account',
      minimalConfig({ regions: ['us-gov-west-1'], accounts: [{ id: '111111111111', name: 'a', assumeRoleArn: 'arn:aws:iam::111111111111:role/Deployer' }] }),
      ['accounts[0].assumeRoleArn: is in the partition aws but is used in aws-us-gov: write arn:aws-us-gov:iam:...'],
      minimalConfig({ regions: ['us-gov-west-1'], accounts: [{ id: '111111111111', name: 'a', assumeRoleArn: 'arn:aws-us-gov:iam::111111111111:role/Deployer' }] }),
    ],
    [
      'role ARN whose role name is longer than IAM allows',
      minimalConfig({ accounts: [{ id: '111111111111', name: 'a', assumeRoleArn: `arn:aws:iam::111111111111:role/ops/${'R'.repeat(65)}` }] }),
      [`accounts[0].assumeRoleArn: ends in ${'R'.repeat(65)}, which must be an IAM role name (1-64 characters of letters, digits and +=,.@_-)`],
      minimalConfig({ accounts: [{ id: '111111111111', name: 'a', assumeRoleArn: `arn:aws:iam::111111111111:role/ops/${'R'.repeat(64)}` }] }),
    ],
    [
      'China key ARN written with arn:aws:',
      minimalConfig({ regions: ['cn-north-1'], preferences: { sessionEncryption: { createKey: false, kmsKeyId: `arn:aws:kms:cn-north-1:111111111111:key/${KEY}` } } }),
      ['preferences.sessionEncryption.kmsKeyId: names cn-north-1, which is in the partition aws-cn, but starts with arn:aws: write arn:aws-cn:'],
      minimalConfig({ regions: ['cn-north-1'], preferences: { sessionEncryption: { createKey: false, kmsKeyId: `arn:aws-cn:kms:cn-north-1:111111111111:key/${KEY}` } } }),
    ],
    [
      'bucket key ARN of GovCloud written with arn:aws:',
      minimalConfig({ access: { instance: { bucketKmsKeys: [`arn:aws:kms:us-gov-west-1:111111111111:key/${KEY}`] } } }),
      ['access.instance.bucketKmsKeys[0]: names us-gov-west-1, which is in the partition aws-us-gov, but starts with arn:aws: write arn:aws-us-gov:'],
      minimalConfig({ access: { instance: { bucketKmsKeys: [`arn:aws:kms:eu-west-1:111111111111:key/${KEY}`] } } }),
    ],
    [
      'home Region in an opt-in Region the account does not list',
      minimalConfig({ stacks: { homeRegion: 'af-south-1' } }),
      [
        "stacks.homeRegion: is af-south-1, an opt-in Region that accounts[0] (sandbox) does not list, so its account-wide stack could not reach AWS unless af-south-1 is enabled there: choose one of the account's Regions or a Region enabled by default (for example us-east-1)",
      ],
      minimalConfig({ regions: ['eu-west-1', 'af-south-1'], stacks: { homeRegion: 'af-south-1' } }),
    ],
    [
      'HCP Terraform organization name with a space',
      minimalConfig({ backend: { type: 'cloud', organization: 'acme corp' } }),
      ['backend.organization: must be an HCP Terraform organization name (1-40 letters, digits, - and _)'],
      minimalConfig({ backend: { type: 'cloud', organization: 'acme-corp' } }),
    ],
    [
      'workspace names longer than HCP Terraform allows',
      minimalConfig({ accounts: [{ id: '111111111111', name: 'a'.repeat(40) }], backend: { type: 'cloud', organization: 'acme', workspacePrefix: 'p'.repeat(60) } }),
      [
        `backend.workspacePrefix: makes the HCP Terraform workspace name ${'p'.repeat(60)}${'a'.repeat(40)}-global for the workspace of the stack ${'a'.repeat(40)}-global, which must be at most 90 characters long (HCP Terraform workspace names): choose another value (https://developer.hashicorp.com/terraform/cloud-docs/workspaces/create)`,
      ],
      minimalConfig({ accounts: [{ id: '111111111111', name: 'a'.repeat(40) }], backend: { type: 'cloud', organization: 'acme', workspacePrefix: 'p'.repeat(40) } }),
    ],
  ]);

  it('checks an organization taken from TF_CLOUD_ORGANIZATION, and says so', () => {
    const config = minimalConfig({ backend: { type: 'cloud' } });
    expect(() => modelFromData(config, 'c', process.cwd(), { TF_CLOUD_ORGANIZATION: 'acme corp' })).toThrow(
      'backend.organization: (from TF_CLOUD_ORGANIZATION: acme corp) must be an HCP Terraform organization name (1-40 letters, digits, - and _)',
    );
    expect(modelFromData(config, 'c', process.cwd(), { TF_CLOUD_ORGANIZATION: 'acme_corp' }).backend).toMatchObject({ organization: 'acme_corp' });
  });
});

describe('4. settings that would silently do nothing', () => {
  runCases([
    [
      'a per-Region key for a Region no account has',
      prefs({ sessionEncryption: { kmsKeyIdByRegion: { 'eu-west-2': 'alias/sessions' } } }),
      [
        'preferences.sessionEncryption.kmsKeyIdByRegion.eu-west-2: is a key for eu-west-2, which no account manages (eu-west-1): it would never be used; remove it or correct the Region',
      ],
      prefs({ sessionEncryption: { kmsKeyIdByRegion: { 'eu-west-1': 'alias/sessions' } } }),
    ],
    [
      "a custom document's bucket while S3 logging is off everywhere",
      minimalConfig({ customDocuments: [{ name: 'Ops-Sessions', preferences: { s3: { bucketName: 'central-logs' } } }] }),
      [
        'customDocuments[0].preferences.s3.bucketName: has no effect: the base preferences have S3 logging off and this document does not turn it on; add enabled: true to customDocuments[0].preferences.s3 (or remove the field)',
      ],
      minimalConfig({ customDocuments: [{ name: 'Ops-Sessions', preferences: { s3: { enabled: true, bucketName: 'central-logs' } } }] }),
    ],
    [
      "a custom document's log group while CloudWatch logging is off",
      minimalConfig({
        preferences: { cloudWatch: { enabled: false } },
        customDocuments: [{ name: 'Ops-Sessions', preferences: { cloudWatch: { logGroupName: '/ops', streaming: false } } }],
      }),
      [
        'customDocuments[0].preferences.cloudWatch.logGroupName: has no effect: the base preferences have CloudWatch logging off and this document does not turn it on; add enabled: true to customDocuments[0].preferences.cloudWatch (or remove the field)',
        'customDocuments[0].preferences.cloudWatch.streaming: has no effect: the base preferences have CloudWatch logging off and this document does not turn it on; add enabled: true to customDocuments[0].preferences.cloudWatch (or remove the field)',
      ],
      minimalConfig({
        preferences: { cloudWatch: { enabled: false } },
        customDocuments: [{ name: 'Ops-Sessions', preferences: { cloudWatch: { enabled: true, logGroupName: '/ops', streaming: false } } }],
      }),
    ],
    [
      'S3 settings in the base preferences without enabled (off by default)',
      prefs({ s3: { createBucket: false, bucketName: 'central-logs' } }),
      [
        'preferences.s3.bucketName: has no effect: S3 logging is off unless preferences.s3.enabled is true; add enabled: true (or remove the field)',
        'preferences.s3.createBucket: has no effect: S3 logging is off unless preferences.s3.enabled is true; add enabled: true (or remove the field)',
      ],
      prefs({ s3: { enabled: true, createBucket: false, bucketName: 'central-logs' } }),
    ],
    [
      'adoptExisting where the updater manages the document',
      minimalConfig({ accounts: [{ id: '111111111111', name: 'a', regionSettings: { 'eu-west-1': { adoptExisting: true, documentManagement: 'lambda' } } }] }),
      [
        'accounts[0].regionSettings.eu-west-1.adoptExisting: has no effect: documentManagement is lambda wherever this applies, and the updater takes over the existing document without an import; remove it (adoptExisting applies to documentManagement terraform)',
      ],
      minimalConfig({ accounts: [{ id: '111111111111', name: 'a', regionSettings: { 'eu-west-1': { adoptExisting: true, documentManagement: 'terraform' } } }] }),
    ],
    [
      'a Run As user without enabled',
      prefs({ runAs: { defaultUser: 'ops' } }),
      ['preferences.runAs.defaultUser: has no effect: Run As is off unless preferences.runAs.enabled is true; add enabled: true (or remove the field)'],
      prefs({ runAs: { enabled: true, defaultUser: 'ops' } }),
    ],
    [
      'retention of a log group that is not created',
      prefs({ cloudWatch: { createLogGroup: false, retentionDays: 30 } }),
      [
        'preferences.cloudWatch.retentionDays: has no effect on an existing log group (createLogGroup: false): set the retention where that group is managed, or set createLogGroup: true',
      ],
      prefs({ cloudWatch: { createLogGroup: false } }),
    ],
    [
      'lifecycle of a bucket that is not created',
      prefs({ s3: { enabled: true, createBucket: false, bucketName: 'central-logs', expirationDays: 30 } }),
      ['preferences.s3.expirationDays: has no effect on an existing bucket (createBucket: false): configure it on that bucket, or set createBucket: true'],
      prefs({ s3: { enabled: true, createBucket: false, bucketName: 'central-logs' } }),
    ],
    [
      'alias of a key that is not created',
      prefs({ sessionEncryption: { createKey: false, kmsKeyId: 'alias/sessions', alias: 'alias/session-manager/data' } }),
      ['preferences.sessionEncryption.alias: has no effect: no key is created (an existing key is named by kmsKeyId or kmsKeyIdByRegion); remove it, or set createKey: true'],
      prefs({ sessionEncryption: { createKey: false, kmsKeyId: 'alias/sessions' } }),
    ],
  ]);

  it('refuses a file that is not UTF-8 instead of reading replacement characters', () => {
    const dir = tempDir('i17-');
    const latin1 = Buffer.from('version: 1\nregions: [eu-west-1]\ntags: { Owner: "Jos\xe9" }\naccounts: [{ id: "111111111111", name: a }]\n', 'latin1');
    writeFileSync(join(dir, 'latin1.yaml'), latin1);
    expect(() => loadConfig(join(dir, 'latin1.yaml'))).toThrow('is not UTF-8 text (the first invalid byte is on line 3): save the file as UTF-8');
    expect(decodeUtf8(Buffer.from([0xff, 0xfe, 0x76, 0x00])).issues.map((i) => i.message)).toEqual(['is UTF-16 text: save the file as UTF-8']);
    // The nearest good file: the same text in UTF-8, with a byte order mark.
    writeFileSync(join(dir, 'utf8.yaml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(latin1.toString('latin1'), 'utf8')]));
    expect(loadConfig(join(dir, 'utf8.yaml')).tags).toMatchObject({ Owner: 'José' });
  });
});

describe('5. every problem at once', () => {
  it('reports structural, cross-field and planned-app problems of one file together, sorted by path', () => {
    const bad = {
      version: 1,
      regionz: 1,
      regions: ['eu-west-1', 'mars-1', 'eu-west-1'],
      accounts: [
        { id: '111111111111', name: 'a' },
        { id: 'x', name: 'b' },
        { id: '111111111111', name: 'c', assumeRoleArn: 'arn:aws:iam::333333333333:role/Deployer' },
      ],
      tags: { 'AWS:owner': 'me' },
      preferences: { idleSessionTimeout: 0, sessionEncryption: { alias: 'alias/session-manager/logs' }, s3: { bucketName: 'central' } },
    };
    expect(configProblems(bad)).toEqual([
      'accounts[1].id: must be a 12-digit AWS account ID in quotes',
      'accounts[2].assumeRoleArn: names the account 333333333333, not 111111111111: the provider of this account accepts only credentials of 111111111111 (allowed_account_ids), so every plan would fail; name a role in 111111111111',
      'accounts[2].id: duplicates accounts[0].id (111111111111)',
      'preferences.idleSessionTimeout: must be between 1 and 60',
      'preferences.s3.bucketName: has no effect: S3 logging is off unless preferences.s3.enabled is true; add enabled: true (or remove the field)',
      'preferences.sessionEncryption.alias: alias/session-manager/logs is also the KMS alias name of the log encryption key (a eu-west-1 and 1 more): KMS alias names must be unique per account and Region; choose another name',
      "regions[1]: must be a known AWS Region (for example eu-west-1), got 'mars-1'",
      'regions[2]: lists eu-west-1 twice (first at regions[0]): remove one',
      'regionz: is not a known field',
      'tags.AWS:owner: tag keys must not start with aws: in any letter case (AWS reserves it)',
    ]);
  });

  it('runs the later checks even when the format version is wrong or missing', () => {
    for (const version of [2, undefined]) {
      const bad = { ...minimalConfig({ preferences: { sessionEncryption: { alias: 'alias/session-manager/logs' } } }), version };
      expect(configProblems(bad)).toEqual([
        'preferences.sessionEncryption.alias: alias/session-manager/logs is also the KMS alias name of the log encryption key (sandbox eu-west-1): KMS alias names must be unique per account and Region; choose another name',
        'version: must be 1',
      ]);
    }
  });

  it('names a problem found per Region once', () => {
    const bad = minimalConfig({ regions: ['eu-west-1', 'us-east-1', 'eu-west-2'], preferences: { sessionEncryption: { createKey: false } } });
    expect(configProblems(bad)).toEqual([
      'preferences.sessionEncryption.kmsKeyId: is required when encryption is enabled and createKey is false (or name a key per Region in kmsKeyIdByRegion)',
    ]);
  });
});

describe('6. rough edges of YAML input', () => {
  const good = 'version: 1\nregions: [eu-west-1]\naccounts:\n  - { id: "111111111111", name: a }\n';

  it.each([
    ['an empty file', ''],
    ['a file with only comments', '# TODO\n# later\n'],
  ])('%s is named as such, with what to write', (_name, text) => {
    expect(textProblems(text)).toEqual(['the file is empty (or holds only comments): write at least version: 1, regions and accounts (see config/example.yaml)']);
  });

  it('a file that is a list or a single value', () => {
    expect(textProblems('- eu-west-1\n')).toEqual(['must be a mapping of fields (version, regions, accounts, ...), not a list']);
    expect(textProblems('hello\n')).toEqual(['must be a mapping of fields (version, regions, accounts, ...), not a single value']);
  });

  it('an alias without its anchor is a problem with a line number, not a stack trace', () => {
    expect(textProblems('version: 1\nregions: *default-regions\naccounts: []\n')).toEqual([
      'line 2: the alias *default-regions has no anchor &default-regions before it: define the anchor first (an anchor must come before its aliases) or write the value out',
    ]);
    expect(textProblems('version: 1\nregions: &default-regions [eu-west-1]\naccounts:\n  - { id: "111111111111", name: a, regions: *default-regions }\n')).toEqual([]);
  });

  it('YAML 1.1 booleans get a sentence saying what to write', () => {
    expect(textProblems(`${good}preferences:\n  cloudWatch: { enabled: no, streaming: on }\n`)).toEqual([
      'preferences.cloudWatch.enabled: must be true or false: YAML reads no as the text "no" (yes, no, on and off are booleans only in YAML 1.1); write false',
      'preferences.cloudWatch.streaming: must be true or false: YAML reads on as the text "on" (yes, no, on and off are booleans only in YAML 1.1); write true',
    ]);
    expect(textProblems(`${good}preferences:\n  cloudWatch: { enabled: false, streaming: true }\n`)).toEqual([]);
  });

  it('merge keys get a sentence saying what to write, and nothing else about that mapping', () => {
    const text = 'version: 1\nregions: [eu-west-1]\naccounts:\n  - &base { id: "111111111111", name: a }\n  - <<: *base\n    name: b\n';
    expect(textProblems(text)).toEqual(['accounts[1].<<: YAML merge keys (<<) are not supported: write the fields out in full (anchors and aliases of whole values work)']);
    expect(textProblems('version: 1\nregions: [eu-west-1]\naccounts:\n  - { id: "111111111111", name: a }\n  - { id: "222222222222", name: b }\n')).toEqual([]);
  });

  it('a duplicated Region is reported where it is written, not under accounts that inherit the list', () => {
    const bad = minimalConfig({
      regions: ['eu-west-1', 'us-east-1', 'eu-west-1'],
      accounts: [
        { id: '111111111111', name: 'a' },
        { id: '222222222222', name: 'b', regions: ['eu-west-2', 'eu-west-2'] },
      ],
    });
    expect(configProblems(bad)).toEqual([
      'accounts[1].regions[1]: lists eu-west-2 twice (first at accounts[1].regions[0]): remove one',
      'regions[2]: lists eu-west-1 twice (first at regions[0]): remove one',
    ]);
    expect(
      configProblems(
        minimalConfig({
          regions: ['eu-west-1', 'us-east-1'],
          accounts: [
            { id: '111111111111', name: 'a' },
            { id: '222222222222', name: 'b', regions: ['eu-west-2'] },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it("says limits as what to write instead of zod's wording", () => {
    const bad = minimalConfig({ customDocuments: [{ name: 'Ops-Sessions', description: 'x'.repeat(1025) }], preferences: { s3: { enabled: true, expirationDays: 40000 } } });
    expect(configProblems(bad)).toEqual(['customDocuments[0].description: must have at most 1024 characters', 'preferences.s3.expirationDays: must be at most 36500']);
    expect(
      configProblems(minimalConfig({ customDocuments: [{ name: 'Ops-Sessions', description: 'x'.repeat(1024) }], preferences: { s3: { enabled: true, expirationDays: 36500 } } })),
    ).toEqual([]);
  });

  it('keeps the paths of the file when an invalid account is set aside for the later checks', () => {
    const bad = minimalConfig({
      accounts: [
        { id: '1', name: 'a' },
        { id: '222222222222', name: 'b' },
        { id: '222222222222', name: 'c', regionSettings: { 'us-east-1': { adoptExisting: true } } },
      ],
    });
    expect(configProblems(bad)).toEqual([
      'accounts[0].id: must be a 12-digit AWS account ID in quotes',
      'accounts[2].id: duplicates accounts[1].id (222222222222)',
      "accounts[2].regionSettings.us-east-1: is not one of this account's regions (eu-west-1)",
    ]);
  });
});
