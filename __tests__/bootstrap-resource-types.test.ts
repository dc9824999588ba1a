/**
 * The bootstrap roles' permissions follow the resource plan (src/bootstrap/resource-types.ts): for
 * each configuration, the Terraform types read from the plan equal the types of the stacks the app
 * synthesizes, per side (member accounts, log-archive account). A difference means the plan, its
 * companion types or the constructs changed without the others.
 */
import { resourceTypes } from '../src/bootstrap/resource-types';
import { modelFromData } from '../src/config/load';
import { everyFeatureConfig, exampleModel, minimalConfig } from './helpers';
import { synthesizedTypes } from './support/synthesized-types';

const ARCHIVE = '999999999999';

/** Configurations that exercise each planned kind and each companion type. */
const CONFIGS: Record<string, () => Record<string, unknown>> = {
  minimal: () => minimalConfig(),
  'lambda mode': () => minimalConfig({ documentManagement: 'lambda' }),
  'lambda mode with a custom document and a bucket': () =>
    minimalConfig({
      documentManagement: 'lambda',
      preferences: { s3: { enabled: true } },
      customDocuments: [{ name: 'BreakGlass-Shell', preferences: { maxSessionDuration: 480 } }],
    }),
  archive: () => minimalConfig({ logArchive: { accountId: ARCHIVE }, preferences: { s3: { enabled: true } } }),
  'archive with Object Lock': () => minimalConfig({ logArchive: { accountId: ARCHIVE, objectLock: { mode: 'GOVERNANCE', retentionDays: 30 } } }),
  'DHMC role and setting': () => minimalConfig({ access: { instance: { defaultHostManagement: { createRole: true, setServiceSetting: true } } } }),
  'DHMC role without the setting, no user policy': () => minimalConfig({ access: { instance: { defaultHostManagement: { createRole: true } }, user: { createPolicy: false } } }),
  'instance role with AmazonSSMManagedInstanceCore': () => minimalConfig({ access: { instance: { createRole: true, attachManagedInstanceCore: true } } }),
  'no access policies': () => minimalConfig({ access: { instance: { createPolicy: false }, user: { createPolicy: false } } }),
  'adopted key alias, log group and bucket, session key by ID': () =>
    minimalConfig({
      adoptResources: ['logsKeyAlias', 'logGroup', 'bucket'],
      preferences: { s3: { enabled: true }, sessionEncryption: { enabled: true, createKey: false, kmsKeyId: 'alias/existing' } },
    }),
  'user policy attached to groups and users': () => minimalConfig({ access: { user: { attachToGroups: ['ops'], attachToUsers: ['alice'] } } }),
  'document policy attached to a role': () =>
    minimalConfig({
      customDocuments: [{ name: 'BreakGlass-Shell', preferences: { maxSessionDuration: 480 } }],
      access: { documentPolicies: [{ name: 'BreakGlass', documents: ['BreakGlass-Shell'], attachToRoles: ['responders'] }] },
    }),
  'every feature': () => everyFeatureConfig(ARCHIVE),
};

describe('resource types from the plan', () => {
  it('equal the synthesized types of the example', () => {
    const model = exampleModel();
    const planned = resourceTypes(model);
    expect(planned).toEqual(synthesizedTypes(model));
    expect(planned.member).toEqual(expect.arrayContaining(['aws_ssm_document', 'terraform_data', 'aws_kms_key', 'aws_s3_bucket_policy']));
    expect(planned.member).not.toContain('aws_lambda_function');
  });

  it.each(Object.keys(CONFIGS))('equal the synthesized types: %s', (name) => {
    const model = modelFromData(CONFIGS[name]());
    expect(resourceTypes(model)).toEqual(synthesizedTypes(model));
  });

  it('name the updater only in lambda mode, and the archive side only with a log archive', () => {
    const lambda = resourceTypes(modelFromData(CONFIGS['lambda mode']()));
    expect(lambda.member).toEqual(expect.arrayContaining(['aws_lambda_function', 'aws_lambda_invocation', 'aws_iam_role_policy']));
    // The updater writes the preferences document: Terraform holds no document, so no document type.
    expect(lambda.member).not.toContain('aws_ssm_document');
    expect(lambda.archive).toEqual([]);
    const archive = resourceTypes(modelFromData(CONFIGS['archive with Object Lock']()));
    expect(archive.archive).toEqual(expect.arrayContaining(['aws_kms_key', 'aws_s3_bucket', 'aws_s3_bucket_object_lock_configuration']));
    expect(archive.member).not.toContain('aws_s3_bucket_object_lock_configuration');
  });
});
