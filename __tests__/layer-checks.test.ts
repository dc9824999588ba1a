/**
 * The AWS checks of what preferences, custom documents and access say (aws-checks.ts) run once
 * over every layer that writes them: the top level and each account group, each against the
 * accounts it reaches, reported at the path where the value was written (issue 21).
 */
import { configProblems } from './helpers';

const KEY = '0b2b1f6e-1111-4c2b-9a6e-2a3b4c5d6e7f';

/**
 * Two accounts: `prod-a` of group prod in eu-west-1 only, `plain` (no group) in eu-west-1 and
 * us-east-1. `top` is merged into the top level, `prod` is group prod.
 */
const layered = (top: Record<string, unknown>, prod: Record<string, unknown> = {}) => ({
  version: 1,
  regions: ['eu-west-1', 'us-east-1'],
  accounts: [
    { id: '111111111111', name: 'prod-a', group: 'prod', regions: ['eu-west-1'] },
    { id: '222222222222', name: 'plain' },
  ],
  accountGroups: { prod },
  ...top,
});

const govArn = `arn:aws:kms:us-gov-west-1:111111111111:key/${KEY}`;
const wrongPartition = 'names us-gov-west-1, which is in the partition aws-us-gov, but starts with arn:aws: write arn:aws-us-gov:';
const usedInGov = 'is in the partition aws but is used in aws-us-gov: write arn:aws-us-gov:kms:...';

describe('KMS key ARNs, in every layer', () => {
  // A key ARN of eu-west-1 written with the China partition.
  const cnArn = `arn:aws-cn:kms:eu-west-1:111111111111:key/${KEY}`;
  const notCn = 'names eu-west-1, which is in the partition aws, but starts with arn:aws-cn: write arn:aws:';
  const byRegion = { sessionEncryption: { kmsKeyIdByRegion: { 'eu-west-1': cnArn } } };

  it('kmsKeyIdByRegion: the partition of its Region, at the top level (preferences and custom documents)', () => {
    expect(configProblems(layered({ preferences: byRegion, customDocuments: [{ name: 'Ops-Shell', preferences: byRegion }] }))).toEqual([
      `customDocuments[0].preferences.sessionEncryption.kmsKeyIdByRegion.eu-west-1: ${notCn}`,
      `preferences.sessionEncryption.kmsKeyIdByRegion.eu-west-1: ${notCn}`,
    ]);
  });

  it('kmsKeyIdByRegion: the partition of its Region, in a group (preferences and custom documents)', () => {
    expect(configProblems(layered({}, { preferences: byRegion, customDocuments: [{ name: 'Prod-Shell', preferences: byRegion }] }))).toEqual([
      `accountGroups.prod.customDocuments[0].preferences.sessionEncryption.kmsKeyIdByRegion.eu-west-1: ${notCn}`,
      `accountGroups.prod.preferences.sessionEncryption.kmsKeyIdByRegion.eu-west-1: ${notCn}`,
    ]);
  });

  it('kmsKeyId in a Region override: the partition of that Region, at the top level and in a group', () => {
    const arn = `arn:aws:kms:eu-west-1:111111111111:key/${KEY}`;
    const override = { 'us-gov-west-1': { preferences: { sessionEncryption: { kmsKeyId: arn } } } };
    expect(configProblems(layered({ regionOverrides: override }))).toEqual([`regionOverrides.us-gov-west-1.preferences.sessionEncryption.kmsKeyId: ${usedInGov}`]);
    expect(configProblems(layered({}, { regionOverrides: override }))).toEqual([
      `accountGroups.prod.regionOverrides.us-gov-west-1.preferences.sessionEncryption.kmsKeyId: ${usedInGov}`,
    ]);
  });

  it('access.instance.bucketKmsKeys, at the top level and in a group', () => {
    const access = { instance: { bucketKmsKeys: ['alias/logs', govArn] } };
    expect(configProblems(layered({ access }))).toEqual([`access.instance.bucketKmsKeys[1]: ${wrongPartition}`]);
    expect(configProblems(layered({}, { access }))).toEqual([`accountGroups.prod.access.instance.bucketKmsKeys[1]: ${wrongPartition}`]);
  });
});

