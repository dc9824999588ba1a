import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig, modelFromData, modelFromText } from '../src/config/load';
import { DEFAULTS } from '../src/config/defaults';
import { configJsonSchema, SCHEMA_PATH } from '../src/config/json-schema';
import { EXAMPLE_CONFIG, configProblems, minimalConfig } from './helpers';

const prefs = (preferences: Record<string, unknown>) => minimalConfig({ preferences });
const account = (fields: Record<string, unknown>) => minimalConfig({ accounts: [{ id: '111111111111', name: 'sandbox', ...fields }] });

describe('configuration rules: each bad value is reported at its path with its rule', () => {
  const cases: [string, unknown, string][] = [
    ['version must be 1', minimalConfig({ version: 2 }), 'version: must be 1'],
    ['unknown top-level key', minimalConfig({ regionz: [] }), 'regionz: is not a known field'],
    ['unknown nested key', prefs({ cloudWatch: { retention: 3 } }), 'preferences.cloudWatch.retention: is not a known field'],
    ['Region name', minimalConfig({ regions: ['eu-west-9'] }), "regions[0]: must be a known AWS Region (for example eu-west-1), got 'eu-west-9'"],
    ['at least one Region', minimalConfig({ regions: [] }), 'regions: must list at least one Region'],
    ['Region listed twice', minimalConfig({ regions: ['eu-west-1', 'eu-west-1'] }), 'regions[1]: lists eu-west-1 twice'],
    ['account ID digits', account({ id: '12345' }), 'accounts[0].id: must be a 12-digit AWS account ID in quotes'],
    ['account ID as a number', account({ id: 111111111111 }), 'accounts[0].id: must be a 12-digit AWS account ID in quotes'],
    ['account ID required', minimalConfig({ accounts: [{ name: 'a' }] }), 'accounts[0].id: is required'],
    ['account name', account({ name: 'Prod Account' }), 'accounts[0].name: must be 1-40 characters of lowercase letters, digits and hyphens, starting with a letter'],
    ['at least one account', minimalConfig({ accounts: [] }), 'accounts: must list at least one account'],
    [
      'duplicate account ID',
      minimalConfig({
        accounts: [
          { id: '111111111111', name: 'a' },
          { id: '111111111111', name: 'b' },
        ],
      }),
      'accounts[1].id: duplicates accounts[0].id (111111111111)',
    ],
    [
      'duplicate account name',
      minimalConfig({
        accounts: [
          { id: '111111111111', name: 'a' },
          { id: '222222222222', name: 'a' },
        ],
      }),
      'accounts[1].name: duplicates accounts[0].name (a)',
    ],
    ['role ARN', account({ assumeRoleArn: 'arn:aws:iam::1:role/x' }), 'accounts[0].assumeRoleArn: must be an IAM role ARN (arn:aws:iam::123456789012:role/Name)'],
    ['role name', minimalConfig({ assumeRoleName: 'bad name' }), 'assumeRoleName: must be an IAM role name (1-64 characters of letters, digits and +=,.@_-)'],
    [
      'regionSettings for a Region the account does not have',
      account({ regionSettings: { 'us-east-1': { adoptExisting: true } } }),
      "accounts[0].regionSettings.us-east-1: is not one of this account's regions (eu-west-1)",
    ],
    [
      'partitions mixed in one account',
      minimalConfig({ regions: ['eu-west-1', 'cn-north-1'] }),
      'accounts[0].regions: mixes partitions (aws, aws-cn): an account lives in exactly one partition',
    ],
    ['idle timeout above 60', prefs({ idleSessionTimeout: 61 }), 'preferences.idleSessionTimeout: must be between 1 and 60'],
    ['idle timeout below 1', prefs({ idleSessionTimeout: 0 }), 'preferences.idleSessionTimeout: must be between 1 and 60'],
    ['idle timeout fractional', prefs({ idleSessionTimeout: 2.5 }), 'preferences.idleSessionTimeout: must be a whole number of minutes between 1 and 60'],
    ['idle timeout as string', prefs({ idleSessionTimeout: '20' }), 'preferences.idleSessionTimeout: must be a whole number of minutes between 1 and 60'],
    ['max duration above 1440', prefs({ maxSessionDuration: 1441 }), 'preferences.maxSessionDuration: must be between 1 and 1440'],
    ['Run As without a user', prefs({ runAs: { enabled: true } }), 'preferences.runAs.defaultUser: is required when runAs.enabled is true'],
    [
      'Run As user name',
      prefs({ runAs: { enabled: true, defaultUser: '1root; rm' } }),
      'preferences.runAs.defaultUser: must be an operating system user name (1-32 characters of letters, digits and ._-, not starting with a digit)',
    ],
    ['log group name', prefs({ cloudWatch: { logGroupName: 'bad name!' } }), 'preferences.cloudWatch.logGroupName: must be 1-512 characters of letters, digits and ._-/#'],
    ['log retention', prefs({ cloudWatch: { retentionDays: 42 } }), 'preferences.cloudWatch.retentionDays: must be one of the retention periods CloudWatch Logs accepts'],
    [
      'bucket name uppercase',
      prefs({ s3: { enabled: true, createBucket: false, bucketName: 'My_Bucket' } }),
      'preferences.s3.bucketName: S3 bucket name must use lowercase letters, digits, dots and hyphens, and begin and end with a letter or digit',
    ],
    [
      'bucket name as IP',
      prefs({ s3: { enabled: true, createBucket: false, bucketName: '10.0.0.1' } }),
      'preferences.s3.bucketName: S3 bucket name must not be formatted as an IP address',
    ],
    ['bucket name too short', prefs({ s3: { enabled: true, createBucket: false, bucketName: 'ab' } }), 'preferences.s3.bucketName: S3 bucket name must be 3-63 characters long'],
    [
      'bucket name adjacent dots',
      prefs({ s3: { enabled: true, createBucket: false, bucketName: 'a..b' } }),
      'preferences.s3.bucketName: S3 bucket name must not contain two adjacent dots',
    ],
    [
      'bucket name reserved prefix',
      prefs({ s3: { enabled: true, createBucket: false, bucketName: 'xn--logs' } }),
      'preferences.s3.bucketName: S3 bucket name must not start with a reserved prefix',
    ],
    ['existing bucket needs a name', prefs({ s3: { enabled: true, createBucket: false } }), 'preferences.s3.bucketName: is required when createBucket is false'],
    [
      'created bucket cannot be named',
      prefs({ s3: { enabled: true, createBucket: true, bucketName: 'central-logs' } }),
      'preferences.s3.bucketName: must not be set when createBucket is true',
    ],
    ['bucket name prefix', prefs({ s3: { bucketNamePrefix: 'UPPER' } }), 'preferences.s3.bucketNamePrefix: must be 2-31 characters'],
    ['key prefix with leading slash', prefs({ s3: { keyPrefix: '/logs' } }), 'preferences.s3.keyPrefix: must be up to 256 characters'],
    ['expiration days', prefs({ s3: { expirationDays: 0 } }), 'preferences.s3.expirationDays: must be at least 1 day'],
    [
      'KMS key reference',
      prefs({ sessionEncryption: { createKey: false, kmsKeyId: 'my-key' } }),
      'preferences.sessionEncryption.kmsKeyId: must be a KMS key ID, key ARN, alias name (alias/...) or alias ARN',
    ],
    ['AWS managed key', prefs({ sessionEncryption: { createKey: false, kmsKeyId: 'alias/aws/ssm' } }), 'preferences.sessionEncryption.kmsKeyId: must be a customer managed key'],
    [
      'key ARN of another Region',
      prefs({ sessionEncryption: { createKey: false, kmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/0b2b1f6e-1111-4c2b-9a6e-2a3b4c5d6e7f' } }),
      'preferences.sessionEncryption.kmsKeyId: names a key in us-east-1 but is used in eu-west-1',
    ],
    [
      'bare single-Region key ID in several Regions',
      minimalConfig({ regions: ['eu-west-1', 'us-east-1'], preferences: { sessionEncryption: { createKey: false, kmsKeyId: '0b2b1f6e-1111-4c2b-9a6e-2a3b4c5d6e7f' } } }),
      'preferences.sessionEncryption.kmsKeyId: is a key ID, which names a key in one Region, but is used in several',
    ],
    [
      'existing key needs an ID',
      prefs({ sessionEncryption: { createKey: false } }),
      'preferences.sessionEncryption.kmsKeyId: is required when encryption is enabled and createKey is false',
    ],
    [
      'create and existing at once',
      prefs({ sessionEncryption: { createKey: true, kmsKeyId: 'alias/mine' } }),
      'preferences.sessionEncryption.createKey: must not be true together with kmsKeyId or kmsKeyIdByRegion',
    ],
    [
      'created key alias',
      prefs({ sessionEncryption: { alias: 'alias/aws/mine' } }),
      'preferences.sessionEncryption.alias: must be an alias name such as alias/session-manager/data (not under alias/aws/)',
    ],
    ['shell profile length', prefs({ shellProfile: { linux: 'x'.repeat(4097) } }), 'preferences.shellProfile.linux: must be at most 4096 characters'],
    ['tag key aws:', minimalConfig({ tags: { 'aws:owner': 'x' } }), 'tags.aws:owner: tag keys must be 1-128 characters and must not start with aws:'],
    [
      'custom document reserved name',
      minimalConfig({ customDocuments: [{ name: 'AWS-Mine' }] }),
      'customDocuments[0].name: must not start with the reserved prefixes aws, amazon or amzn',
    ],
    [
      'custom document named like the preferences',
      minimalConfig({ customDocuments: [{ name: 'SSM-SessionManagerRunShell' }] }),
      'customDocuments[0].name: must not be SSM-SessionManagerRunShell',
    ],
    [
      'custom document duplicate',
      minimalConfig({ customDocuments: [{ name: 'Ops-Sessions' }, { name: 'Ops-Sessions' }] }),
      'customDocuments[1].name: duplicates customDocuments[0].name (Ops-Sessions)',
    ],
    [
      'custom document cannot create a key',
      minimalConfig({ customDocuments: [{ name: 'Ops-Sessions', preferences: { sessionEncryption: { createKey: true } } }] }),
      'customDocuments[0].preferences.sessionEncryption.createKey: is not a known field',
    ],
    [
      'custom document Run As without any user',
      minimalConfig({ customDocuments: [{ name: 'Ops-Sessions', preferences: { runAs: { enabled: true } } }] }),
      'customDocuments[0].preferences.runAs.defaultUser: is required when runAs.enabled is true',
    ],
    [
      'custom document enables S3 with nothing to inherit',
      minimalConfig({ customDocuments: [{ name: 'Ops-Sessions', preferences: { s3: { enabled: true } } }] }),
      'customDocuments[0].preferences.s3.bucketName: is required: the base preferences create no bucket to inherit',
    ],
    [
      'custom document enables a key with nothing to inherit',
      minimalConfig({ preferences: { sessionEncryption: { enabled: false } }, customDocuments: [{ name: 'Ops-Sessions', preferences: { sessionEncryption: { enabled: true } } }] }),
      'customDocuments[0].preferences.sessionEncryption.kmsKeyId: is required: the base preferences create no session key to inherit',
    ],
    [
      'custom document enables CloudWatch with nothing to inherit',
      minimalConfig({ preferences: { cloudWatch: { enabled: false } }, customDocuments: [{ name: 'Ops-Sessions', preferences: { cloudWatch: { enabled: true } } }] }),
      'customDocuments[0].preferences.cloudWatch.logGroupName: is required: the base preferences create no log group to inherit',
    ],
  ];

  it.each(cases)('%s', (_name, data, expected) => {
    const found = configProblems(data);
    expect(found.some((p) => p.startsWith(expected))).toBe(true);
    if (!found.some((p) => p.startsWith(expected))) throw new Error(`expected "${expected}" in:\n${found.join('\n')}`);
  });
});

describe('configuration rules: boundary values that are valid', () => {
  const valid: [string, unknown][] = [
    ['idle timeout 1 and 60, max duration 1 and 1440', [prefs({ idleSessionTimeout: 1, maxSessionDuration: 1 }), prefs({ idleSessionTimeout: 60, maxSessionDuration: 1440 })]],
    ['opt-in commercial Regions', minimalConfig({ regions: ['us-east-1', 'ap-southeast-4', 'il-central-1', 'mx-central-1'] })],
    [
      'GovCloud Regions with a GovCloud role ARN',
      minimalConfig({ regions: ['us-gov-west-1'], accounts: [{ id: '111111111111', name: 'gov', assumeRoleArn: 'arn:aws-us-gov:iam::111111111111:role/path/Deployer' }] }),
    ],
    ['retention 0 (never expire) and 3653', [prefs({ cloudWatch: { retentionDays: 0 } }), prefs({ cloudWatch: { retentionDays: 3653 } })]],
    ['log group names with / # . _ -', prefs({ cloudWatch: { logGroupName: '/org/ssm#sessions_v1.0-a' } })],
    [
      'bucket names with dots and hyphens, 3 and 63 characters',
      [prefs({ s3: { enabled: true, createBucket: false, bucketName: 'a.b' } }), prefs({ s3: { enabled: true, createBucket: false, bucketName: `logs.${'a'.repeat(53)}-x1` } })],
    ],
    ['Run As users such as ec2-user and _svc', [prefs({ runAs: { enabled: true, defaultUser: 'ec2-user' } }), prefs({ runAs: { enabled: true, defaultUser: '_svc' } })]],
    ['Run As disabled without a user', prefs({ runAs: { enabled: false } })],
    ['tags with spaces and symbols', minimalConfig({ tags: { 'cost center': 'R+D 42', 'team:owner': 'platform@acme' } })],
    ['custom document names with dots and underscores', minimalConfig({ customDocuments: [{ name: 'Ops.Sessions_v2' }] })],
    ['encryption and logging switched off (the compliance rules judge that, not the schema)', prefs({ sessionEncryption: { enabled: false }, cloudWatch: { enabled: false } })],
    ['empty shell profiles', prefs({ shellProfile: { linux: '', windows: '' } })],
  ];

  it.each(valid)('%s', (_name, data) => {
    for (const config of Array.isArray(data) ? data : [data]) expect(configProblems(config)).toEqual([]);
  });
});

describe('configuration: valid input', () => {
  it('accepts the minimal configuration and fills every default from DEFAULTS', () => {
    const model = modelFromData(minimalConfig());
    expect(model.tags).toEqual({ ManagedBy: DEFAULTS.tags.ManagedBy });
    const [account] = model.accounts;
    expect(account).toMatchObject({ id: '111111111111', name: 'sandbox' });
    expect(account.assumeRoleArn).toBeUndefined();
    const [region] = account.regions;
    expect(region).toMatchObject({ region: 'eu-west-1', partition: 'aws', adoptExisting: false, customDocuments: [] });
    expect(region.preferences).toEqual({
      idleSessionTimeout: DEFAULTS.idleSessionTimeout,
      maxSessionDuration: DEFAULTS.maxSessionDuration,
      runAs: { enabled: false, defaultUser: '' },
      shellProfile: { linux: '', windows: '' },
      sessionKey: { mode: 'create', alias: DEFAULTS.sessionEncryption.alias },
      cloudWatch: { enabled: true, logGroupName: DEFAULTS.cloudWatch.logGroupName, create: true, retentionDays: 365, encrypted: true, streaming: true },
      s3: { enabled: false },
    });
  });

  it('accepts every kind of existing key reference', () => {
    for (const kmsKeyId of [
      '0b2b1f6e-1111-4c2b-9a6e-2a3b4c5d6e7f',
      'mrk-0123456789abcdef0123456789abcdef',
      'arn:aws:kms:eu-west-1:111111111111:key/0b2b1f6e-1111-4c2b-9a6e-2a3b4c5d6e7f',
      'alias/sessions',
      'arn:aws:kms:eu-west-1:111111111111:alias/sessions',
    ]) {
      expect(configProblems(prefs({ sessionEncryption: { createKey: false, kmsKeyId } }))).toEqual([]);
    }
  });

  it('uses kmsKeyIdByRegion before kmsKeyId', () => {
    const model = modelFromData(
      minimalConfig({
        regions: ['eu-west-1', 'us-east-1'],
        preferences: {
          sessionEncryption: {
            createKey: false,
            kmsKeyId: 'alias/sessions',
            kmsKeyIdByRegion: { 'us-east-1': 'arn:aws:kms:us-east-1:111111111111:key/0b2b1f6e-1111-4c2b-9a6e-2a3b4c5d6e7f' },
          },
        },
      }),
    );
    const keys = model.accounts[0].regions.map((r) => [r.region, r.preferences.sessionKey]);
    expect(keys).toEqual([
      ['eu-west-1', { mode: 'existing', keyId: 'alias/sessions' }],
      ['us-east-1', { mode: 'existing', keyId: 'arn:aws:kms:us-east-1:111111111111:key/0b2b1f6e-1111-4c2b-9a6e-2a3b4c5d6e7f' }],
    ]);
  });

  it('derives the assumed role from assumeRoleName unless an account names its own ARN', () => {
    const model = modelFromData(
      minimalConfig({
        assumeRoleName: 'SessionPrefsDeployer',
        accounts: [
          { id: '111111111111', name: 'a' },
          { id: '222222222222', name: 'b', assumeRoleArn: 'arn:aws:iam::222222222222:role/Custom' },
        ],
      }),
    );
    expect(model.accounts.map((a) => a.assumeRoleArn)).toEqual(['arn:aws:iam::111111111111:role/SessionPrefsDeployer', 'arn:aws:iam::222222222222:role/Custom']);
  });

  it('takes adoptExisting from the Region, then the account, then the top level', () => {
    const model = modelFromData(
      minimalConfig({
        regions: ['eu-west-1', 'us-east-1'],
        adoptExisting: true,
        accounts: [
          { id: '111111111111', name: 'a', adoptExisting: false, regionSettings: { 'us-east-1': { adoptExisting: true } } },
          { id: '222222222222', name: 'b' },
        ],
      }),
    );
    expect(model.accounts.map((a) => a.regions.map((r) => r.adoptExisting))).toEqual([
      [false, true],
      [true, true],
    ]);
  });

  it('merges custom documents over the base preferences and reuses the created resources', () => {
    const model = modelFromData(
      minimalConfig({
        preferences: { idleSessionTimeout: 15, runAs: { enabled: true, defaultUser: 'ops' }, s3: { enabled: true } },
        customDocuments: [
          { name: 'Ops-Sessions', description: 'ops', preferences: { idleSessionTimeout: 60, shellProfile: { linux: 'exec bash' } } },
          {
            name: 'Audit-Sessions',
            preferences: { cloudWatch: { logGroupName: '/audit/sessions' }, s3: { bucketName: 'central-audit-logs' }, sessionEncryption: { kmsKeyId: 'alias/audit' } },
          },
        ],
      }),
    );
    const region = model.accounts[0].regions[0];
    const [ops, audit] = region.customDocuments;
    expect(ops.description).toBe('ops');
    expect(ops.preferences).toEqual({ ...region.preferences, idleSessionTimeout: 60, shellProfile: { linux: 'exec bash', windows: '' } });
    expect(audit.preferences.sessionKey).toEqual({ mode: 'existing', keyId: 'alias/audit' });
    expect(audit.preferences.cloudWatch).toMatchObject({ enabled: true, logGroupName: '/audit/sessions', create: false });
    expect(audit.preferences.s3).toMatchObject({ enabled: true, bucket: { mode: 'existing', name: 'central-audit-logs' } });
    expect(audit.preferences.runAs).toEqual({ enabled: true, defaultUser: 'ops' });
  });

  it('reports every problem of a file at once', () => {
    const found = configProblems({
      version: 1,
      regions: ['mars-1'],
      accounts: [{ id: '1', name: 'X', extra: 1 }],
      preferences: { idleSessionTimeout: 0, runAs: { enabled: true } },
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^regions\[0\]: must be a known AWS Region/),
        expect.stringMatching(/^accounts\[0\]\.id: /),
        expect.stringMatching(/^accounts\[0\]\.name: /),
        'accounts[0].extra: is not a known field',
        'preferences.idleSessionTimeout: must be between 1 and 60',
        'preferences.runAs.defaultUser: is required when runAs.enabled is true',
      ]),
    );
    expect(found).toHaveLength(6);
  });
});

describe('configuration files', () => {
  it('loads the bundled example', () => {
    const model = loadConfig(EXAMPLE_CONFIG);
    expect(model.accounts.map((a) => a.name)).toEqual(['sandbox']);
    expect(model.accounts[0].regions.map((r) => r.region)).toEqual(['us-east-1', 'eu-west-1']);
  });

  it('reports YAML syntax errors and unreadable files as configuration problems', () => {
    expect(() => modelFromText('version: [1', 'bad.yaml')).toThrow(ConfigError);
    expect(() => modelFromText('a: 1\na: 2', 'dup.yaml')).toThrow(/not valid YAML\/JSON/);
    expect(() => loadConfig('/nonexistent/config.yaml')).toThrow(/no such file \(looked for \/nonexistent\/config.yaml\)/);
  });

  it('accepts JSON as well as YAML', () => {
    expect(modelFromText(JSON.stringify(minimalConfig())).accounts).toHaveLength(1);
  });

  it('keeps the committed JSON Schema in step with the zod schema', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(configJsonSchema());
  });

  it('lists known Regions in the JSON Schema so editors can complete them', () => {
    const schema = JSON.parse(configJsonSchema());
    expect(schema.properties.regions.items.enum).toContain('eu-west-1');
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('the resolved account', () => {
  it('keeps its active and retired Regions apart, and carries its effective access', () => {
    const model = modelFromData(minimalConfig({ regions: ['eu-west-1', 'us-east-1'], retiredRegions: ['eu-central-1'] }));
    const [account] = model.accounts;
    expect(account.activeRegions.map((r) => r.region)).toEqual(['eu-west-1', 'us-east-1']);
    expect(account.retiredRegions.map((r) => r.region)).toEqual(['eu-central-1']);
    expect(account.regions.map((r) => r.region)).toEqual(['eu-west-1', 'us-east-1', 'eu-central-1']);
    expect(account.access).toBe(model.access);
    expect(account.accessPath).toBe('access');
  });
});
