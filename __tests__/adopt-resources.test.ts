import { ConfigError, modelFromData } from '../src/config/load';
import { minimalConfig, minimalModel, parsed, synthModel } from './helpers';

function regionStack(extra: Record<string, unknown>) {
  const stacks = synthModel(minimalModel({ preferences: { s3: { enabled: true } }, ...extra }));
  return parsed([...stacks.entries()].find(([name]) => !name.endsWith('-global'))![1]);
}

describe('adoptResources', () => {
  it('imports each listed resource by its AWS name through the Region provider, and keeps prevent_destroy', () => {
    const stack = regionStack({ adoptResources: ['dataKeyAlias', 'keyIdParameter', 'logsKeyAlias', 'logGroup', 'bucket'] });
    const imports = (stack.import ?? []).map((i: { id: string; to: string; provider: string }) => [i.to.split('.')[0], i.id, i.provider]);
    expect(imports).toEqual([
      ['aws_kms_alias', 'alias/session-manager/data', 'aws.eu_west_1'],
      ['aws_ssm_parameter', '/session-manager/session-data-key-id', 'aws.eu_west_1'],
      ['aws_kms_alias', 'alias/session-manager/logs', 'aws.eu_west_1'],
      ['aws_cloudwatch_log_group', '/session-manager/sessions', 'aws.eu_west_1'],
      ['aws_s3_bucket', 'ssm-session-logs-111111111111-eu-west-1', 'aws.eu_west_1'],
    ]);
    const logGroup = Object.values(stack.resource.aws_cloudwatch_log_group)[0];
    expect(logGroup).toMatchObject({ skip_destroy: true, lifecycle: { prevent_destroy: true } });
    const bucket = Object.values(stack.resource.aws_s3_bucket)[0];
    expect(bucket).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
    for (const key of Object.values(stack.resource.aws_kms_key)) expect(key).toMatchObject({ lifecycle: { prevent_destroy: true } });
    // Every import names a resource of the stack.
    for (const i of stack.import ?? []) {
      const [type, id] = i.to.split('.');
      expect(stack.resource[type][id]).toBeDefined();
    }
  });

  it('imports nothing unless asked, and only what is listed', () => {
    expect(regionStack({}).import).toBeUndefined();
    const only = regionStack({ adoptResources: ['bucket'] });
    expect((only.import ?? []).map((i: { id: string }) => i.id)).toEqual(['ssm-session-logs-111111111111-eu-west-1']);
  });

  it('takes the list from the Region, then the account, then the top level (a Region may clear it with [])', () => {
    const model = modelFromData(
      minimalConfig({
        regions: ['eu-west-1', 'us-east-1'],
        adoptResources: ['logGroup'],
        accounts: [
          { id: '111111111111', name: 'a', regionSettings: { 'us-east-1': { adoptResources: [] } } },
          { id: '222222222222', name: 'b', adoptResources: ['bucket', 'bucket'] },
        ],
      }),
    );
    expect(model.accounts.map((a) => a.regions.map((r) => r.adoptResources))).toEqual([
      [['logGroup'], []],
      [['bucket'], ['bucket']],
    ]);
  });

  it('rejects an unknown entry, naming the allowed ones', () => {
    expect(() => modelFromData(minimalConfig({ adoptResources: ['key'] }))).toThrow(ConfigError);
    try {
      modelFromData(minimalConfig({ adoptResources: ['key'] }));
    } catch (e) {
      expect((e as ConfigError).message).toContain('adoptResources[0]: must be one of dataKeyAlias, keyIdParameter, logsKeyAlias, logGroup, bucket');
    }
  });
});