describe('per-Region keys for Regions the layer does not reach', () => {
  const keys = { sessionEncryption: { kmsKeyIdByRegion: { 'eu-west-1': 'alias/sessions', 'us-east-1': 'alias/sessions', 'eu-west-3': 'alias/sessions' } } };

  it('at the top level: a Region no account manages', () => {
    expect(configProblems(layered({ preferences: keys, customDocuments: [{ name: 'Ops-Shell', preferences: keys }] }))).toEqual([
      'customDocuments[0].preferences.sessionEncryption.kmsKeyIdByRegion.eu-west-3: is a key for eu-west-3, which no account manages (eu-west-1, us-east-1): it would never be used; remove it or correct the Region',
      'preferences.sessionEncryption.kmsKeyIdByRegion.eu-west-3: is a key for eu-west-3, which no account manages (eu-west-1, us-east-1): it would never be used; remove it or correct the Region',
    ]);
  });

  it('in a group: a Region no account of the group manages, though another account does (us-east-1)', () => {
    expect(configProblems(layered({}, { preferences: keys, customDocuments: [{ name: 'Prod-Shell', preferences: keys }] }))).toEqual([
      'accountGroups.prod.customDocuments[0].preferences.sessionEncryption.kmsKeyIdByRegion.eu-west-3: is a key for eu-west-3, which no account of this group manages (eu-west-1): it would never be used; remove it or correct the Region',
      'accountGroups.prod.customDocuments[0].preferences.sessionEncryption.kmsKeyIdByRegion.us-east-1: is a key for us-east-1, which no account of this group manages (eu-west-1): it would never be used; remove it or correct the Region',
      'accountGroups.prod.preferences.sessionEncryption.kmsKeyIdByRegion.eu-west-3: is a key for eu-west-3, which no account of this group manages (eu-west-1): it would never be used; remove it or correct the Region',
      'accountGroups.prod.preferences.sessionEncryption.kmsKeyIdByRegion.us-east-1: is a key for us-east-1, which no account of this group manages (eu-west-1): it would never be used; remove it or correct the Region',
    ]);
  });

  it('a group without accounts is not judged', () => {
    expect(configProblems({ ...layered({}, { preferences: keys }), accounts: [{ id: '222222222222', name: 'plain' }] })).toEqual([]);
  });
});

describe('instance tag keys of user policies, in every layer', () => {
  const reserved = 'must not start with aws: in any letter case (reserved for AWS): instances cannot carry such a tag';
  const access = {
    user: { targetTag: { key: 'AWS:ssm', value: 'on' } },
    documentPolicies: [{ name: 'BreakGlass', documents: ['SSM-SessionManagerRunShell'], targetTag: { key: 'Aws:env', value: 'prod' } }],
  };

  it('at the top level', () => {
    expect(configProblems(layered({ access }))).toEqual([`access.documentPolicies[0].targetTag.key: ${reserved}`, `access.user.targetTag.key: ${reserved}`]);
  });

  it('in a group', () => {
    expect(configProblems(layered({}, { access }))).toEqual([
      `accountGroups.prod.access.documentPolicies[0].targetTag.key: ${reserved}`,
      `accountGroups.prod.access.user.targetTag.key: ${reserved}`,
    ]);
  });
});

