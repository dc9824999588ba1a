/**
 * `npm run accounts -- --from-organizations` against the AWS API emulator (moto): a real
 * organization with nested OUs, accounts created and moved, one closed; the accounts file is
 * written, then updated.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { runAccounts } from '../../src/organization/accounts-command';
import { modelFromData } from '../../src/config/load';
import { describeEmulator, sdkConfig, startEmulator, type Emulator } from '../support/emulator';
import { tempDir } from '../helpers';

describeEmulator('npm run accounts against the emulator', () => {
  let emulator: Emulator;
  let client: OrganizationsClient;
  const ids: Record<string, string> = {};
  let prodOu = '';
  let sandboxOu = '';
  beforeAll(async () => {
    emulator = await startEmulator();
    client = new OrganizationsClient(sdkConfig(emulator, 'us-east-1'));
    await client.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const root = (await client.send(new ListRootsCommand({}))).Roots![0].Id!;
    prodOu = (await client.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: 'Production' }))).OrganizationalUnit!.Id!;
    const prodEu = (await client.send(new CreateOrganizationalUnitCommand({ ParentId: prodOu, Name: 'Production EU' }))).OrganizationalUnit!.Id!;
    sandboxOu = (await client.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: 'Sandbox' }))).OrganizationalUnit!.Id!;
    for (const [name, ou] of [
      ['Payments Prod', prodOu],
      ['Data Prod EU', prodEu],
      ['Team Sandbox', sandboxOu],
    ] as const) {
      const created = await client.send(new CreateAccountCommand({ AccountName: name, Email: `${name.replace(/ /g, '.').toLowerCase()}@example.com` }));
      const id = created.CreateAccountStatus!.AccountId!;
      ids[name] = id;
      await client.send(new MoveAccountCommand({ AccountId: id, SourceParentId: root, DestinationParentId: ou }));
    }
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  const run = async (argv: string[], cwd: string) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runAccounts(argv, { client, out: (t) => out.push(t), err: (t) => err.push(t), interactive: false, cwd });
    return { code, out: out.join(''), err: err.join('') };
  };

  it('adds the accounts under an OU and its child OU with their group, then marks a closed one', async () => {
    const cwd = tempDir('accounts-emulator-');
    const first = await run(['--from-organizations', '--ou', prodOu, '--group', 'production', '--write', 'accounts.yaml'], cwd);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const file = parse(readFileSync(join(cwd, 'accounts.yaml'), 'utf8'));
    expect(file.accounts).toEqual([
      { id: ids['Data Prod EU'], name: 'data-prod-eu', group: 'production' },
      { id: ids['Payments Prod'], name: 'payments-prod', group: 'production' },
    ]);
    expect(first.out).toContain('2 added, 0 marked closed, 0 reopened, 0 unchanged');

    // A person renames an account; Organizations closes another; the sandbox OU is added.
    writeFileSync(join(cwd, 'accounts.yaml'), readFileSync(join(cwd, 'accounts.yaml'), 'utf8').replace('name: payments-prod', 'name: payments'));
    await client.send(new CloseAccountCommand({ AccountId: ids['Data Prod EU'] }));
    const second = await run(['--from-organizations', '--ou', prodOu, '--ou', sandboxOu, '--write', 'accounts.yaml'], cwd);
    expect(second.code).toBe(0);
    const updated = parse(readFileSync(join(cwd, 'accounts.yaml'), 'utf8')).accounts;
    expect(updated).toEqual([
      { id: ids['Data Prod EU'], name: 'data-prod-eu', group: 'production', closed: true },
      { id: ids['Payments Prod'], name: 'payments', group: 'production' },
      { id: ids['Team Sandbox'], name: 'team-sandbox' },
    ]);
    expect(second.out).toContain(`- ${ids['Data Prod EU']} data-prod-eu [group production]: marked closed (SUSPENDED)`);
    // The file works as the configuration's accounts; the closed account gets no stacks.
    const model = modelFromData({ version: 1, regions: ['eu-west-1'], accounts: updated, accountGroups: { production: {} } });
    expect(model.accounts.map((a) => a.name)).toEqual(['payments', 'team-sandbox']);
  });
});
