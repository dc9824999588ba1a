/**
 * The people side of Session Manager: who may start sessions on which nodes, with which Session
 * documents, and end or resume only their own sessions. Computed from the model for every Region
 * of an account.
 */
import { PREFERENCES_DOCUMENT_NAME, type AccountModel, type RegionModel } from '../config/model';
import { documentArn } from './arns';
import { fitRegions, keyStatements, sessionKeyGrants, unique, type PolicyPart } from './iam-common';
import { policy, type PolicyDocument, type Statement } from './types';
import { unscopableStatement } from './unscopable';

/** The AWS-owned Session document that tunnels SSH. */
export const SSH_DOCUMENT = 'AWS-StartSSHSession';
/** The AWS-owned port forwarding documents (to the node, to a remote host, to a socket...). */
export const PORT_FORWARDING_DOCUMENTS = 'AWS-StartPortForwardingSession*';

/**
 * Asks Session Manager to check the caller's permission on the Session document of the request
 * (SSM-SessionManagerRunShell when none is named). Without it, StartSession on a node alone would
 * let the caller pick any document, including ones that are not logged.
 */
export const SESSION_DOCUMENT_ACCESS_CHECK = { BoolIfExists: { 'ssm:SessionDocumentAccessCheck': 'true' } } as const;

/** Inputs of the user access policy. */
export interface UserPolicyInput {
  /** Account whose nodes and documents the policy covers. */
  readonly accountId: string;
  /** Regions the policy covers (all of the account's, or one part of them when the policy is split). */
  readonly regions: readonly RegionModel[];
  /** SSH through Session Manager: allowed, or explicitly denied. */
  readonly ssh: 'allow' | 'deny';
  /** Port forwarding (not logged by Session Manager): allowed, or explicitly denied. */
  readonly portForwarding: 'allow' | 'deny';
  /** Only nodes with this tag may be reached; absent means every node of the account. */
  readonly targetTag?: { readonly key: string; readonly value: string };
}

/**
 * ARN of an AWS-owned document in a Region. AWS documents have no account in their ARN
 * (`arn:aws:ssm:eu-west-1::document/AWS-StartSSHSession`); `*` matches that empty account.
 */
export function awsDocumentArn(partition: string, region: string, name: string): string {
  return `arn:${partition}:ssm:${region}:*:document/${name}`;
}

/** Partition of the account (all its Regions share one, checked by the configuration rules). */
function partitionOfRegions(regions: readonly RegionModel[]): string {
  return regions[0]?.partition ?? 'aws';
}

/**
 * The managed policy for people who use Session Manager:
 * - ssm:StartSession (and ssm:GetConnectionStatus) on the account's nodes in the covered Regions,
 *   optionally only those with the configured tag;
 * - ssm:StartSession (and ssm:GetDocument) on SSM-SessionManagerRunShell and the custom Session
 *   documents, plus AWS-StartSSHSession / AWS-StartPortForwardingSession* when allowed; every
 *   StartSession statement carries ssm:SessionDocumentAccessCheck;
 * - ssm:TerminateSession and ssm:ResumeSession only on sessions the caller started (the session's
 *   aws:ssmmessages:session-id tag equals the caller's aws:userid, for users and assumed roles);
 * - kms:GenerateDataKey on the session-data keys;
 * - the read-only list actions the console needs;
 * - explicit Deny on SSH and port forwarding documents when they are denied.
 */
export function userAccessPolicy(input: UserPolicyInput): PolicyDocument {
  const { accountId, regions, targetTag } = input;
  const partition = partitionOfRegions(regions);
  const nodes = regions.flatMap((r) => [
    `arn:${r.partition}:ec2:${r.region}:${accountId}:instance/*`,
    `arn:${r.partition}:ssm:${r.region}:${accountId}:managed-instance/*`,
  ]);
  const documents = regions.flatMap((r) => [
    documentArn(r.region, accountId, PREFERENCES_DOCUMENT_NAME),
    ...r.customDocuments.map((d) => documentArn(r.region, accountId, d.name)),
    ...(input.ssh === 'allow' ? [awsDocumentArn(r.partition, r.region, SSH_DOCUMENT)] : []),
    ...(input.portForwarding === 'allow' ? [awsDocumentArn(r.partition, r.region, PORT_FORWARDING_DOCUMENTS)] : []),
  ]);
  const statements: Statement[] = [
    {
      Sid: targetTag ? 'StartSessionOnTaggedNodes' : 'StartSessionOnNodes',
      Effect: 'Allow',
      Action: ['ssm:StartSession', 'ssm:GetConnectionStatus'],
      Resource: nodes,
      Condition: {
        ...SESSION_DOCUMENT_ACCESS_CHECK,
        ...(targetTag ? { StringEquals: { [`ssm:resourceTag/${targetTag.key}`]: targetTag.value } } : {}),
      },
    },
    {
      Sid: 'StartSessionWithSessionDocuments',
      Effect: 'Allow',
      Action: ['ssm:StartSession', 'ssm:GetDocument'],
      Resource: unique(documents),
      Condition: SESSION_DOCUMENT_ACCESS_CHECK,
    },
    {
      Sid: 'EndOrResumeOwnSessions',
      Effect: 'Allow',
      Action: ['ssm:TerminateSession', 'ssm:ResumeSession'],
      Resource: regions.map((r) => `arn:${r.partition}:ssm:${r.region}:${accountId}:session/*`),
      // Session Manager tags each session with the aws:userid of whoever started it: AIDA... for
      // IAM users, AROA...:<session name> for assumed roles (SSO and federated users included).
      Condition: { StringEquals: { 'ssm:resourceTag/aws:ssmmessages:session-id': '${aws:userid}' } },
    },
  ];
  const sessionKeys = sessionKeyGrants(regions, accountId);
  statements.push(...keyStatements('EncryptSessionData', 'kms:GenerateDataKey', sessionKeys));
  statements.push(
    unscopableStatement('ListSessionsAndNodes', [
      'ssm:DescribeSessions',
      'ssm:DescribeInstanceProperties',
      'ssm:DescribeInstanceInformation',
      'ssm:ListDocuments',
      'ec2:DescribeInstances',
    ]),
  );
  if (input.ssh === 'deny') {
    statements.push({
      Sid: 'DenySshSessions',
      Effect: 'Deny',
      Action: 'ssm:StartSession',
      Resource: `arn:${partition}:ssm:*:*:document/${SSH_DOCUMENT}`,
    });
  }
  if (input.portForwarding === 'deny') {
    statements.push({
      Sid: 'DenyPortForwardingSessions',
      Effect: 'Deny',
      Action: 'ssm:StartSession',
      Resource: `arn:${partition}:ssm:*:*:document/${PORT_FORWARDING_DOCUMENTS}`,
    });
  }
  return policy(...statements);
}

/**
 * The user policy of an account as managed policies: one for all its Regions, or several covering
 * consecutive groups of Regions when one would exceed IAM's size limit (denies repeat in each).
 */
export function userPolicyParts(account: AccountModel, settings: Omit<UserPolicyInput, 'accountId' | 'regions'>): PolicyPart<RegionModel>[] {
  return fitRegions(account.regions, (regions) => userAccessPolicy({ ...settings, accountId: account.id, regions }));
}
