/** Account groups and Region-level overrides: layering, error paths naming the group, access per group, the JSON Schema. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelFromData } from '../src/config/load';
import type { Model, RegionModel } from '../src/model/model';
import { locate, mergeLayers } from '../src/config/resolve-groups';
import { planStacks } from '../src/model/stack-plan';
import { configProblems, minimalConfig, resourcesIn, ROOT, stackFor, synthModel } from './helpers';

/** Two groups over top-level preferences, a top-level Region override and group Region overrides. */
const grouped = (extra: Record<string, unknown> = {}) =>
  minimalConfig({
    regions: ['eu-west-1', 'us-east-1'],
    preferences: { idleSessionTimeout: 15, runAs: { enabled: true, defaultUser: 'ssm-user' }, shellProfile: { linux: 'exec bash -l' } },
    regionOverrides: { 'us-east-1': { preferences: { idleSessionTimeout: 10, maxSessionDuration: 30 } } },
    customDocuments: [{ name: 'BreakGlass', description: 'top', preferences: { maxSessionDuration: 480 } }],
    accountGroups: {
      production: {
        description: 'OU ou-prod',
        preferences: { idleSessionTimeout: 5, runAs: { defaultUser: 'prod-user' } },
        regionOverrides: { 'eu-west-1': { preferences: { shellProfile: { linux: 'exec zsh' } } } },
        customDocuments: [{ name: 'BreakGlass', preferences: { maxSessionDuration: 120 } }],
        access: { ssh: 'allow', user: { targetTag: { key: 'Env', value: 'prod' } } },
      },
      sandbox: {
        preferences: { runAs: { enabled: false }, cloudWatch: { retentionDays: 30 } },
        customDocuments: [{ name: 'Sandbox-Long', preferences: { idleSessionTimeout: 60 } }],
      },
    },
    accounts: [
      { id: '111111111111', name: 'prod', group: 'production' },
      { id: '222222222222', name: 'sandbox', group: 'sandbox' },
      { id: '333333333333', name: 'shared' },
    ],
    ...extra,
  });

const regionOf = (model: Model, account: string, region: string): RegionModel => {
  const found = model.accounts.find((a) => a.name === account)?.regions.find((r) => r.region === region);
  if (!found) throw new Error(`no ${account} ${region}`);
  return found;
};

