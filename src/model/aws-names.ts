/**
 * AWS's naming rules, per kind of name this project writes: the single place that knows them.
 * Every rule carries the URL of the AWS (or HashiCorp) documentation it comes from. The zod
 * schema (src/config/field-formats.ts), the check of every planned name (src/config/aws-checks.ts) and
 * docs/configuration-rules.md (`npm run docs`) are built from this module.
 *
 * A check returns undefined for a good name, or the broken rule as a phrase that completes
 * "<field>: ..." (for example "must be 3-63 characters long").
 */
import { partitionOf } from './regions';

/** Kinds of names; `scope` says where AWS requires them to be unique. */
export type NameKind =
  | 's3Bucket'
  | 'kmsAlias'
  | 'logGroup'
  | 'ssmDocument'
  | 'ssmParameter'
  | 'lambdaFunction'
  | 'iamRole'
  | 'iamPolicy'
  | 'iamInstanceProfile'
  | 'iamPath'
  | 'iamGroup'
  | 'iamUser'
  | 'tagKey'
  | 'tagValue'
  | 'tfcOrganization'
  | 'tfcWorkspace';

/** One kind of name and the rules AWS applies to it. */
export interface NameRule {
  readonly kind: NameKind;
  /** What the name names, for messages and docs ("S3 bucket name"). */
  readonly title: string;
  /** Where AWS (or HCP Terraform) documents the rule. */
  readonly url: string;
  /** Where names of this kind must be unique; undefined when uniqueness does not apply. */
  readonly unique?: 'partition' | 'account' | 'account and Region' | 'organization' | 'resource';
  /** True when AWS compares names of this kind without regard to letter case. */
  readonly caseInsensitive: boolean;
  /** The rules in words, one sentence each (docs). */
  readonly rules: readonly string[];
  /** The first rule `name` breaks, or undefined. */
  readonly check: (name: string) => string | undefined;
}

// ---------------------------------------------------------------------------------------------
// S3 — https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
// ---------------------------------------------------------------------------------------------

/** Prefixes S3 reserves (general purpose buckets). */
export const S3_RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'] as const;
/** Suffixes S3 reserves for access point aliases, Object Lambda, Multi-Region Access Points, directory and table buckets. */
export const S3_RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'] as const;

