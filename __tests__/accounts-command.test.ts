/**
 * `npm run accounts -- --from-organizations`: Organizations mocked with aws-sdk-client-mock
 * (paginated ListAccounts, a nested OU tree), the merge into an accounts file (names and groups
 * kept, new accounts added, closed ones marked), the diff, --json, --help and usage errors.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { type AccountState, ListAccountsCommand, ListAccountsForParentCommand, ListOrganizationalUnitsForParentCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { parse } from 'yaml';
import { ACCOUNTS_COMMAND, parseAccountsArgs, runAccounts } from '../src/organization/accounts-command';
import { helpText } from '../src/cli/args';
import { accountNameFrom, mergeAccounts } from '../src/organization/accounts-file';
import { modelFromData } from '../src/config/load';
import { tempDir } from './helpers';

const account = (Id: string, Name: string, State: AccountState = 'ACTIVE') => ({ Id, Name, State, Arn: `arn:aws:organizations::000000000000:account/o-abc/${Id}` });

/** The organization: root r-abcd > ou-prod (> ou-prod-eu), ou-sandbox; ListAccounts in two pages. */
function organization() {
  const mock = mockClient(OrganizationsClient);
  mock
    .on(ListAccountsCommand, { NextToken: undefined })
    .resolves({ Accounts: [account('111111111111', 'Prod A'), account('222222222222', 'Prod EU'), account('333333333333', 'Sandbox')], NextToken: 'page2' })
    .on(ListAccountsCommand, { NextToken: 'page2' })
    .resolves({ Accounts: [account('444444444444', 'Old Workload', 'SUSPENDED'), account('555555555555', 'Prod B (payments)'), account('666666666666', 'Sandbox')] });
  const children: Record<string, { accounts: string[]; ous: string[] }> = {
    'ou-ab12-prod0001': { accounts: ['111111111111', '555555555555'], ous: ['ou-ab12-prodeu01'] },
    'ou-ab12-prodeu01': { accounts: ['222222222222'], ous: [] },
    'ou-ab12-sandbox1': { accounts: ['333333333333', '666666666666'], ous: [] },
  };
  for (const [parent, { accounts, ous }] of Object.entries(children)) {
    // Two pages each, to prove the OU walk paginates.
    mock.on(ListAccountsForParentCommand, { ParentId: parent, NextToken: undefined }).resolves({ Accounts: accounts.slice(0, 1).map((id) => account(id, id)), NextToken: 'more' });
    mock.on(ListAccountsForParentCommand, { ParentId: parent, NextToken: 'more' }).resolves({ Accounts: accounts.slice(1).map((id) => account(id, id)) });
    mock.on(ListOrganizationalUnitsForParentCommand, { ParentId: parent }).resolves({ OrganizationalUnits: ous.map((Id) => ({ Id, Name: Id })) });
  }
  return mock;
}

function run(argv: string[], cwd = tempDir('accounts-')) {
  const out: string[] = [];
  const err: string[] = [];
  const client = new OrganizationsClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  return runAccounts(argv, { client, out: (t) => out.push(t), err: (t) => err.push(t), interactive: false, cwd }).then((code) => ({
    code,
    out: out.join(''),
    err: err.join(''),
    cwd,
  }));
}

let mock: ReturnType<typeof organization>;
beforeEach(() => {
  mock = organization();
});
afterEach(() => mock.restore());

describe('merging', () => {
  it('derives valid, unique account names', () => {
    expect(accountNameFrom('Prod B (payments)', '555555555555')).toBe('prod-b-payments');
    expect(accountNameFrom('123 Data', '777777777777')).toBe('account-123-data');
    expect(accountNameFrom('Überwachung', '777777777777')).toBe('uberwachung');
    expect(accountNameFrom('***', '777777777777')).toBe('account-777777777777');
    expect(accountNameFrom('a'.repeat(60), '777777777777')).toHaveLength(40);
    const merged = mergeAccounts(
      [],
      [
        { id: '333333333333', name: 'Sandbox', state: 'ACTIVE' },
        { id: '666666666666', name: 'Sandbox', state: 'ACTIVE' },
      ],
    );
    expect(merged.accounts.map((a) => a.name)).toEqual(['sandbox', 'sandbox-6666']);
  });
});

