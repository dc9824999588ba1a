/**
 * The generated service control policy (src/policies/scp.ts, `npm run scp`): what it protects, whom
 * it exempts, its size, and its effect evaluated by the IAM engine together with an identity
 * policy that would otherwise allow everything (the SCP is the only thing standing in the way).
 */
import { runSimulation, type EvaluationResult } from '@cloud-copilot/iam-simulate';
import { DEFAULT_COMMERCIAL_REGIONS } from '../src/model/regions';
import type { Model } from '../src/model/model';
import { UPDATER_FUNCTION_NAME } from '../src/model/resource-names';
import { policySize } from '../src/policies/iam-common';
import { deployRolePatterns, protectionScp as scpOf, SCP_MAX_CHARS, type ScpOptions } from '../src/policies/scp';
import { protectedResources } from '../src/plan/protected-resources';
import { policy, type PolicyDocument } from '../src/policies/types';
import { exampleModel, minimalModel } from './helpers';

const ACCOUNT = '111111111111';
const OPTIONS = { updaterRolePrefix: UPDATER_FUNCTION_NAME };
/** The SCP of a model, through the resource plan as `npm run scp` builds it. */
const protectionScp = (m: Model, options: ScpOptions) => scpOf(protectedResources(m), options);
const trustedAliases = (m: Model) => [...new Set(protectedResources(m).aliases)].sort();
const model = minimalModel({
  regions: ['eu-west-1', 'us-east-1'],
  assumeRoleName: 'SessionPrefsDeployer',
  preferences: { s3: { enabled: true } },
  customDocuments: [{ name: 'BreakGlass-Shell', preferences: { maxSessionDuration: 480, sessionEncryption: { kmsKeyId: 'alias/break-glass' } } }],
  access: { instance: { bucketKmsKeys: ['arn:aws:kms:eu-west-1:222222222222:alias/central-logs'], defaultHostManagement: { createRole: true, setServiceSetting: true } } },
});
const scp = protectionScp(model, OPTIONS);
const bySid = (doc: PolicyDocument, sid: string) => doc.Statement.find((s) => s.Sid === sid);

