/** Organization scale: stable Region → stack mapping, accounts files, HCP Terraform backend, assumed roles. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, ConfigError } from '../src/config/load';
import { modelFromData } from '../src/config/load';
import { KNOWN_REGIONS, DEFAULT_COMMERCIAL_REGIONS } from '../src/model/regions';
import { planStacks, shardOf } from '../src/model/stack-plan';
import { minimalConfig, parsed, synthModel, tempDir } from './helpers';

/** Every resource address of every stack, as `stack :: type.logicalId`. */
function addresses(stacks: Map<string, string>): Set<string> {
  const out = new Set<string>();
  for (const [name, json] of stacks) {
    for (const [type, byId] of Object.entries(parsed(json).resource ?? {})) {
      for (const id of Object.keys(byId)) out.add(`${name} :: ${type}.${id}`);
    }
  }
  return out;
}

const orgOf = (regions: readonly string[], extra: Record<string, unknown> = {}) =>
  modelFromData(minimalConfig({ regions: [...regions], preferences: { s3: { enabled: true } }, ...extra }));

describe('Region groups', () => {
  it('cuts Regions by their fixed position in the Region list', () => {
    expect(shardOf('us-east-1', 4)).toBe(0);
    expect(shardOf('us-west-2', 4)).toBe(0);
    expect(shardOf('ap-south-1', 4)).toBe(1);
    expect(shardOf('sa-east-1', 4)).toBe(4);
    expect(new Set(DEFAULT_COMMERCIAL_REGIONS.map((r) => shardOf(r, 4))).size).toBe(5);
    expect(new Set(KNOWN_REGIONS).size).toBe(KNOWN_REGIONS.length);
  });

  it('never moves or renames another Region’s resources when a Region is added or removed', () => {
    const before = addresses(synthModel(orgOf(['us-east-1', 'eu-west-1', 'ap-southeast-2'])));
    const added = addresses(synthModel(orgOf(['us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-west-2', 'eu-central-1'])));
    for (const address of before) expect(added).toContain(address);
    const removed = addresses(synthModel(orgOf(['eu-west-1', 'ap-southeast-2'])));
    for (const address of removed) expect(before).toContain(address);
    expect([...before].filter((a) => !removed.has(a)).every((a) => a.includes('us-east-1'))).toBe(true);
  });

  it('is independent of the order Regions are listed in', () => {
    const a = addresses(synthModel(orgOf(['us-east-1', 'eu-west-1', 'us-west-2'])));
    const b = addresses(synthModel(orgOf(['us-west-2', 'eu-west-1', 'us-east-1'])));
    expect([...b].sort()).toEqual([...a].sort());
  });

  it('honours the configured shard size', () => {
    const model = orgOf(DEFAULT_COMMERCIAL_REGIONS, { stacks: { shardSize: 17 } });
    const plans = planStacks(model);
    expect(plans.map((p) => p.name)).toEqual(['sandbox-global', 'sandbox-shard0']);
    const regional = plans[1];
    expect(regional.kind === 'regions' && regional.regions.map((r) => r.region)).toEqual([...DEFAULT_COMMERCIAL_REGIONS]);
  });

  it('gives every account its own stacks, each provider bound to that account and its assumed role', () => {
    const model = modelFromData(
      minimalConfig({
        regions: ['us-east-1', 'eu-west-1'],
        assumeRoleName: 'SessionPrefsDeployer',
        accounts: [
          { id: '111111111111', name: 'dev' },
          { id: '222222222222', name: 'prod', assumeRoleArn: 'arn:aws:iam::222222222222:role/ProdDeployer' },
        ],
      }),
    );
    const stacks = synthModel(model);
    expect([...stacks.keys()]).toEqual(['dev-global', 'dev-shard0', 'dev-shard3', 'prod-global', 'prod-shard0', 'prod-shard3']);
    for (const [name, json] of stacks) {
      const [accountId, role] = name.startsWith('dev')
        ? ['111111111111', 'arn:aws:iam::111111111111:role/SessionPrefsDeployer']
        : ['222222222222', 'arn:aws:iam::222222222222:role/ProdDeployer'];
      for (const provider of parsed(json).provider.aws) {
        expect(provider.allowed_account_ids).toEqual([accountId]);
        expect(provider.assume_role[0].role_arn).toBe(role);
      }
    }
  });
});

