/** The resource plan (src/plan/resource-plan.ts): names, partition-aware ARNs, dispositions, references, per-account access. */
import { allResources, planResources, regionResources, type PlannedResource } from '../src/plan/resource-plan';
import { minimalConfig, minimalModel, stackFor } from './helpers';
import { modelFromData } from '../src/config/load';

const ACCOUNT = '111111111111';
const find = (resources: readonly PlannedResource[], kind: string, name?: string) => resources.filter((r) => r.kind === kind && (name === undefined || r.name === name));

describe('resource plan', () => {
  it('names and ARNs follow the partition of the Region', () => {
    const model = minimalModel({ regions: ['us-gov-west-1'], preferences: { s3: { enabled: true } } });
    const plan = planResources(model);
    const all = allResources(plan);
    expect(find(all, 's3Bucket')).toEqual([
      expect.objectContaining({ name: `ssm-session-logs-${ACCOUNT}-us-gov-west-1`, arn: `arn:aws-us-gov:s3:::ssm-session-logs-${ACCOUNT}-us-gov-west-1`, disposition: 'created' }),
    ]);
    expect(find(all, 'kmsAlias').map((r) => r.arn)).toEqual([
      `arn:aws-us-gov:kms:us-gov-west-1:${ACCOUNT}:alias/session-manager/data`,
      `arn:aws-us-gov:kms:us-gov-west-1:${ACCOUNT}:alias/session-manager/logs`,
    ]);
    expect(find(all, 'ssmParameter')[0].arn).toBe(`arn:aws-us-gov:ssm:us-gov-west-1:${ACCOUNT}:parameter/session-manager/session-data-key-id`);
    expect(find(all, 'iamPolicy').map((r) => r.arn)).toEqual([
      `arn:aws-us-gov:iam::${ACCOUNT}:policy/session-manager/SessionManagerInstanceAccess`,
      `arn:aws-us-gov:iam::${ACCOUNT}:policy/session-manager/SessionManagerUserAccess`,
    ]);
    expect(find(all, 'kmsKey').every((k) => k.arn === undefined)).toBe(true);
    expect(plan.accounts[0].regions[0].stack).toBe(stackFor(model, 'sandbox', 'us-gov-west-1'));
  });

  it('marks adopted resources and the document the updater writes', () => {
    const adopted = allResources(planResources(minimalModel({ adoptExisting: true, adoptResources: ['bucket', 'logGroup'], preferences: { s3: { enabled: true } } })));
    expect(find(adopted, 's3Bucket')[0]).toMatchObject({ disposition: 'adopted', adoptSwitch: 'bucket' });
    expect(find(adopted, 'logGroup')[0]).toMatchObject({ disposition: 'adopted', adoptSwitch: 'logGroup' });
    expect(find(adopted, 'kmsAlias', 'alias/session-manager/data')[0].disposition).toBe('created');
    expect(find(adopted, 'ssmDocument', 'SSM-SessionManagerRunShell')[0]).toMatchObject({ disposition: 'adopted', adoptSwitch: 'adoptExisting' });

    const [region] = planResources(minimalModel({ documentManagement: 'lambda' })).accounts[0].regions;
    expect(region.preferencesDocument.resource.disposition).toBe('lambda');
    expect(region.updater?.role).toMatchObject({ kind: 'iamRole', name: 'session-manager-preferences-updater-eu-west-1', global: true });
    expect(region.logsKey?.logGroupArns).toEqual([
      `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/session-manager/sessions`,
      `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/session-manager-preferences-updater`,
    ]);
  });

  it('lists what the documents only name as referenced, and plans no retired Region', () => {
    const model = minimalModel({
      regions: ['eu-west-1'],
      retiredRegions: ['us-east-1'],
      preferences: { sessionEncryption: { createKey: false, kmsKeyId: 'alias/shared' }, cloudWatch: { createLogGroup: false, logGroupName: '/org/sessions' } },
    });
    const [account] = planResources(model).accounts;
    expect(account.regions.map((r) => r.region.region)).toEqual(['eu-west-1']);
    const referenced = regionResources(account.regions[0]).filter((r) => r.disposition === 'referenced');
    expect(referenced.map((r) => [r.kind, r.name])).toEqual([
      ['kmsKey', 'alias/shared'],
      ['logGroup', '/org/sessions'],
    ]);
    expect(account.regions[0].sessionKey).toBeUndefined();
    expect(account.regions[0].logGroup).toBeUndefined();
  });

  it("gives each account its own group's access: names, path and DHMC setting", () => {
    const model = modelFromData(
      minimalConfig({
        accountGroups: { production: { access: { policyNamePrefix: 'Prod', instance: { defaultHostManagement: { createRole: true, setServiceSetting: true } } } } },
        accounts: [
          { id: ACCOUNT, name: 'prod', group: 'production' },
          { id: '222222222222', name: 'shared' },
        ],
      }),
    );
    const [prod, shared] = planResources(model).accounts;
    expect(prod.policies.map((p) => [p.resource.name, p.resource.path])).toEqual([
      ['ProdInstanceAccess', 'accountGroups.production.access.policyNamePrefix'],
      ['ProdUserAccess', 'accountGroups.production.access.policyNamePrefix'],
    ]);
    expect(prod.regions[0].dhmcSetting?.attributes).toEqual({ value: 'service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole' });
    expect(prod.dhmcRole?.arn).toBe(`arn:aws:iam::${ACCOUNT}:role/service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole`);
    expect(shared.policies.map((p) => p.resource.name)).toEqual(['SessionManagerInstanceAccess', 'SessionManagerUserAccess']);
    expect(shared.regions[0].dhmcSetting).toBeUndefined();
  });
});