describe('protection SCP: content', () => {
  it('denies alias changes on every alias the policies trust, and only those', () => {
    expect(trustedAliases(model)).toEqual(['alias/break-glass', 'alias/central-logs', 'alias/session-manager/data', 'alias/session-manager/logs']);
    expect(bySid(scp, 'ProtectTrustedKeyAliases')).toEqual({
      Sid: 'ProtectTrustedKeyAliases',
      Effect: 'Deny',
      Action: ['kms:CreateAlias', 'kms:UpdateAlias', 'kms:DeleteAlias'],
      Resource: [
        'arn:aws:kms:*:*:alias/break-glass',
        'arn:aws:kms:*:*:alias/central-logs',
        'arn:aws:kms:*:*:alias/session-manager/data',
        'arn:aws:kms:*:*:alias/session-manager/logs',
      ],
      Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/SessionPrefsDeployer' } },
    });
  });

  it('protects the documents, log groups, buckets and the DHMC setting the configuration uses', () => {
    expect(bySid(scp, 'ProtectSessionDocuments')?.Resource).toEqual(['arn:aws:ssm:*:*:document/BreakGlass-Shell', 'arn:aws:ssm:*:*:document/SSM-SessionManagerRunShell']);
    expect(bySid(scp, 'ProtectSessionLogGroups')?.Resource).toEqual([
      'arn:aws:logs:*:*:log-group:/session-manager/sessions',
      'arn:aws:logs:*:*:log-group:/session-manager/sessions:*',
    ]);
    expect(bySid(scp, 'ProtectSessionLogBuckets')?.Resource).toBe('arn:aws:s3:::ssm-session-logs-*');
    expect(bySid(scp, 'ProtectDefaultHostManagementSetting')?.Resource).toBe('arn:aws:ssm:*:*:servicesetting/ssm/managed-instance/default-ec2-instance-management-role');
    expect(scp.Statement.every((s) => s.Effect === 'Deny' && s.Condition?.ArnNotLike !== undefined)).toBe(true);
    expect(bySid(protectionScp(minimalModel({ assumeRoleName: 'D' }), OPTIONS), 'ProtectDefaultHostManagementSetting')).toBeUndefined();
  });

  it('exempts the deploying roles (one pattern per role name) and the updater roles when a Region uses lambda', () => {
    expect(deployRolePatterns(protectedResources(model), UPDATER_FUNCTION_NAME)).toEqual(['arn:aws:iam::*:role/SessionPrefsDeployer']);
    const lambda = minimalModel({ assumeRoleName: 'Deployer', documentManagement: 'lambda' });
    expect(deployRolePatterns(protectedResources(lambda), UPDATER_FUNCTION_NAME)).toEqual(['arn:aws:iam::*:role/Deployer', `arn:aws:iam::*:role/${UPDATER_FUNCTION_NAME}-*`]);
  });

  it('exempts the bootstrap deployer role by name when no assumeRoleName is set (npm run scp on the example)', () => {
    expect(deployRolePatterns(protectedResources(minimalModel()), UPDATER_FUNCTION_NAME)).toEqual(['arn:aws:iam::*:role/SessionPrefsDeployer']);
    expect(deployRolePatterns(protectedResources(minimalModel({ bootstrap: { deployerRoleName: 'Tf' } })), UPDATER_FUNCTION_NAME)).toEqual(['arn:aws:iam::*:role/Tf']);
    expect(deployRolePatterns(protectedResources(exampleModel()), UPDATER_FUNCTION_NAME)).toEqual(['arn:aws:iam::*:role/SessionPrefsDeployer']);
  });

  it('refuses to write an SCP that exempts nobody who deploys (it would lock the deployment out)', () => {
    expect(() => protectionScp(minimalModel(), { ...OPTIONS, exempt: [] })).toThrow(/no deploying role to exempt; set assumeRoleName/);
    expect(() => protectionScp(minimalModel({ documentManagement: 'lambda' }), { ...OPTIONS, exempt: [`arn:aws:iam::*:role/${UPDATER_FUNCTION_NAME}-*`] })).toThrow(
      /no deploying role to exempt/,
    );
  });

  it('protects the bootstrap roles and their policies against everyone but the StackSet execution role', () => {
    expect(bySid(scp, 'ProtectBootstrapRoles')).toEqual({
      Sid: 'ProtectBootstrapRoles',
      Effect: 'Deny',
      Action: expect.arrayContaining(['iam:AttachRolePolicy', 'iam:UpdateAssumeRolePolicy', 'iam:DeleteRole', 'iam:CreatePolicyVersion']),
      Resource: [
        'arn:aws:iam::*:role/SessionPrefsDeployer',
        'arn:aws:iam::*:role/SessionPrefsPlan',
        'arn:aws:iam::*:role/SessionPrefsReadOnly',
        'arn:aws:iam::*:policy/session-manager-bootstrap/*',
      ],
      Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/stacksets-exec-*' } },
    });
  });

  it('fits the SCP size limit for 17 Regions with custom documents', () => {
    const big: Model = minimalModel({
      regions: [...DEFAULT_COMMERCIAL_REGIONS],
      assumeRoleName: 'SessionPrefsDeployer',
      preferences: { s3: { enabled: true } },
      customDocuments: [
        { name: 'A-Doc', preferences: {} },
        { name: 'B-Doc', preferences: {} },
      ],
    });
    expect(policySize(protectionScp(big, OPTIONS))).toBeLessThanOrEqual(SCP_MAX_CHARS);
  });
});

describe('protection SCP: account groups', () => {
  // The top-level access creates no DHMC role and trusts no bucket key; one group's access does both.
  const grouped = minimalModel({
    regions: ['eu-west-1'],
    assumeRoleName: 'SessionPrefsDeployer',
    accountGroups: {
      production: {
        access: {
          policyNamePrefix: 'Prod',
          instance: { bucketKmsKeys: ['arn:aws:kms:eu-west-1:222222222222:alias/prod-central-logs'], defaultHostManagement: { createRole: true, setServiceSetting: true } },
        },
      },
    },
    accounts: [
      { id: '111111111111', name: 'prod', group: 'production' },
      { id: '333333333333', name: 'shared' },
    ],
  });

  it("protects what a group's own access trusts: its bucket keys' aliases and its DHMC setting", () => {
    const doc = protectionScp(grouped, OPTIONS);
    expect(trustedAliases(grouped)).toContain('alias/prod-central-logs');
    expect(bySid(doc, 'ProtectTrustedKeyAliases')?.Resource).toContain('arn:aws:kms:*:*:alias/prod-central-logs');
    expect(bySid(doc, 'ProtectDefaultHostManagementSetting')?.Resource).toBe('arn:aws:ssm:*:*:servicesetting/ssm/managed-instance/default-ec2-instance-management-role');
  });
});

