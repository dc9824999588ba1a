/**
 * The people side of Session Manager: who may start sessions on which nodes, with which Session
 * documents, and end or resume only their own sessions. Computed from the model for every Region
 * of an account.
 */
import { PREFERENCES_DOCUMENT_NAME, type AccessMode, type AccountModel, type RegionModel } from '../model/model';
import { documentArn } from './arns';
import { fitRegions, keyStatements, SESSION_ENCRYPTION_CONTEXT, sessionKeyGrants, unique, type PolicyPart } from './iam-common';
import { memoizeOn } from '../model/memo';
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
  /** SSH through Session Manager: allowed, explicitly denied (deny, restricted), or neither (a policy for selected documents only). */
  readonly ssh: AccessMode | 'none';
  /** Port forwarding (not logged by Session Manager): allowed, explicitly denied (deny, restricted), or neither. */
  readonly portForwarding: AccessMode | 'none';
  /** Only nodes with this tag may be reached; absent means every node of the account. */
  readonly targetTag?: { readonly key: string; readonly value: string };
  /**
   * The Session documents the policy grants (SSM-SessionManagerRunShell and custom document names);
   * absent means all of them. A break-glass document left out of the everyday policy goes in a
   * policy of its own.
   */
  readonly documents?: readonly string[];
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
 * The Session documents of a Region a policy grants: `selected` names, or all when absent, except
 * Port documents, which are granted only by name (port forwarding is never an implicit grant).
 */
function selectedDocuments(region: RegionModel, selected: readonly string[] | undefined): { preferences: boolean; custom: RegionModel['customDocuments'] } {
  const wanted = (name: string) => selected === undefined || selected.includes(name);
  return {
    preferences: wanted(PREFERENCES_DOCUMENT_NAME),
    custom: region.customDocuments.filter((d) => (selected === undefined ? d.session.type !== 'Port' : selected.includes(d.name))),
  };
}

/** Whether a mode adds the explicit Deny on AWS's own documents of its kind. */
function denies(mode: AccessMode | 'none'): boolean {
  return mode === 'deny' || mode === 'restricted';
}

/**
 * The managed policy for people who use Session Manager. Each grant follows a call of the AWS CLI
 * and session-manager-plugin (github.com/aws/session-manager-plugin) or the console:
 * - ssm:StartSession (and ssm:GetConnectionStatus) on the account's nodes in the covered Regions,
 *   optionally only those with the configured tag;
 * - ssm:StartSession (and ssm:GetDocument) on the selected Session documents
 *   (SSM-SessionManagerRunShell and custom ones), plus AWS-StartSSHSession /
 *   AWS-StartPortForwardingSession* when allowed; every StartSession statement carries
 *   ssm:SessionDocumentAccessCheck;
 * - ssmmessages:OpenDataChannel on the caller's own sessions: the plugin opens the session's data
 *   channel (src/datachannel/streaming.go Open, FinalizeDataChannelHandshake) and AWS authorizes it
 *   against `session/<session id>`, which starts with the caller's aws:userid (roles, federated and
 *   IAM Identity Center users) or aws:username (IAM users), as in AWS's quickstart end-user policy;
 * - ssm:TerminateSession and ssm:ResumeSession only on sessions the caller started (the session's
 *   aws:ssmmessages:session-id tag equals the caller's aws:userid, for users and assumed roles);
 *   the plugin calls them (src/sessionmanagerplugin/session/session.go TerminateSession,
 *   src/datachannel/streaming.go Reconnect via ResumeSession);
 * - kms:GenerateDataKey on the session-data keys of the selected documents, only with Session
 *   Manager's encryption context (src/datachannel/streaming.go ProcessKMSEncryptionHandshakeAction
 *   calls KMS directly, so no kms:ViaService);
 * - the read-only list actions the console needs;
 * - explicit Deny on AWS's SSH and port forwarding documents when they are denied or restricted
 *   (restricted: this configuration's Port documents, named in the policy, are the only way to
 *   forward ports; Port documents are never granted without being named).
 */
export function userAccessPolicy(input: UserPolicyInput): PolicyDocument {
  const { accountId, regions, targetTag } = input;
  const partition = partitionOfRegions(regions);
  const nodes = regions.flatMap((r) => [`arn:${r.partition}:ec2:${r.region}:${accountId}:instance/*`, `arn:${r.partition}:ssm:${r.region}:${accountId}:managed-instance/*`]);
  const selected = regions.map((r) => ({ region: r, ...selectedDocuments(r, input.documents) }));
  const documents = selected.flatMap(({ region: r, preferences, custom }) => [
    ...(preferences ? [documentArn(r.region, accountId, PREFERENCES_DOCUMENT_NAME)] : []),
    ...custom.map((d) => documentArn(r.region, accountId, d.name)),
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
      Sid: 'OpenOwnSessionDataChannels',
      Effect: 'Allow',
      Action: 'ssmmessages:OpenDataChannel',
      Resource: regions.flatMap((r) => [
        `arn:${r.partition}:ssm:${r.region}:${accountId}:session/\${aws:userid}-*`,
        `arn:${r.partition}:ssm:${r.region}:${accountId}:session/\${aws:username}-*`,
      ]),
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
  const keyRegions = selected.map(({ region, preferences, custom }) => ({
    ...region,
    preferences: preferences ? region.preferences : { ...region.preferences, sessionKey: { mode: 'none' as const } },
    customDocuments: custom,
  }));
  const sessionKeys = sessionKeyGrants(keyRegions, accountId);
  statements.push(...keyStatements('EncryptSessionData', 'kms:GenerateDataKey', sessionKeys, SESSION_ENCRYPTION_CONTEXT));
  statements.push(
    unscopableStatement('ListSessionsAndNodes', [
      'ssm:DescribeSessions',
      'ssm:DescribeInstanceProperties',
      'ssm:DescribeInstanceInformation',
      'ssm:ListDocuments',
      'ec2:DescribeInstances',
    ]),
  );
  if (denies(input.ssh)) {
    statements.push({
      Sid: 'DenySshSessions',
      Effect: 'Deny',
      Action: 'ssm:StartSession',
      Resource: `arn:${partition}:ssm:*:*:document/${SSH_DOCUMENT}`,
    });
  }
  if (denies(input.portForwarding)) {
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
 * Built once per account and settings (src/model/memo.ts): the configuration checks and AccessPolicies both ask.
 */
export const userPolicyParts: (account: AccountModel, settings: Omit<UserPolicyInput, 'accountId' | 'regions'>) => readonly PolicyPart<RegionModel>[] = memoizeOn(
  (account: AccountModel, settings: Omit<UserPolicyInput, 'accountId' | 'regions'>): readonly PolicyPart<RegionModel>[] =>
    fitRegions(account.activeRegions, (regions) => userAccessPolicy({ ...settings, accountId: account.id, regions })),
  (account) => [account],
  (_account, settings) => JSON.stringify(settings),
);