describe('layering', () => {
  const model = modelFromData(grouped());

  it('merges group preferences over the top-level ones, and Region overrides over both', () => {
    // production: group 5 wins over top 15 and over the top-level us-east-1 override 10.
    expect(regionOf(model, 'prod', 'eu-west-1').preferences.idleSessionTimeout).toBe(5);
    expect(regionOf(model, 'prod', 'us-east-1').preferences.idleSessionTimeout).toBe(5);
    // The top-level Region override applies where no group sets the field.
    expect(regionOf(model, 'prod', 'us-east-1').preferences.maxSessionDuration).toBe(30);
    expect(regionOf(model, 'shared', 'us-east-1').preferences.idleSessionTimeout).toBe(10);
    expect(regionOf(model, 'shared', 'eu-west-1').preferences.idleSessionTimeout).toBe(15);
    // Group Region override: only in eu-west-1, only for production.
    expect(regionOf(model, 'prod', 'eu-west-1').preferences.shellProfile.linux).toBe('exec zsh');
    expect(regionOf(model, 'prod', 'us-east-1').preferences.shellProfile.linux).toBe('exec bash -l');
    expect(regionOf(model, 'sandbox', 'eu-west-1').preferences.shellProfile.linux).toBe('exec bash -l');
  });

  it('merges field by field: a group changing runAs.defaultUser keeps enabled, one turning it off keeps the user', () => {
    expect(regionOf(model, 'prod', 'eu-west-1').preferences.runAs).toEqual({ enabled: true, defaultUser: 'prod-user' });
    expect(regionOf(model, 'sandbox', 'eu-west-1').preferences.runAs.enabled).toBe(false);
    expect(regionOf(model, 'shared', 'eu-west-1').preferences.runAs).toEqual({ enabled: true, defaultUser: 'ssm-user' });
    const cw = regionOf(model, 'sandbox', 'eu-west-1').preferences.cloudWatch;
    expect(cw.enabled && cw.retentionDays).toBe(30);
  });

  it('overrides a custom document by name and adds the group’s own documents', () => {
    const docs = (account: string) => regionOf(model, account, 'eu-west-1').customDocuments;
    expect(docs('prod').map((d) => [d.name, d.preferences.maxSessionDuration, d.preferences.idleSessionTimeout])).toEqual([['BreakGlass', 120, 5]]);
    expect(docs('sandbox').map((d) => [d.name, d.preferences.maxSessionDuration, d.preferences.idleSessionTimeout])).toEqual([
      ['BreakGlass', 480, 15],
      ['Sandbox-Long', 60, 60],
    ]);
    expect(docs('shared').map((d) => d.name)).toEqual(['BreakGlass']);
    expect(docs('prod')[0].description).toBe('top');
  });

  it('gives a group that overrides access its own access model, and the others the top-level one', () => {
    const prod = model.accounts.find((a) => a.name === 'prod')!;
    expect(prod.group).toBe('production');
    expect(prod.access).toMatchObject({ ssh: 'allow', portForwarding: 'deny', user: { targetTag: { key: 'Env', value: 'prod' } } });
    expect(prod.accessPath).toBe('accountGroups.production.access');
    const sandbox = model.accounts.find((a) => a.name === 'sandbox')!;
    expect(sandbox.access).toBe(model.access);
    expect(sandbox.accessPath).toBe('access');
    expect(model.access.ssh).toBe('deny');
  });

  it('synthesizes each account’s global stack with its group’s access', () => {
    const stacks = synthModel(model);
    const sids = (stack: string) =>
      resourcesIn(stacks.get(stack)!, 'aws_iam_policy')
        .filter((p) => /UserAccess/.test(p.name))
        .flatMap((p) => JSON.parse(p.policy).Statement.map((s: { Sid: string }) => s.Sid));
    expect(sids(stackFor(model, 'prod'))).not.toContain('DenySshSessions');
    expect(sids(stackFor(model, 'prod'))).toContain('StartSessionOnTaggedNodes');
    expect(sids(stackFor(model, 'sandbox'))).toContain('DenySshSessions');
    expect(sids(stackFor(model, 'shared'))).toContain('StartSessionOnNodes');
    // The Region stacks carry the group's documents.
    const docs = (stack: string) =>
      resourcesIn(stacks.get(stack)!, 'aws_ssm_document')
        .map((d) => d.name)
        .sort();
    expect(docs(stackFor(model, 'sandbox', 'eu-west-1'))).toEqual(['BreakGlass', 'SSM-SessionManagerRunShell', 'Sandbox-Long']);
    expect(docs(stackFor(model, 'prod', 'eu-west-1'))).toEqual(['BreakGlass', 'SSM-SessionManagerRunShell']);
    const content = JSON.parse(resourcesIn(stacks.get(stackFor(model, 'prod', 'eu-west-1'))!, 'aws_ssm_document').find((d) => d.name === 'SSM-SessionManagerRunShell')!.content);
    expect(content.inputs).toMatchObject({ idleSessionTimeout: '5', runAsDefaultUser: 'prod-user', shellProfile: { linux: 'exec zsh' } });
  });

  it('is the old behaviour without groups: the same model as before for an ungrouped configuration', () => {
    const plain = modelFromData(minimalConfig({ preferences: { idleSessionTimeout: 12 } }));
    expect(plain.accounts[0].regions[0].preferences.idleSessionTimeout).toBe(12);
    expect(plain.accounts[0].access).toBe(plain.access);
    expect(plain.accounts[0].group).toBeUndefined();
  });
});

