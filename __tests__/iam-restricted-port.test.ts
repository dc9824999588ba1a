/**
 * `access.portForwarding: restricted` and `access.ssh: restricted`, proven with the IAM policy
 * evaluation engine (@cloud-copilot/iam-simulate) on the policies exactly as synthesized, as in
 * iam-simulation.test.ts: a developer whose only policy is the database-port document policy may
 * start a session with that Port document on a tagged node, and is denied AWS's own
 * port-forwarding documents (explicitly), SSH (explicitly) and the shell. The requests are the AWS
 * CLI's StartSession on the node and on the document (with ssm:SessionDocumentAccessCheck, which
 * the CLI's StartSession sets when a document is named).
 */
import { runSimulation, runUnsafeSimulation, type EvaluationResult, type SimulationIdentityPolicy } from '@cloud-copilot/iam-simulate';
import { minimalModel, synthGlobal, unescapeTerraform } from './helpers';
import { DATABASE_PORT, FOUR_DOCUMENTS, RESTART_APP } from './support/document-types-fixture';

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';
const TAG = { key: 'SessionManagerAccess', value: 'true' };
const DEVELOPER = { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Developer/dana`, userid: 'AROADEVELOPER0000001:dana' };

const model = minimalModel({
  customDocuments: FOUR_DOCUMENTS,
  access: {
    ssh: 'restricted',
    portForwarding: 'restricted',
    user: { targetTag: TAG },
    documentPolicies: [{ name: 'DatabasePort', documents: [DATABASE_PORT], targetTag: TAG, attachToGroups: ['developers'] }],
  },
});

/** The synthesized managed policies of the account, by name, as AWS receives them. */
const global = JSON.parse(synthGlobal(model));
const policies: Record<string, SimulationIdentityPolicy> = Object.fromEntries(
  Object.values<{ name: string; policy: string }>(global.resource.aws_iam_policy).map((r) => [r.name, { name: r.name, policy: JSON.parse(unescapeTerraform(r.policy)) }]),
);

const node = `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0`;
const ownDocument = (name: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:document/${name}`;
/** AWS-owned documents have no account in their ARN. */
const awsDocument = (name: string) => `arn:aws:ssm:${REGION}::document/${name}`;

async function startSession(policy: string, resource: string, context: Record<string, string> = {}): Promise<EvaluationResult> {
  const simulation = {
    request: {
      principal: DEVELOPER.arn,
      action: 'ssm:StartSession',
      resource: { resource, accountId: ACCOUNT },
      contextVariables: { 'aws:userid': DEVELOPER.userid, 'ssm:SessionDocumentAccessCheck': 'true', ...context },
    },
    identityPolicies: [policies[policy]!],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  };
  // The resource-type table cannot parse ARNs with an empty account (AWS-owned documents).
  if (resource.includes('::document/')) return runUnsafeSimulation(simulation, {});
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') throw new Error(`simulation rejected: ${JSON.stringify(result.errors)}`);
  return result.overallResult;
}

describe('restricted port forwarding: a developer with only the database-port policy', () => {
  const policy = 'SessionManagerDatabasePortAccess';

  it('is a policy of its own, attached to the developers group', () => {
    expect(Object.keys(policies).sort()).toEqual(['SessionManagerDatabasePortAccess', 'SessionManagerInstanceAccess', 'SessionManagerUserAccess']);
    const [id] = Object.entries<{ name: string }>(global.resource.aws_iam_policy).find(([, p]) => p.name === policy)!;
    expect(Object.values(global.resource.aws_iam_group_policy_attachment)).toEqual([expect.objectContaining({ group: 'developers', policy_arn: `\${aws_iam_policy.${id}.arn}` })]);
  });

  it.each<[string, string, Record<string, string>, EvaluationResult]>([
    ['starts a session on a tagged node', node, { [`ssm:resourceTag/${TAG.key}`]: TAG.value }, 'Allowed'],
    ['starts a session on an untagged node', node, {}, 'ImplicitlyDenied'],
    [`starts a session with ${DATABASE_PORT}`, ownDocument(DATABASE_PORT), {}, 'Allowed'],
    ['starts a session with AWS-StartPortForwardingSession', awsDocument('AWS-StartPortForwardingSession'), {}, 'ExplicitlyDenied'],
    ['starts a session with AWS-StartPortForwardingSessionToRemoteHost', awsDocument('AWS-StartPortForwardingSessionToRemoteHost'), {}, 'ExplicitlyDenied'],
    ['starts a session with AWS-StartSSHSession', awsDocument('AWS-StartSSHSession'), {}, 'ExplicitlyDenied'],
    ['opens a shell (SSM-SessionManagerRunShell)', ownDocument('SSM-SessionManagerRunShell'), {}, 'ImplicitlyDenied'],
    [`runs ${RESTART_APP}`, ownDocument(RESTART_APP), {}, 'ImplicitlyDenied'],
  ])('%s', async (_name, resource, context, expected) => {
    expect(await startSession(policy, resource, context)).toBe(expected);
  });
});

describe('restricted port forwarding: the everyday user policy (documents left out: all but Port documents)', () => {
  const policy = 'SessionManagerUserAccess';

  it.each<[string, string, EvaluationResult]>([
    ['opens a shell', ownDocument('SSM-SessionManagerRunShell'), 'Allowed'],
    [`runs ${RESTART_APP}`, ownDocument(RESTART_APP), 'Allowed'],
    [`starts ${DATABASE_PORT}, which only its document policy grants`, ownDocument(DATABASE_PORT), 'ImplicitlyDenied'],
    ['starts a session with AWS-StartPortForwardingSession', awsDocument('AWS-StartPortForwardingSession'), 'ExplicitlyDenied'],
  ])('%s', async (_name, resource, expected) => {
    expect(await startSession(policy, resource)).toBe(expected);
  });
});