describe('protection SCP: evaluated', () => {
  const everything = policy({ Sid: 'AdminOfTheAccount', Effect: 'Allow', Action: ['kms:*', 'ssm:*', 'logs:*', 's3:*', 'iam:*'], Resource: '*' });
  const fullAccess = policy({ Sid: 'FullAWSAccess', Effect: 'Allow', Action: ['kms:*', 'ssm:*', 'logs:*', 's3:*', 'iam:*'], Resource: '*' });
  const who = {
    admin: `arn:aws:iam::${ACCOUNT}:role/AccountAdmin`,
    deployer: `arn:aws:iam::${ACCOUNT}:role/SessionPrefsDeployer`,
    stackSets: `arn:aws:iam::${ACCOUNT}:role/stacksets-exec-0123456789abcdef0123456789abcdef`,
  };
  async function evaluate(principal: string, action: string, resource: string): Promise<EvaluationResult> {
    const result = await runSimulation(
      {
        // For a role session, aws:PrincipalArn is the role's ARN (what the SCP's ArnNotLike matches).
        request: { principal, action, resource: { resource, accountId: ACCOUNT }, contextVariables: { 'aws:PrincipalArn': principal } },
        identityPolicies: [{ name: 'admin', policy: everything }],
        serviceControlPolicies: [
          {
            orgIdentifier: 'r-root',
            policies: [
              { name: 'FullAWSAccess', policy: fullAccess },
              { name: 'session-manager-protection', policy: scp },
            ],
          },
        ],
        resourceControlPolicies: [],
      },
      {},
    );
    if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
    return result.overallResult;
  }
  const cases: [string, keyof typeof who, string, string, EvaluationResult][] = [
    ['an account admin repoints the session-data alias', 'admin', 'kms:UpdateAlias', `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/session-manager/data`, 'ExplicitlyDenied'],
    ['an account admin deletes the log key alias', 'admin', 'kms:DeleteAlias', `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/session-manager/logs`, 'ExplicitlyDenied'],
    [
      'an account admin updates the preferences document',
      'admin',
      'ssm:UpdateDocument',
      `arn:aws:ssm:eu-west-1:${ACCOUNT}:document/SSM-SessionManagerRunShell`,
      'ExplicitlyDenied',
    ],
    ['an account admin deletes the session log group', 'admin', 'logs:DeleteLogGroup', `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/session-manager/sessions`, 'ExplicitlyDenied'],
    ['an account admin replaces the log bucket policy', 'admin', 's3:PutBucketPolicy', `arn:aws:s3:::ssm-session-logs-${ACCOUNT}-eu-west-1`, 'ExplicitlyDenied'],
    [
      'an account admin turns DHMC to another role',
      'admin',
      'ssm:UpdateServiceSetting',
      `arn:aws:ssm:eu-west-1:${ACCOUNT}:servicesetting/ssm/managed-instance/default-ec2-instance-management-role`,
      'ExplicitlyDenied',
    ],
    ['the deploying role updates the preferences document', 'deployer', 'ssm:UpdateDocument', `arn:aws:ssm:eu-west-1:${ACCOUNT}:document/SSM-SessionManagerRunShell`, 'Allowed'],
    ['the deploying role creates the session-data alias', 'deployer', 'kms:CreateAlias', `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/session-manager/data`, 'Allowed'],
    ['an account admin changes an unrelated alias', 'admin', 'kms:UpdateAlias', `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/app/payments`, 'Allowed'],
    ['an account admin widens the bootstrap deployer role', 'admin', 'iam:AttachRolePolicy', `arn:aws:iam::${ACCOUNT}:role/SessionPrefsDeployer`, 'ExplicitlyDenied'],
    ['the deployer re-trusts itself', 'deployer', 'iam:UpdateAssumeRolePolicy', `arn:aws:iam::${ACCOUNT}:role/SessionPrefsDeployer`, 'ExplicitlyDenied'],
    [
      'an account admin edits the plan role policy',
      'admin',
      'iam:CreatePolicyVersion',
      `arn:aws:iam::${ACCOUNT}:policy/session-manager-bootstrap/SessionPrefsPlan-1`,
      'ExplicitlyDenied',
    ],
    [
      'the StackSet updates the bootstrap roles',
      'stackSets',
      'iam:CreatePolicyVersion',
      `arn:aws:iam::${ACCOUNT}:policy/session-manager-bootstrap/SessionPrefsDeployer-1`,
      'Allowed',
    ],
    ['an account admin deletes an unrelated log group', 'admin', 'logs:DeleteLogGroup', `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/payments`, 'Allowed'],
  ];
  it.each(cases)('%s', async (_name, principal, action, resource, expected) => {
    expect(await evaluate(who[principal], action, resource)).toBe(expected);
  });
});