describe('accounts file', () => {
  it('adds the accounts of a separate file, named relative to the configuration', () => {
    const dir = tempDir('accounts-');
    writeFileSync(join(dir, 'accounts.yaml'), 'accounts:\n  - { id: "222222222222", name: prod }\n  - { id: "333333333333", name: audit }\n');
    writeFileSync(join(dir, 'config.yaml'), 'version: 1\nregions: [eu-west-1]\naccountsFile: accounts.yaml\naccounts:\n  - { id: "111111111111", name: dev }\n');
    expect(loadConfig(join(dir, 'config.yaml')).accounts.map((a) => a.name)).toEqual(['dev', 'prod', 'audit']);
  });

  it('names problems in the accounts file by its name and index', () => {
    const dir = tempDir('accounts-');
    writeFileSync(join(dir, 'accounts.yaml'), '- { id: "222222222222", name: prod }\n- { id: "12", name: audit }\n');
    writeFileSync(join(dir, 'config.yaml'), 'version: 1\nregions: [eu-west-1]\naccountsFile: accounts.yaml\naccounts: []\n');
    let error: ConfigError | undefined;
    try {
      loadConfig(join(dir, 'config.yaml'));
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.issues).toEqual([{ path: 'accountsFile(accounts.yaml)[1].id', message: 'must be a 12-digit AWS account ID in quotes' }]);
    writeFileSync(join(dir, 'config.yaml'), 'version: 1\nregions: [eu-west-1]\naccountsFile: missing.yaml\naccounts: []\n');
    expect(() => loadConfig(join(dir, 'config.yaml'))).toThrow(/accountsFile: .*missing\.yaml: cannot read the file/);
  });
});

describe('HCP Terraform backend', () => {
  const cloud = { type: 'cloud', organization: 'acme', project: 'session-manager', workspacePrefix: 'ssm-' };

  it('gives every stack its own named workspace in the configured organization and project', () => {
    const stacks = synthModel(modelFromData(minimalConfig({ backend: cloud })));
    for (const [name, json] of stacks) {
      const terraform = parsed(json).terraform;
      expect(terraform.backend).toBeUndefined();
      expect(terraform.cloud).toEqual({ hostname: 'app.terraform.io', organization: 'acme', workspaces: { name: `ssm-${name}`, project: 'session-manager' } });
    }
  });

  it('never writes a token, and takes the organization from TF_CLOUD_ORGANIZATION when the file has none', () => {
    const saved = { ...process.env };
    process.env.TF_CLOUD_ORGANIZATION = 'from-env';
    process.env.TF_TOKEN_app_terraform_io = 'secret-token-value';
    try {
      const stacks = synthModel(modelFromData(minimalConfig({ backend: { type: 'cloud' } })));
      for (const json of stacks.values()) {
        expect(parsed(json).terraform.cloud.organization).toBe('from-env');
        expect(json).not.toContain('secret-token-value');
        expect(parsed(json).terraform.cloud.token).toBeUndefined();
      }
    } finally {
      process.env = saved;
    }
  });

  it('refuses a cloud backend without an organization', () => {
    const saved = process.env.TF_CLOUD_ORGANIZATION;
    delete process.env.TF_CLOUD_ORGANIZATION;
    try {
      expect(() => modelFromData(minimalConfig({ backend: { type: 'cloud' } }))).toThrow(/backend\.organization: is required for a cloud backend/);
    } finally {
      if (saved !== undefined) process.env.TF_CLOUD_ORGANIZATION = saved;
    }
  });

  it('rejects an unknown backend type', () => {
    expect(() => modelFromData(minimalConfig({ backend: { type: 's3' } }))).toThrow(/backend\.type: must have type local or cloud|backend: must have type local or cloud/);
  });
});

describe('role override for plans', () => {
  it('assumes SESSION_PREFS_ROLE_NAME in every account instead of the configured roles', () => {
    const data = minimalConfig({
      assumeRoleName: 'Deployer',
      accounts: [
        { id: '111111111111', name: 'a' },
        { id: '222222222222', name: 'b', assumeRoleArn: 'arn:aws:iam::222222222222:role/Other' },
      ],
    });
    const saved = process.env.SESSION_PREFS_ROLE_NAME;
    process.env.SESSION_PREFS_ROLE_NAME = 'SessionPrefsReadOnly';
    try {
      expect(modelFromData(data).accounts.map((a) => a.assumeRoleArn)).toEqual([
        'arn:aws:iam::111111111111:role/SessionPrefsReadOnly',
        'arn:aws:iam::222222222222:role/SessionPrefsReadOnly',
      ]);
      process.env.SESSION_PREFS_ROLE_NAME = 'bad name';
      expect(() => modelFromData(data)).toThrow(/SESSION_PREFS_ROLE_NAME: must be an IAM role name/);
    } finally {
      if (saved === undefined) delete process.env.SESSION_PREFS_ROLE_NAME;
      else process.env.SESSION_PREFS_ROLE_NAME = saved;
    }
    expect(modelFromData(data).accounts.map((a) => a.assumeRoleArn)).toEqual(['arn:aws:iam::111111111111:role/Deployer', 'arn:aws:iam::222222222222:role/Other']);
  });
});