/** S3 naming rules for general purpose buckets. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'must be 3-63 characters long';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return 'must use lowercase letters, digits, dots and hyphens, and begin and end with a letter or digit';
  if (name.includes('..')) return 'must not contain two adjacent dots';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'must not be formatted as an IP address';
  if (S3_RESERVED_PREFIXES.some((p) => name.startsWith(p))) return `must not start with a reserved prefix (${S3_RESERVED_PREFIXES.join(', ')})`;
  const suffix = S3_RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `must not end with a reserved suffix (${suffix}; reserved: ${S3_RESERVED_SUFFIXES.join(', ')})`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// KMS — https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html
// ---------------------------------------------------------------------------------------------

/** Alias names: `alias/` then letters, digits, / _ -, 256 characters in all, not under alias/aws/. */
export function kmsAliasProblem(name: string): string | undefined {
  if (!name.startsWith('alias/') || name.length === 'alias/'.length) return 'must start with alias/ followed by a name, such as alias/session-manager/data';
  if (name.length > 256) return 'must be at most 256 characters long (alias/ included)';
  if (!/^alias\/[a-zA-Z0-9/_-]+$/.test(name)) return 'must use only letters, digits, /, _ and - after alias/';
  if (name.startsWith('alias/aws/')) return 'must not start with alias/aws/, which is reserved for AWS managed keys';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// CloudWatch Logs — https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
// ---------------------------------------------------------------------------------------------

export function logGroupNameProblem(name: string): string | undefined {
  if (!/^[.\-_/#A-Za-z0-9]{1,512}$/.test(name)) return 'must be 1-512 characters of letters, digits and ._-/#';
  if (name.startsWith('aws/')) return 'must not start with aws/, which CloudWatch Logs reserves for AWS services (a leading / as in /aws/... is allowed)';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Systems Manager — https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateDocument.html
// and https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-parameter-name-constraints.html
// ---------------------------------------------------------------------------------------------

/** Document name prefixes AWS reserves (AWSEC2, AWSConfigRemediation and AWSSupport start with aws). */
export const SSM_DOCUMENT_RESERVED_PREFIXES = ['aws', 'amazon', 'amzn'] as const;

export function documentNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z0-9_.-]{3,128}$/.test(name)) return 'must be 3-128 characters of letters, digits and _.-';
  const lower = name.toLowerCase();
  if (SSM_DOCUMENT_RESERVED_PREFIXES.some((p) => lower.startsWith(p))) {
    return `must not start with the reserved prefixes ${SSM_DOCUMENT_RESERVED_PREFIXES.join(', ')} (in any letter case)`;
  }
  return undefined;
}

export function parameterNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z0-9_.\-/]{1,1011}$/.test(name)) return 'must be 1-1011 characters of letters, digits and _.-/';
  const first = name.replace(/^\//, '').toLowerCase();
  if (first.startsWith('aws') || first.startsWith('ssm')) return 'must not start with aws or ssm (in any letter case)';
  if (name.split('/').filter((p) => p !== '').length > 15) return 'must have at most 15 levels';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Lambda — https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
// ---------------------------------------------------------------------------------------------

export function functionNameProblem(name: string): string | undefined {
  return /^[A-Za-z0-9_-]{1,64}$/.test(name) ? undefined : 'must be 1-64 characters of letters, digits, - and _';
}

// ---------------------------------------------------------------------------------------------
// IAM — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names
// ---------------------------------------------------------------------------------------------

const iamName =
  (max: number, what: string) =>
  (name: string): string | undefined =>
    /^[\w+=,.@-]+$/.test(name) && name.length <= max ? undefined : `must be an IAM ${what} name (1-${max} characters of letters, digits and +=,.@_-)`;

export const roleNameProblem = iamName(64, 'role');
export const policyNameProblem = iamName(128, 'policy');
export const instanceProfileNameProblem = iamName(128, 'instance profile');
export const groupNameProblem = iamName(128, 'group');
export const userNameProblem = iamName(64, 'user');

/** IAM paths: `/`, or `/` + printable ASCII + `/`, at most 512 characters. */
export function iamPathProblem(path: string): string | undefined {
  return /^(\/|\/[\x21-\x7E]+\/)$/.test(path) && path.length <= 512 ? undefined : 'must be / or start and end with / (1-512 printable ASCII characters)';
}

// ---------------------------------------------------------------------------------------------
// Tags — https://docs.aws.amazon.com/tag-editor/latest/userguide/best-practices-and-strats.html
// (Tag naming limits and requirements)
// ---------------------------------------------------------------------------------------------

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** AWS allows 50 tags per resource. */
export const MAX_TAGS_PER_RESOURCE = 50;

export function tagKeyProblem(key: string): string | undefined {
  if (key.length < 1 || key.length > 128) return 'tag keys must be 1-128 characters';
  if (!TAG_CHARS.test(key)) return 'tag keys must use only letters, digits, spaces and _.:/=+-@';
  if (key.toLowerCase().startsWith('aws:')) return 'tag keys must not start with aws: in any letter case (reserved for AWS)';
  return undefined;
}

export function tagValueProblem(value: string): string | undefined {
  if (value.length > 256) return 'tag values must be at most 256 characters';
  if (!TAG_CHARS.test(value)) return 'tag values must use only letters, digits, spaces and _.:/=+-@';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// HCP Terraform — https://developer.hashicorp.com/terraform/cloud-docs/workspaces/create
// and https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/organizations
// ---------------------------------------------------------------------------------------------

/** HCP Terraform refuses longer workspace names. */
export const TFC_WORKSPACE_MAX_LENGTH = 90;

export function tfcOrganizationProblem(name: string): string | undefined {
  return /^[A-Za-z0-9_-]{1,40}$/.test(name) ? undefined : 'must be an HCP Terraform organization name (1-40 letters, digits, - and _)';
}

export function tfcWorkspaceProblem(name: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) return 'must use only letters, digits, - and _ (HCP Terraform workspace names)';
  if (name.length > TFC_WORKSPACE_MAX_LENGTH) return `must be at most ${TFC_WORKSPACE_MAX_LENGTH} characters long (HCP Terraform workspace names)`;
  return undefined;
}

/** Every kind of name, with its rules in words. */
export const NAME_RULES: readonly NameRule[] = [
  {
    kind: 's3Bucket',
    title: 'S3 bucket name (general purpose)',
    url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html',
    unique: 'partition',
    caseInsensitive: false,
    rules: [
      '3-63 characters: lowercase letters, digits, dots and hyphens; begins and ends with a letter or digit',
      'no two adjacent dots; not formatted as an IP address',
      `no reserved prefix (${S3_RESERVED_PREFIXES.join(', ')}) and no reserved suffix (${S3_RESERVED_SUFFIXES.join(', ')})`,
      'applies to `bucketName` and to every computed `<bucketNamePrefix>-<account id>-<region>`',
    ],
    check: bucketNameProblem,
  },
  {
    kind: 'kmsAlias',
    title: 'KMS alias name',
    url: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html',
    unique: 'account and Region',
    caseInsensitive: false,
    rules: ['starts with `alias/`; at most 256 characters; letters, digits, `/`, `_` and `-`', '`alias/aws/` is reserved for AWS managed keys'],
    check: kmsAliasProblem,
  },
  {
    kind: 'logGroup',
    title: 'CloudWatch Logs log group name',
    url: 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html',
    unique: 'account and Region',
    caseInsensitive: false,
    rules: ['1-512 characters: letters, digits and `._-/#`', 'must not start with `aws/` (a leading `/`, as in `/aws/lambda/...`, is allowed)'],
    check: logGroupNameProblem,
  },
  {
    kind: 'ssmDocument',
    title: 'SSM document name',
    url: 'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateDocument.html',
    unique: 'account and Region',
    caseInsensitive: false,
    rules: [
      '3-128 characters: letters, digits and `_.-`',
      `must not start with ${SSM_DOCUMENT_RESERVED_PREFIXES.join(', ')} in any letter case (also covers AWSEC2, AWSConfigRemediation, AWSSupport)`,
    ],
    check: documentNameProblem,
  },
  {
    kind: 'ssmParameter',
    title: 'SSM parameter name',
    url: 'https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-parameter-name-constraints.html',
    unique: 'account and Region',
    caseInsensitive: false,
    rules: ['1-1011 characters: letters, digits and `_.-/`; at most 15 levels', 'must not start with `aws` or `ssm` in any letter case'],
    check: parameterNameProblem,
  },
  {
    kind: 'lambdaFunction',
    title: 'Lambda function name',
    url: 'https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html',
    unique: 'account and Region',
    caseInsensitive: false,
    rules: ['1-64 characters: letters, digits, `-` and `_`'],
    check: functionNameProblem,
  },
  {
    kind: 'iamRole',
    title: 'IAM role name',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names',
    unique: 'account',
    caseInsensitive: true,
    rules: ['1-64 characters: letters, digits and `+=,.@_-`', 'unique in the account regardless of letter case (IAM is global: the updater roles of every Region count)'],
    check: roleNameProblem,
  },
  {
    kind: 'iamPolicy',
    title: 'IAM managed policy name',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names',
    unique: 'account',
    caseInsensitive: true,
    rules: ['1-128 characters: letters, digits and `+=,.@_-`', 'unique in the account regardless of letter case'],
    check: policyNameProblem,
  },
  {
    kind: 'iamInstanceProfile',
    title: 'IAM instance profile name',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names',
    unique: 'account',
    caseInsensitive: true,
    rules: ['1-128 characters: letters, digits and `+=,.@_-`'],
    check: instanceProfileNameProblem,
  },
  {
    kind: 'iamPath',
    title: 'IAM path',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-friendly-names',
    caseInsensitive: false,
    rules: ['`/`, or starts and ends with `/`; 1-512 printable ASCII characters'],
    check: iamPathProblem,
  },
  {
    kind: 'iamGroup',
    title: 'IAM group name',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names',
    caseInsensitive: true,
    rules: ['1-128 characters: letters, digits and `+=,.@_-`'],
    check: groupNameProblem,
  },
  {
    kind: 'iamUser',
    title: 'IAM user name',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names',
    caseInsensitive: true,
    rules: ['1-64 characters: letters, digits and `+=,.@_-`'],
    check: userNameProblem,
  },
  {
    kind: 'tagKey',
    title: 'Tag key',
    url: 'https://docs.aws.amazon.com/tag-editor/latest/userguide/best-practices-and-strats.html',
    unique: 'resource',
    caseInsensitive: false,
    rules: [
      '1-128 characters: Unicode letters, digits, spaces and `_.:/=+-@`',
      '`aws:` is reserved in any letter case (`AWS:`, `Aws:` too)',
      `at most ${MAX_TAGS_PER_RESOURCE} tags per resource`,
    ],
    check: tagKeyProblem,
  },
  {
    kind: 'tagValue',
    title: 'Tag value',
    url: 'https://docs.aws.amazon.com/tag-editor/latest/userguide/best-practices-and-strats.html',
    caseInsensitive: false,
    rules: ['0-256 characters: Unicode letters, digits, spaces and `_.:/=+-@`'],
    check: tagValueProblem,
  },
  {
    kind: 'tfcOrganization',
    title: 'HCP Terraform organization name',
    url: 'https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/organizations',
    caseInsensitive: false,
    rules: ['letters, digits, `-` and `_` (checked for `backend.organization` and `TF_CLOUD_ORGANIZATION`)'],
    check: tfcOrganizationProblem,
  },
  {
    kind: 'tfcWorkspace',
    title: 'HCP Terraform workspace name',
    url: 'https://developer.hashicorp.com/terraform/cloud-docs/workspaces/create',
    unique: 'organization',
    caseInsensitive: false,
    rules: [`letters, digits, \`-\` and \`_\`; at most ${TFC_WORKSPACE_MAX_LENGTH} characters (checked for every computed \`<workspacePrefix><stack>\`)`],
    check: tfcWorkspaceProblem,
  },
];

/** The rule of one kind. */
export function nameRule(kind: NameKind): NameRule {
  const rule = NAME_RULES.find((r) => r.kind === kind);
  if (rule === undefined) throw new Error(`no naming rule for ${kind}`);
  return rule;
}

// ---------------------------------------------------------------------------------------------
// ARNs — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
// ---------------------------------------------------------------------------------------------

/** The parts of an ARN: arn:partition:service:region:account:resource. */
export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

export function parseArn(arn: string): ParsedArn | undefined {
  const m = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/.exec(arn);
  return m ? { partition: m[1], service: m[2], region: m[3], account: m[4], resource: m[5] } : undefined;
}

/** What an ARN must be: its service, resource type, and where given, Region, partition and account. */
export interface ArnExpectation {
  readonly service: string;
  /** `role`, `key`, `alias`, ...: the resource part must start with `<type>/`. */
  readonly resourceTypes: readonly string[];
  /** The partition the ARN is used in (from the Region or account it is used for). */
  readonly partition?: string;
  /** IAM ARNs have no Region; Regional services must name one. */
  readonly regional: boolean;
  /** The account the resource must belong to. */
  readonly account?: string;
}

/** The first problem of `arn` against `expected`, or undefined. */
export function arnProblem(arn: string, expected: ArnExpectation): string | undefined {
  const parsed = parseArn(arn);
  if (parsed === undefined) return 'must be an ARN (arn:<partition>:<service>:<region>:<account>:<resource>)';
  if (!['aws', 'aws-us-gov', 'aws-cn'].includes(parsed.partition)) return `names the partition ${parsed.partition}, which must be aws, aws-us-gov (GovCloud) or aws-cn (China)`;
  if (parsed.service !== expected.service) return `must be an ARN of ${expected.service}, not ${parsed.service}`;
  if (!expected.resourceTypes.some((t) => parsed.resource.startsWith(`${t}/`))) {
    return `must name a ${expected.resourceTypes.join(' or ')} (…:${expected.resourceTypes[0]}/...), not ${parsed.resource.split('/')[0]}`;
  }
  if (expected.regional && parsed.region === '') return 'must name a Region';
  if (!expected.regional && parsed.region !== '') return `must not name a Region (${expected.service} ARNs have an empty Region field)`;
  if (parsed.region !== '' && partitionOf(parsed.region) !== parsed.partition) {
    return `names ${parsed.region}, which is in the partition ${partitionOf(parsed.region)}, but starts with arn:${parsed.partition}: write arn:${partitionOf(parsed.region)}:`;
  }
  if (expected.partition !== undefined && parsed.partition !== expected.partition) {
    return `is in the partition ${parsed.partition} but is used in ${expected.partition}: write arn:${expected.partition}:${parsed.service}:...`;
  }
  if (!/^\d{12}$/.test(parsed.account)) return 'must name a 12-digit account ID';
  if (expected.account !== undefined && parsed.account !== expected.account) {
    return `names the account ${parsed.account}, not ${expected.account}`;
  }
  return undefined;
}
