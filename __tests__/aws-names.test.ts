/**
 * The AWS naming rules module, the generated rules document, and the property that matters:
 * for random valid configurations, every name found in the synthesized Terraform is one the
 * planned-name list predicts, passes AWS's rules, and no two resources share a name where AWS
 * requires them to be unique.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, modelFromData } from '../src/config/load';
import type { Model } from '../src/model/model';
import { KNOWN_REGIONS, partitionOf, regionAlias } from '../src/model/regions';
import { plannedNames } from '../src/config/planned-names';
import { planStacks } from '../src/model/stack-plan';
import {
  NAME_RULES,
  arnProblem,
  bucketNameProblem,
  documentNameProblem,
  kmsAliasProblem,
  logGroupNameProblem,
  nameRule,
  parameterNameProblem,
  tagKeyProblem,
  tfcWorkspaceProblem,
  type NameKind,
} from '../src/model/aws-names';
import { LOGS_KEY_ALIAS, UPDATER_FUNCTION_NAME, updaterLogGroupName, updaterRoleName } from '../src/model/resource-names';
import { RULES_DOC_PATH, rulesDocument } from '../src/config/rules-doc';
import { archiveStackNameOf } from '../src/model/resource-names';
import { synthModel } from './helpers';
import { seededRandom } from './support/seeded-random';

describe('AWS naming rules: bad names and the nearest good one', () => {
  const cases: [string, (n: string) => string | undefined, string, string, string][] = [
    ['bucket: 64 characters', bucketNameProblem, 'a'.repeat(64), 'must be 3-63 characters long', 'a'.repeat(63)],
    ['bucket: xn-- prefix', bucketNameProblem, 'xn--logs', 'must not start with a reserved prefix (xn--, sthree-, amzn-s3-demo-)', 'xn-logs'],
    ['bucket: amzn-s3-demo- prefix', bucketNameProblem, 'amzn-s3-demo-logs', 'must not start with a reserved prefix (xn--, sthree-, amzn-s3-demo-)', 'amzn-s3-logs'],
    [
      'bucket: -s3alias suffix',
      bucketNameProblem,
      'logs-s3alias',
      'must not end with a reserved suffix (-s3alias; reserved: -s3alias, --ol-s3, .mrap, --x-s3, --table-s3)',
      'logs-s3aliases',
    ],
    ['bucket: .mrap suffix', bucketNameProblem, 'logs.mrap', 'must not end with a reserved suffix (.mrap; reserved: -s3alias, --ol-s3, .mrap, --x-s3, --table-s3)', 'logs.mraps'],
    ['bucket: --x-s3 suffix', bucketNameProblem, 'logs--x-s3', 'must not end with a reserved suffix (--x-s3; reserved: -s3alias, --ol-s3, .mrap, --x-s3, --table-s3)', 'logs-x-s3'],
    ['bucket: IP address', bucketNameProblem, '192.168.5.4', 'must not be formatted as an IP address', '192.168.5.a'],
    ['KMS alias: reserved alias/aws/', kmsAliasProblem, 'alias/aws/ssm', 'must not start with alias/aws/, which is reserved for AWS managed keys', 'alias/awsx/ssm'],
    ['KMS alias: 257 characters', kmsAliasProblem, `alias/${'a'.repeat(251)}`, 'must be at most 256 characters long (alias/ included)', `alias/${'a'.repeat(250)}`],
    ['KMS alias: a dot', kmsAliasProblem, 'alias/session.data', 'must use only letters, digits, /, _ and - after alias/', 'alias/session_data'],
    [
      'log group: aws/',
      logGroupNameProblem,
      'aws/sessions',
      'must not start with aws/, which CloudWatch Logs reserves for AWS services (a leading / as in /aws/... is allowed)',
      '/aws/sessions',
    ],
    ['log group: 513 characters', logGroupNameProblem, 'a'.repeat(513), 'must be 1-512 characters of letters, digits and ._-/#', 'a'.repeat(512)],
    ['document: Amazon prefix', documentNameProblem, 'AmazonSessions', 'must not start with the reserved prefixes aws, amazon, amzn (in any letter case)', 'MyAmazonSessions'],
    ['document: 129 characters', documentNameProblem, 'a'.repeat(129), 'must be 3-128 characters of letters, digits and _.-', 'a'.repeat(128)],
    ['parameter: ssm prefix', parameterNameProblem, '/SSM/key', 'must not start with aws or ssm (in any letter case)', '/session-manager/key'],
    ['tag key: Aws: prefix', tagKeyProblem, 'Aws:owner', 'tag keys must not start with aws: in any letter case (reserved for AWS)', 'owner:aws'],
    ['workspace: 91 characters', tfcWorkspaceProblem, 'w'.repeat(91), 'must be at most 90 characters long (HCP Terraform workspace names)', 'w'.repeat(90)],
  ];
  it.each(cases)('%s', (_name, check, bad, problem, good) => {
    expect(check(bad)).toBe(problem);
    expect(check(good)).toBeUndefined();
  });

  it('checks the partition, Region, account and resource type of ARNs', () => {
    const role = { service: 'iam', resourceTypes: ['role'], regional: false } as const;
    expect(arnProblem('arn:aws:iam::111111111111:role/Deployer', { ...role, partition: 'aws', account: '111111111111' })).toBeUndefined();
    expect(arnProblem('arn:aws:iam::111111111111:user/Deployer', role)).toBe('must name a role (…:role/...), not user');
    expect(arnProblem('arn:aws:iam:eu-west-1:111111111111:role/Deployer', role)).toBe('must not name a Region (iam ARNs have an empty Region field)');
    expect(arnProblem('arn:aws:iam::111111111111:role/Deployer', { ...role, partition: 'aws-cn' })).toBe('is in the partition aws but is used in aws-cn: write arn:aws-cn:iam:...');
    expect(arnProblem('arn:aws-cn:iam::111111111111:role/Deployer', { ...role, partition: 'aws-cn' })).toBeUndefined();
    expect(arnProblem('arn:aws-iso:iam::111111111111:role/Deployer', role)).toBe('names the partition aws-iso, which must be aws, aws-us-gov (GovCloud) or aws-cn (China)');
    const key = { service: 'kms', resourceTypes: ['key', 'alias'], regional: true } as const;
    expect(arnProblem('arn:aws-us-gov:kms:us-gov-east-1:111111111111:alias/x', key)).toBeUndefined();
    expect(arnProblem('arn:aws:kms:us-gov-east-1:111111111111:alias/x', key)).toBe(
      'names us-gov-east-1, which is in the partition aws-us-gov, but starts with arn:aws: write arn:aws-us-gov:',
    );
    expect(arnProblem('arn:aws:kms::111111111111:key/x', key)).toBe('must name a Region');
    expect(arnProblem('arn:aws:s3:::bucket', key)).toBe('must be an ARN of kms, not s3');
  });

  it('has a documentation URL and at least one rule in words for every kind', () => {
    for (const rule of NAME_RULES) {
      expect(rule.url).toMatch(/^https:\/\/(docs\.aws\.amazon\.com|developer\.hashicorp\.com)\//);
      expect(rule.rules.length).toBeGreaterThan(0);
    }
  });
});

describe('docs/configuration-rules.md', () => {
  it('is generated from the rules module and up to date (npm run docs)', () => {
    expect(readFileSync(RULES_DOC_PATH, 'utf8')).toBe(rulesDocument());
  });

  it('lists every kind of name with its documentation URL', () => {
    const doc = rulesDocument();
    for (const rule of NAME_RULES) {
      expect(doc).toContain(rule.title);
      expect(doc).toContain(rule.url);
    }
  });
});

// ------------------------------------------------------------------------------------------------
// Property: for random valid configurations, every created name passes the rules and is unique.
// ------------------------------------------------------------------------------------------------

function generator(seed: number) {
  const next = seededRandom(seed);
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const chance = (p: number) => next() < p;
  const word = (chars: string, min: number, max: number) => Array.from({ length: min + int(max - min + 1) }, () => pick([...chars])).join('');
  const lower = 'abcdefghijklmnopqrstuvwxyz';
  const digits = '0123456789';

  /** A configuration the schema accepts; now and then with a name chosen to collide. */
  return (): Record<string, unknown> => {
    const partition = pick(['aws', 'aws', 'aws', 'aws-us-gov', 'aws-cn']);
    const pool = KNOWN_REGIONS.filter((r) => partitionOf(r) === partition);
    const regions = [...new Set(Array.from({ length: 1 + int(Math.min(4, pool.length)) }, () => pick(pool)))];
    const accounts = Array.from({ length: 1 + int(3) }, (_, i) => ({
      id: `${i + 1}${word(digits, 11, 11)}`,
      name: `${pick([...lower])}${word(`${lower}${digits}-`, 0, 20)}${i}`,
      ...(chance(0.3) ? { documentManagement: 'lambda' } : {}),
      ...(chance(0.3) ? { regions: regions.slice(0, 1 + int(regions.length)) } : {}),
    }));
    const adversarial = chance(0.2);
    const alias = adversarial && chance(0.5) ? LOGS_KEY_ALIAS : `alias/${word(`${lower}${digits}/_-`, 1, 30).replace(/^aws\//, 'x/')}`;
    const logGroupName = adversarial ? updaterLogGroupName() : `/${word(`${lower}${digits}._-/#`, 1, 60)}`;
    const roleName = adversarial ? updaterRoleName(pick(regions)).toUpperCase() : `${word(`${lower}+=,.@_-`, 1, 30)}X`;
    return {
      version: 1,
      regions,
      accounts,
      ...(chance(0.3) ? { documentManagement: 'lambda' } : {}),
      preferences: {
        sessionEncryption: chance(0.8) ? { alias } : { createKey: false, kmsKeyId: 'alias/existing' },
        cloudWatch: chance(0.8) ? { logGroupName } : { createLogGroup: false },
        ...(chance(0.5) ? { s3: { enabled: true, bucketNamePrefix: `${pick([...lower])}${word(`${lower}${digits}-`, 1, 29)}` } } : {}),
      },
      customDocuments: Array.from({ length: int(3) }, (_, i) => ({
        name: `${pick(['Ops', 'Break', 'Audit', 'SSM-SessionManagerRunShell'])}-${word(`${lower}${digits}_.-`, 1, 20)}${i}`,
      })),
      access: chance(0.5) ? { policyNamePrefix: word(`${lower}+=,.@_-`, 1, 64), instance: { createRole: true, roleName } } : {},
      ...(chance(0.3) ? { backend: { type: 'cloud', organization: 'acme', workspacePrefix: word(`${lower}${digits}_-`, 0, 40) } } : {}),
      ...(chance(0.3)
        ? {
            logArchive: {
              accountId: chance(0.5) ? accounts[0].id : `9${word(digits, 11, 11)}`,
              bucketNamePrefix: `${pick([...lower])}${word(`${lower}${digits}-`, 1, 20)}`,
              ...(adversarial ? { keyAlias: LOGS_KEY_ALIAS } : {}),
            },
          }
        : {}),
    };
  };
}