describe('npm run accounts', () => {
  it('writes a new accounts file from every active account, and prints the diff', async () => {
    const { code, out, cwd } = await run(['--from-organizations', '--write', 'accounts.yaml']);
    expect(code).toBe(0);
    const file = parse(readFileSync(join(cwd, 'accounts.yaml'), 'utf8'));
    expect(file.accounts).toEqual([
      { id: '111111111111', name: 'prod-a' },
      { id: '555555555555', name: 'prod-b-payments' },
      { id: '222222222222', name: 'prod-eu' },
      { id: '333333333333', name: 'sandbox' },
      { id: '666666666666', name: 'sandbox-6666' },
    ]);
    expect(out).toContain('+ 555555555555 prod-b-payments: added ("Prod B (payments)" in Organizations)');
    expect(out).toContain('5 added, 0 marked closed, 0 reopened, 0 unchanged');
    // Both pages were read.
    expect(mock.commandCalls(ListAccountsCommand)).toHaveLength(2);
    // The file is a valid accountsFile of a configuration.
    const model = modelFromData({ version: 1, regions: ['eu-west-1'], accounts: file.accounts });
    expect(model.accounts).toHaveLength(5);
  });

  it('keeps names, groups and other fields already assigned, marks closed accounts, and reopens active ones', async () => {
    const cwd = tempDir('accounts-');
    writeFileSync(
      join(cwd, 'accounts.yaml'),
      [
        '# reviewed by the platform team',
        'owner: platform',
        'accounts:',
        '  - { id: "111111111111", name: payments-prod, group: production, regions: [eu-west-1] }',
        '  - { id: "444444444444", name: legacy, group: production }',
        '  - { id: "999999999999", name: left-org }',
        '  - { id: "333333333333", name: playground, group: sandbox, closed: true }',
        '',
      ].join('\n'),
    );
    const { code, out } = await run(['--from-organizations', '--ou', 'ou-ab12-prod0001', '--group', 'production', '--write', 'accounts.yaml'], cwd);
    expect(code).toBe(0);
    const text = readFileSync(join(cwd, 'accounts.yaml'), 'utf8');
    expect(text).toContain('# reviewed by the platform team');
    const file = parse(text);
    expect(file.owner).toBe('platform');
    expect(file.accounts).toEqual([
      { id: '111111111111', name: 'payments-prod', group: 'production', regions: ['eu-west-1'] },
      { id: '444444444444', name: 'legacy', group: 'production', closed: true },
      { id: '999999999999', name: 'left-org', closed: true },
      { id: '333333333333', name: 'playground', group: 'sandbox' },
      // Only accounts under ou-prod (and its child OU ou-prod-eu) are added, with the group given.
      { id: '555555555555', name: 'prod-b-payments', group: 'production' },
      { id: '222222222222', name: 'prod-eu', group: 'production' },
    ]);
    expect(out.split('\n')).toEqual(
      expect.arrayContaining([
        '- 444444444444 legacy [group production]: marked closed (SUSPENDED)',
        '- 999999999999 left-org: marked closed (no longer in the organization)',
        '~ 333333333333 playground [group sandbox]: active again: closed mark removed',
        '+ 222222222222 prod-eu [group production]: added ("Prod EU" in Organizations)',
        '2 added, 2 marked closed, 1 reopened, 1 unchanged',
      ]),
    );
    // The OU walk paginated and went into the child OU; the sandbox OU was never read.
    const parents = mock.commandCalls(ListAccountsForParentCommand).map((c) => c.args[0].input.ParentId);
    expect([...new Set(parents)].sort()).toEqual(['ou-ab12-prod0001', 'ou-ab12-prodeu01']);
    expect(parents).toHaveLength(4);
  });

  it('prints the merged list on stdout without --write, and the diff on stderr', async () => {
    const { code, out, err } = await run(['--from-organizations', '--ou=ou-ab12-sandbox1']);
    expect(code).toBe(0);
    expect(parse(out).accounts.map((a: { name: string }) => a.name)).toEqual(['sandbox', 'sandbox-6666']);
    expect(err).toContain('2 added, 0 marked closed, 0 reopened, 0 unchanged');
  });

  it('writes nothing with --dry-run, and reports as JSON with --json', async () => {
    const cwd = tempDir('accounts-');
    writeFileSync(join(cwd, 'accounts.yaml'), '- { id: "111111111111", name: prod-a }\n');
    const dry = await run(['--from-organizations', '--write', 'accounts.yaml', '--dry-run', '--json'], cwd);
    expect(dry.code).toBe(0);
    expect(readFileSync(join(cwd, 'accounts.yaml'), 'utf8')).toBe('- { id: "111111111111", name: prod-a }\n');
    const report = JSON.parse(dry.out);
    expect(report).toMatchObject({ written: false, unchanged: 1 });
    expect(report.changes.map((c: { kind: string; id: string }) => `${c.kind} ${c.id}`)).toEqual([
      'added 555555555555',
      'added 222222222222',
      'added 333333333333',
      'added 666666666666',
    ]);
    // A list file stays a list.
    await run(['--from-organizations', '--write', 'accounts.yaml'], cwd);
    expect(Array.isArray(parse(readFileSync(join(cwd, 'accounts.yaml'), 'utf8')))).toBe(true);
  });

  it('explains AWS errors and exits 1', async () => {
    mock.reset();
    mock.on(ListAccountsCommand).rejects(Object.assign(new Error('You don’t have permissions to access this resource.'), { name: 'AccessDeniedException' }));
    const { code, err } = await run(['--from-organizations']);
    expect(code).toBe(1);
    expect(err).toContain('accounts: AccessDeniedException: You don’t have permissions to access this resource. (run it in the management account');
  });

  it('prints help, and refuses unknown flags and bad values with exit 2', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toBe(helpText(ACCOUNTS_COMMAND));
    expect(help.out).toContain('--from-organizations');
    for (const [argv, message] of [
      [['--from-organizations', '--verbose'], 'unknown flag --verbose'],
      [[], '--from-organizations is required'],
      [['--from-organizations', '--ou', 'prod'], '--ou prod: not an OU ID'],
      [['--from-organizations', '--ou'], '--ou needs a value <id>'],
      [['--from-organizations', '--group', 'Prod'], '--group Prod: must be an account group name'],
      [['--from-organizations', '--dry-run'], '--dry-run needs --write <file>'],
    ] as const) {
      const result = await run([...argv]);
      expect(result.code).toBe(2);
      expect(result.err).toContain(`error: ${message}`);
      expect(result.err).toContain('Run npm run accounts -- --from-organizations --help for the usage.');
    }
    expect(mock.calls()).toHaveLength(0);
    expect(parseAccountsArgs(['--from-organizations', '--ou', 'r-ab12', '--ou', 'ou-ab12-prod0001']).ous).toEqual(['r-ab12', 'ou-ab12-prod0001']);
  });
});