describe('merging with provenance', () => {
  it('merges objects field by field, replaces lists and scalars, and remembers the layer of each field', () => {
    const top = { path: 'access', value: { user: { attachToRoles: ['A', 'B'], createPolicy: true } } };
    const group = { path: 'accountGroups.g.access', value: { user: { attachToRoles: ['C'] } }, group: 'g' };
    const merged = mergeLayers([top, group]);
    expect(merged.value).toEqual({ user: { attachToRoles: ['C'], createPolicy: true } });
    expect(locate(merged, 'user.attachToRoles[0]')).toEqual({ path: 'accountGroups.g.access.user.attachToRoles[0]', group: 'g' });
    expect(locate(merged, 'user.createPolicy')).toEqual({ path: 'access.user.createPolicy' });
    expect(merged.origin.get('user.createPolicy')).toBe(top);
    expect(locate(merged, 'ssh')).toEqual({ path: 'access.ssh' });
    // The layers are not modified.
    expect(top.value.user.attachToRoles).toEqual(['A', 'B']);
  });
});

describe('validation', () => {
  it('reports a schema problem inside a group at its exact path', () => {
    const config = grouped();
    (config.accountGroups as any).production.preferences.idleSessionTimeout = 90; // eslint-disable-line @typescript-eslint/no-explicit-any
    (config.accountGroups as any).sandbox.regionOverrides = { 'eu-west-1': { preferences: { s3: { bucketName: 'Bad_Bucket' } } } }; // eslint-disable-line @typescript-eslint/no-explicit-any
    (config.accountGroups as any).sandbox.colour = 'blue'; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(configProblems(config)).toEqual(
      expect.arrayContaining([
        'accountGroups.production.preferences.idleSessionTimeout: must be between 1 and 60',
        expect.stringMatching(/^accountGroups\.sandbox\.regionOverrides\.eu-west-1\.preferences\.s3\.bucketName: S3 bucket name/),
        'accountGroups.sandbox.colour: is not a known field',
      ]),
    );
  });

  it('reports a problem of the merged preferences where the value was written, naming the group', () => {
    const config = grouped();
    (config.accountGroups as any).production.preferences.s3 = { enabled: true, createBucket: false }; // eslint-disable-line @typescript-eslint/no-explicit-any
    (config.accountGroups as any).sandbox.preferences.runAs = { enabled: true, defaultUser: undefined }; // eslint-disable-line @typescript-eslint/no-explicit-any
    (config as any).preferences.runAs = { enabled: false }; // eslint-disable-line @typescript-eslint/no-explicit-any
    (config as any).accountGroups.sandbox.regionOverrides = { 'us-east-1': { preferences: { sessionEncryption: { createKey: false } } } }; // eslint-disable-line @typescript-eslint/no-explicit-any
    const problems = configProblems(config);
    expect(problems).toContain('accountGroups.production.preferences.s3.bucketName: is required when createBucket is false (account group production)');
    expect(problems).toContain('accountGroups.sandbox.preferences.runAs.defaultUser: is required when runAs.enabled is true (account group sandbox)');
    expect(problems).toContain(
      'accountGroups.sandbox.regionOverrides.us-east-1.preferences.sessionEncryption.kmsKeyId: is required when encryption is enabled and createKey is false (or name a key per Region in kmsKeyIdByRegion) (account group sandbox)',
    );
    // The top level turns Run As off, so production's defaultUser (without enabled) does nothing.
    expect(problems).toContain(
      'accountGroups.production.preferences.runAs.defaultUser: has no effect: Run As is off for the accounts of group production unless accountGroups.production.preferences.runAs.enabled is true; add enabled: true (or remove the field)',
    );
    // Each problem once, however many accounts, Regions and documents share it.
    expect(new Set(problems).size).toBe(problems.length);
    expect(problems).toHaveLength(4);
  });

  it('reports a group access problem at the group’s access path', () => {
    const config = grouped();
    (config.accountGroups as any).production.access = { instance: { createPolicy: false, attachToRoles: ['App'] } }; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(configProblems(config)).toContain(
      'accountGroups.production.access.instance.attachToRoles: attaching the instance policy needs access.instance.createPolicy: true (no instance policy is created) (account group production)',
    );
  });

  it('lets a group that overrides access keep document policies naming the custom documents, its own included', () => {
    const config = grouped({ access: { documentPolicies: [{ name: 'BreakGlass', documents: ['BreakGlass'] }] } });
    expect(configProblems(config)).toEqual([]);
    (config.accountGroups as any).sandbox.access = { documentPolicies: [{ name: 'Long', documents: ['Sandbox-Long', 'BreakGlass'] }] }; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(configProblems(config)).toEqual([]);
    (config.accountGroups as any).sandbox.access.documentPolicies[0].documents.push('Nope'); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(configProblems(config)).toEqual([expect.stringMatching(/^accountGroups\.sandbox\.access\.documentPolicies\[0\]\.documents\[2\]: .*Nope/)]);
  });

  it('checks the IAM names a group’s access creates, as it does the top-level ones', () => {
    const collide = { instance: { createRole: true, roleName: 'session-manager-preferences-updater-eu-west-1' } };
    const topLevel = configProblems(grouped({ documentManagement: 'lambda', access: collide }));
    expect(topLevel).toEqual(expect.arrayContaining([expect.stringContaining('session-manager-preferences-updater-eu-west-1')]));
    const config = grouped({ documentManagement: 'lambda' });
    (config.accountGroups as any).production.access = collide; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(configProblems(config)).toEqual(expect.arrayContaining([expect.stringContaining('session-manager-preferences-updater-eu-west-1')]));
  });

  it('rejects an account naming an undefined group, and a group listing a document twice', () => {
    const config = grouped();
    (config.accounts as any[])[2].group = 'prodution'; // eslint-disable-line @typescript-eslint/no-explicit-any
    (config.accountGroups as any).sandbox.customDocuments.push({ name: 'Sandbox-Long' }); // eslint-disable-line @typescript-eslint/no-explicit-any
    const problems = configProblems(config);
    expect(problems).toContain('accounts[2].group: names no account group: define accountGroups.prodution or use one of production, sandbox');
    expect(problems).toContain('accountGroups.sandbox.customDocuments[1].name: duplicates accountGroups.sandbox.customDocuments[0].name (Sandbox-Long)');
  });

  it('rejects a group’s bare key ID used in several Regions of its accounts', () => {
    const config = grouped();
    (config.accountGroups as any).production.preferences.sessionEncryption = { kmsKeyId: '0b2b1f6e-1111-4c2b-9a6e-2a3b4c5d6e7f' }; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(configProblems(config)).toContain(
      'accountGroups.production.preferences.sessionEncryption.kmsKeyId: is a key ID, which names a key in one Region, but accounts of group production use it in several: use an alias, a multi-Region key (mrk-...) or kmsKeyIdByRegion',
    );
  });

  it('rejects group names that are not lowercase names', () => {
    expect(configProblems(grouped({ accountGroups: { Prod_1: {} } }))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^accountGroups(\.Prod_1)?: must be an account group name/)]),
    );
  });
});

describe('closed accounts', () => {
  it('keeps a closed account’s entry but synthesizes no stacks for it', () => {
    const model = modelFromData(
      minimalConfig({
        accounts: [
          { id: '111111111111', name: 'live' },
          { id: '222222222222', name: 'gone', closed: true },
        ],
      }),
    );
    expect(model.accounts.map((a) => a.name)).toEqual(['live']);
    expect(planStacks(model).map((p) => p.name)).toEqual(['live-global', 'live-shard3']);
  });
});

describe('JSON Schema', () => {
  it('describes accountGroups, regionOverrides, accounts[].group and logArchive', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'config', 'schema.json'), 'utf8'));
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['accountGroups', 'regionOverrides', 'logArchive']));
    const group = schema.properties.accountGroups.additionalProperties;
    expect(Object.keys(group.properties)).toEqual(['description', 'preferences', 'access', 'customDocuments', 'regionOverrides']);
    expect(group.additionalProperties).toBe(false);
    expect(group.properties.preferences.properties.s3.properties).toHaveProperty('createBucket');
    expect(schema.properties.accounts.items.properties).toHaveProperty('group');
  });
});