interface FoundName {
  readonly kind: NameKind;
  readonly name: string;
  readonly account: number;
  readonly region?: string;
  readonly partition: string;
}

const ACCOUNT_WIDE = new Set<NameKind>(['iamRole', 'iamPolicy', 'iamInstanceProfile', 'iamPath']);

/** Every name in the synthesized Terraform of `model`, with its account and Region. */
function namesInTerraform(model: Model): FoundName[] {
  const synth = synthModel(model);
  const plans = planStacks(model);
  const fields: Record<string, [NameKind, string][]> = {
    aws_kms_alias: [['kmsAlias', 'name']],
    aws_cloudwatch_log_group: [['logGroup', 'name']],
    aws_s3_bucket: [['s3Bucket', 'bucket']],
    aws_ssm_document: [['ssmDocument', 'name']],
    aws_ssm_parameter: [['ssmParameter', 'name']],
    aws_lambda_function: [['lambdaFunction', 'function_name']],
    aws_iam_role: [
      ['iamRole', 'name'],
      ['iamPath', 'path'],
    ],
    aws_iam_policy: [
      ['iamPolicy', 'name'],
      ['iamPath', 'path'],
    ],
    aws_iam_instance_profile: [
      ['iamInstanceProfile', 'name'],
      ['iamPath', 'path'],
    ],
  };
  const found: FoundName[] = [];
  const archive = model.logArchive;
  const archiveAccount = archive ? model.accounts.findIndex((a) => a.id === archive.accountId) : -1;
  const stacks = [
    ...plans.map((plan) => ({ name: plan.name, account: model.accounts.indexOf(plan.account) })),
    ...(archive ? archive.buckets.map((b) => ({ name: archiveStackNameOf(archive.name, b.region), account: archiveAccount })) : []),
  ];
  expect(stacks.map((s) => s.name).sort()).toEqual([...synth.keys()].sort());
  for (const { name, account } of stacks) {
    const json = JSON.parse(synth.get(name) as string);
    const regionOf = (provider: string) => KNOWN_REGIONS.find((r) => `aws.${regionAlias(r)}` === provider) as string;
    for (const [type, resources] of Object.entries<Record<string, Record<string, unknown>>>(json.resource ?? {})) {
      for (const resource of Object.values(resources)) {
        const region = regionOf(resource.provider as string);
        for (const [kind, field] of fields[type] ?? []) {
          if (typeof resource[field] === 'string') {
            found.push({ kind, name: resource[field] as string, account, partition: partitionOf(region), ...(ACCOUNT_WIDE.has(kind) ? {} : { region }) });
          }
        }
        if (type === 'aws_lambda_invocation') {
          found.push({ kind: 'ssmDocument', name: JSON.parse(resource.input as string).documentName, account, region, partition: partitionOf(region) });
        }
      }
    }
    const workspace = json.terraform?.cloud?.workspaces?.name;
    if (typeof workspace === 'string') found.push({ kind: 'tfcWorkspace', name: workspace, account: -1, partition: 'backend' });
  }
  return found;
}