describe('settings without effect, in every layer', () => {
  it('a section field without enabled while the section is off: at the top level', () => {
    expect(
      configProblems(layered({ preferences: { runAs: { defaultUser: 'ops' } }, customDocuments: [{ name: 'Ops-Shell', preferences: { s3: { bucketName: 'central-logs' } } }] })),
    ).toEqual([
      'customDocuments[0].preferences.s3.bucketName: has no effect: the base preferences have S3 logging off and this document does not turn it on; add enabled: true to customDocuments[0].preferences.s3 (or remove the field)',
      'preferences.runAs.defaultUser: has no effect: Run As is off unless preferences.runAs.enabled is true; add enabled: true (or remove the field)',
    ]);
  });

  it("a section field without enabled while the section is off for the group's accounts: in a group", () => {
    // Run As is on for the account without a group, off (explicitly) in the group's Region override.
    const config = layered(
      { preferences: { runAs: { enabled: true, defaultUser: 'ops' } } },
      {
        preferences: { runAs: { defaultUser: 'prod-ops' } },
        regionOverrides: { 'eu-west-1': { preferences: { runAs: { enabled: false } } } },
        customDocuments: [{ name: 'Prod-Shell', preferences: { s3: { bucketName: 'central-logs' } } }],
      },
    );
    expect(configProblems(config)).toEqual([
      'accountGroups.prod.customDocuments[0].preferences.s3.bucketName: has no effect: the base preferences have S3 logging off for the accounts of group prod and this document does not turn it on; add enabled: true to accountGroups.prod.customDocuments[0].preferences.s3 (or remove the field)',
      'accountGroups.prod.preferences.runAs.defaultUser: has no effect: Run As is off for the accounts of group prod unless accountGroups.prod.preferences.runAs.enabled is true; add enabled: true (or remove the field)',
    ]);
  });

  it('a group field the group turns on elsewhere, or that reaches a Region where the section is on, is fine', () => {
    // S3 is on for the group (top level), so the group's document bucket applies.
    expect(
      configProblems(layered({ preferences: { s3: { enabled: true } } }, { customDocuments: [{ name: 'Prod-Shell', preferences: { s3: { bucketName: 'central-logs' } } }] })),
    ).toEqual([]);
  });

  it('alias, retentionDays and bucket lifecycle where nothing is created: at the top level', () => {
    const preferences = {
      sessionEncryption: { enabled: true, kmsKeyId: 'alias/existing', alias: 'alias/sessions' },
      cloudWatch: { createLogGroup: false, retentionDays: 30 },
      s3: { enabled: true, createBucket: false, bucketName: 'central-logs', expirationDays: 30 },
    };
    expect(configProblems(layered({ preferences }))).toEqual([
      'preferences.cloudWatch.retentionDays: has no effect on an existing log group (createLogGroup: false): set the retention where that group is managed, or set createLogGroup: true',
      'preferences.s3.expirationDays: has no effect on an existing bucket (createBucket: false): configure it on that bucket, or set createBucket: true',
      'preferences.sessionEncryption.alias: has no effect: no key is created (an existing key is named by kmsKeyId or kmsKeyIdByRegion); remove it, or set createKey: true',
    ]);
  });

  it("alias, retentionDays and bucket lifecycle where nothing is created for the group's accounts: in a group", () => {
    // The account without a group creates all three; the group's accounts create none.
    const top = { preferences: { sessionEncryption: { enabled: true }, s3: { enabled: true } } };
    const prod = {
      preferences: {
        sessionEncryption: { kmsKeyId: 'alias/existing', alias: 'alias/sessions' },
        cloudWatch: { createLogGroup: false, retentionDays: 30 },
        s3: { createBucket: false, bucketName: 'central-logs', noncurrentVersionExpirationDays: 7 },
      },
    };
    expect(configProblems(layered(top, prod))).toEqual([
      'accountGroups.prod.preferences.cloudWatch.retentionDays: has no effect on an existing log group (createLogGroup: false) for the accounts of group prod: set the retention where that group is managed, or set createLogGroup: true',
      'accountGroups.prod.preferences.s3.noncurrentVersionExpirationDays: has no effect on an existing bucket (createBucket: false) for the accounts of group prod: configure it on that bucket, or set createBucket: true',
      'accountGroups.prod.preferences.sessionEncryption.alias: has no effect: no key is created for the accounts of group prod (an existing key is named by kmsKeyId or kmsKeyIdByRegion); remove it, or set createKey: true',
    ]);
  });
});
