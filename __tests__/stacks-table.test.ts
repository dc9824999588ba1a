/** `npm run stacks`: every stack the app synthesizes, with its account, Regions and state. */
import { Testing } from 'cdktf';
import { modelFromData } from '../src/config/load';
import { renderStackTable, stackRows } from '../src/cli/stacks-table';
import { stateFile } from '../src/state/local-state';
import { addStacks } from '../stacks/app';
import { minimalConfig } from './helpers';

const model = modelFromData(
  minimalConfig({
    regions: ['us-east-1', 'eu-west-1', 'eu-west-3'],
    logArchive: { accountId: '999999999999', regions: ['eu-west-1'] },
    accounts: [
      { id: '111111111111', name: 'prod', regions: ['us-east-1', 'eu-west-1'], retiredRegions: ['eu-west-3'] },
      { id: '222222222222', name: 'dev', regions: ['eu-west-1'] },
    ],
  }),
);

describe('npm run stacks', () => {
  it('lists exactly the stacks the app synthesizes, in the same order', () => {
    const synthesized = [...addStacks(Testing.app(), model).keys()];
    expect(stackRows(model).map((r) => r.stack)).toEqual(synthesized);
  });

  it("names each stack's account, Regions (retired ones marked) and state", () => {
    const rows = stackRows(model, '/p/state');
    const byName = new Map(rows.map((r) => [r.stack, r]));
    expect(byName.get('prod-shard3')).toEqual({
      stack: 'prod-shard3',
      kind: 'regions',
      account: { name: 'prod', id: '111111111111' },
      regions: ['eu-west-1', 'eu-west-3'],
      retiredRegions: ['eu-west-3'],
      // eu-west-1 only (eu-west-3 is retired): sharing setting, data key, alias, parameter, log key, alias, log group, document.
      resources: 8,
      state: { type: 'local', path: stateFile('prod-shard3', '/p/state') },
    });
    expect(byName.get('dev-global')?.resources).toBe(2);
    expect(byName.get('dev-global')?.regions).toEqual(['us-east-1']);
    const archive = rows.filter((r) => r.kind === 'archive');
    expect(archive.map((r) => [r.account.id, r.regions])).toEqual(archive.map(() => ['999999999999', [expect.any(String)]]));
    expect(archive.map((r) => r.regions[0])).toContain('eu-west-1');
    expect(archive.map((r) => r.resources)).toEqual(archive.map(() => 3));
    const table = renderStackTable(rows);
    expect(table).toMatch(/^prod-shard3 +prod \(111111111111\) +eu-west-1, eu-west-3 \(retired\)$/m);
    expect(table).toMatch(/^prod-global +prod \(111111111111\) +account-wide IAM, provider in us-east-1$/m);
    expect(table).toMatch(/log archive bucket in eu-west-1$/m);
    expect(table.trimEnd().split('\n').at(-1)).toBe(`${rows.length} stacks, 3 accounts`);
  });

  it('names the HCP Terraform workspace for the cloud backend', () => {
    const cloud = modelFromData(minimalConfig({ backend: { type: 'cloud', organization: 'acme', workspacePrefix: 'ssm-' } }));
    expect(stackRows(cloud)[0].state).toEqual({ type: 'cloud', workspace: 'ssm-sandbox-global' });
  });
});