function uniquenessKey(n: FoundName): string | undefined {
  const rule = nameRule(n.kind);
  const name = rule.caseInsensitive ? n.name.toLowerCase() : n.name;
  switch (rule.unique) {
    case 'account and Region':
      return `${n.kind} ${n.account} ${n.region} ${name}`;
    case 'account':
      return `${n.kind} ${n.account} ${name}`;
    case 'partition':
      return `${n.kind} ${n.partition} ${name}`;
    case 'organization':
      return `${n.kind} ${name}`;
    default:
      return undefined;
  }
}

describe('property: every name of a random valid configuration passes the rules and never collides', () => {
  const CONFIGURATIONS = 50;
  const next = generator(17);
  const configs = Array.from({ length: CONFIGURATIONS }, () => next());

  it(`holds for ${CONFIGURATIONS} random configurations (seed 17)`, () => {
    let valid = 0;
    let refused = 0;
    for (const config of configs) {
      let model: Model;
      try {
        model = modelFromData(config, 'random', process.cwd(), {});
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        refused++;
        continue;
      }
      valid++;
      const found = namesInTerraform(model);
      expect(found.length).toBeGreaterThan(0);
      // Every created name passes its rule.
      const broken = found.map((n) => [n.kind, n.name, nameRule(n.kind).check(n.name)]).filter(([, , problem]) => problem !== undefined);
      expect(broken).toEqual([]);
      // No two resources share a name where AWS requires it to be unique.
      const seen = new Map<string, number>();
      for (const n of found) {
        const key = uniquenessKey(n);
        if (key !== undefined) seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      expect([...seen].filter(([, count]) => count > 1)).toEqual([]);
      // The planned-name list that validation judges is exactly what the constructs create.
      const asSet = (names: readonly { kind: NameKind; name: string; account?: number; region?: string }[]) =>
        [...new Set(names.map((n) => `${n.kind}|${n.account ?? -1}|${ACCOUNT_WIDE.has(n.kind) ? '' : (n.region ?? '')}|${n.name}`))].sort();
      const planned = plannedNames(model).map((n) => ({ kind: n.kind, name: n.name, account: n.account?.index, region: n.region }));
      expect(asSet(planned)).toEqual(asSet(found));
    }
    // Both sides are exercised: most configurations are valid, the collisions chosen on purpose are refused.
    expect(valid).toBeGreaterThan(CONFIGURATIONS / 2);
    expect(refused).toBeGreaterThan(0);
  });

  it('refuses every adversarial collision the generator makes', () => {
    const collide = [
      { alias: LOGS_KEY_ALIAS, path: 'preferences.sessionEncryption.alias' },
      { logGroupName: updaterLogGroupName(), path: 'preferences.cloudWatch.logGroupName' },
    ];
    for (const { path, ...field } of collide) {
      const config = {
        version: 1,
        regions: ['eu-west-1'],
        documentManagement: 'lambda',
        accounts: [{ id: '111111111111', name: 'a' }],
        preferences: 'alias' in field ? { sessionEncryption: field } : { cloudWatch: field },
      };
      expect(() => modelFromData(config, 'c', process.cwd(), {})).toThrow(new RegExp(`${path.replace(/\./g, '\\.')}: .* is also the`));
    }
    expect(UPDATER_FUNCTION_NAME).toBe('session-manager-preferences-updater');
  });
});
