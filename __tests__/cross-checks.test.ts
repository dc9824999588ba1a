/** The checks of what preferences and custom documents say run once over every layer: the top level and each account group. */
import { checkSingleRegionKeyIds, checkUniqueness, settingsLayers } from '../src/config/cross-checks';
import { issueCollector } from '../src/config/issues';
import { configSchema } from '../src/config/schema';

const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const encrypted = { sessionEncryption: { enabled: true, kmsKeyId: KEY_ID } };

const config = configSchema.parse({
  version: 1,
  regions: ['eu-west-1', 'us-east-1'],
  accounts: [
    { id: '111111111111', name: 'prod-a', group: 'prod' },
    { id: '222222222222', name: 'lab-a', group: 'lab', regions: ['eu-west-1'] },
    { id: '333333333333', name: 'plain' },
  ],
  preferences: encrypted,
  customDocuments: [{ name: 'Doc-A' }, { name: 'Doc-A', preferences: encrypted }],
  accountGroups: {
    prod: { preferences: encrypted, customDocuments: [{ name: 'Doc-P' }, { name: 'Doc-Q' }, { name: 'Doc-P', preferences: encrypted }] },
    lab: { preferences: encrypted, customDocuments: [{ name: 'Doc-L' }, { name: 'Doc-L' }] },
  },
});

function problems(check: typeof checkUniqueness): string[] {
  const { report, issues } = issueCollector();
  check(config, report);
  return issues().map((i) => `${i.path}: ${i.message}`);
}

describe('settings layers', () => {
  it('are the top level with every account, then each group with its members', () => {
    expect(settingsLayers(config).map((l) => [l.prefix, l.group, l.accountIndexes, l.accounts.length, l.customDocuments.length])).toEqual([
      ['', undefined, [0, 1, 2], 3, 2],
      ['accountGroups.prod.', 'prod', [0], 1, 3],
      ['accountGroups.lab.', 'lab', [1], 1, 2],
    ]);
  });

  it('report a document name repeated within a layer at the repeat, naming the first, in every layer', () => {
    expect(problems(checkUniqueness)).toEqual([
      'customDocuments[1].name: duplicates customDocuments[0].name (Doc-A)',
      'accountGroups.prod.customDocuments[2].name: duplicates accountGroups.prod.customDocuments[0].name (Doc-P)',
      'accountGroups.lab.customDocuments[1].name: duplicates accountGroups.lab.customDocuments[0].name (Doc-L)',
    ]);
  });

  it('report a single-Region key ID where the accounts of its layer use several Regions, and name the group', () => {
    const several = (who: string) => `is a key ID, which names a key in one Region, but ${who}: use an alias, a multi-Region key (mrk-...) or kmsKeyIdByRegion`;
    expect(problems(checkSingleRegionKeyIds)).toEqual([
      `preferences.sessionEncryption.kmsKeyId: ${several('is used in several')}`,
      `customDocuments[1].preferences.sessionEncryption.kmsKeyId: ${several('is used in several')}`,
      `accountGroups.prod.preferences.sessionEncryption.kmsKeyId: ${several('accounts of group prod use it in several')}`,
      `accountGroups.prod.customDocuments[2].preferences.sessionEncryption.kmsKeyId: ${several('accounts of group prod use it in several')}`,
    ]);
    // The lab group's one account has one Region: its key ID is fine.
    expect(problems(checkSingleRegionKeyIds).filter((p) => p.startsWith('accountGroups.lab.'))).toEqual([]);
  });
});
