/**
 * Least privilege of the bootstrap deployer roles for a configuration with a lambda-mode Region
 * (documentManagement: lambda) and a log archive account (logArchive.accountId), proven by applying
 * and re-planning as them on an emulator of this file's own with IAM enforcement on (as
 * bootstrap-emulator.test.ts does for the example; the policies loaded into moto are the copies
 * of __tests__/support/bootstrap-emulator.ts, action lists exactly the generated ones).
 *
 * The member account's stacks apply as the generated member deployer, the archive stack as the
 * generated log-archive deployer, each from a CI user that may assume them.
 *
 * moto cannot run a Lambda function: it is switched to its Lambda backend without Docker
 * (/moto-api/config, lambda.use_docker false), which stores the function and answers an Invoke
 * without running it. So Terraform's aws_lambda_invocation is authorized and recorded as on AWS,
 * and the updater's handler is then run in-process with the invocation's input
 * (emulator-updater.test.ts), to write the preferences document the function would write.
 * The archive provider is not in the local mirror: stubArchiveFiles builds the function's zip.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { AttachRolePolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { archiveRoles, memberRoles, type RolePolicies } from '../../src/bootstrap/cloudformation';
import { actionsOf } from '../../src/bootstrap/policies';
import { resourceTypes } from '../../src/bootstrap/resource-types';
import { accountRoleTrust } from '../../src/bootstrap/trust';
import { modelFromData } from '../../src/config/load';
import { PREFERENCES_DOCUMENT_NAME } from '../../src/model/model';
import { planResources } from '../../src/plan/resource-plan';
import { policy } from '../../src/policies/types';
import { initTerraform, type TerraformRun } from '../../src/terraform/offline';
import { minimalConfig, parsed, synthModel, tempDir } from '../helpers';
import { forMoto, motoControls, stubArchiveFiles, type Recorded } from '../support/bootstrap-emulator';
import { runTsx } from '../support/tsx';
import {
  describeEmulator,
  emulatorCliEnv,
  emulatorStack,
  expectStatus,
  runTerraformAsync,
  invokeUpdater,
  readDocument,
  sdkConfig,
  startEmulator,
  type Emulator,
} from '../support/emulator';

jest.setTimeout(600_000);

/** This file's accounts (docs/testing.md): the member account and the log archive account. */
const MEMBER = '270000000001';
const ARCHIVE = '270000000002';
const REGION = 'eu-west-1';
const CI_USER = 'ci-runner';
const WORK = tempDir('bootstrap-emulator-lambda-archive-');

const CONFIG = minimalConfig({
  regions: [REGION],
  accounts: [{ id: MEMBER, name: 'lambda-member' }],
  documentManagement: 'lambda',
  preferences: { s3: { enabled: true } },
  logArchive: { accountId: ARCHIVE },
  bootstrap: { trustedPrincipals: [`arn:aws:iam::${MEMBER}:role/ci`] },
});
const model = modelFromData(CONFIG);
const types = resourceTypes(model);
const member = memberRoles(model, types.member, MEMBER).find((r) => r.kind === 'deployer')!;
const archive = archiveRoles(model, types.archive).find((r) => r.kind === 'deployer')!;
/** The read-only role of each account (the same name in both): drift and preflight run as it. */
const memberRead = memberRoles(model, types.member, MEMBER).find((r) => r.kind === 'read')!;
const archiveRead = archiveRoles(model, types.archive).find((r) => r.kind === 'read')!;
/** Synthesized stacks by side: the archive stacks are the log-archive account's. */
const stacks = (() => {
  const all = synthModel(model);
  const archiveNames = new Set(planResources(model).archive.map((a) => a.stack));
  const pick = (archiveSide: boolean) => [...all].filter(([name]) => archiveNames.has(name) === archiveSide);
  return { member: pick(false), archive: pick(true) };
})();

describeEmulator('bootstrap deployers of a lambda-mode Region and a log archive on the emulator with IAM enforcement', () => {
  let emulator: Emulator;
  let ci: { accessKeyId: string; secretAccessKey: string };
  const report: Record<string, Recorded> = {};
  const timings: string[] = [];
  const started = Date.now();
  const { api: moto, enforce, record } = motoControls(() => emulator.endpoint, report);

  /** Writes the emulator copy of a stack whose providers use the CI user's keys and assume `role` in `account`; returns its work directory. */
  function workDir(name: string, json: string, account: string, role: RolePolicies): string {
    const copy = emulatorStack(stubArchiveFiles(parsed(json)), emulator);
    for (const provider of [copy.provider.aws].flat()) {
      Object.assign(provider, {
        access_key: ci.accessKeyId,
        secret_key: ci.secretAccessKey,
        assume_role: [{ role_arn: `arn:aws:iam::${account}:role/${role.name}`, session_name: 'session-manager-preferences' }],
      });
    }
    const dir = join(WORK, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(copy, null, 2));
    return dir;
  }

  /**
   * apply, then a plan that must find nothing to change, in `dir` (initialized): the stacks run side
   * by side, since they do not depend on each other (init, which shares the plugin cache, runs first, one at a time).
   */
  async function applyAndReplan(stack: string, dir: string): Promise<{ stack: string; runs: TerraformRun[] }> {
    const apply = expectStatus(await runTerraformAsync(dir, ['apply', '-auto-approve', '-input=false', '-no-color', '-parallelism=10']));
    const plan = await runTerraformAsync(dir, ['plan', '-detailed-exitcode', '-input=false', '-no-color']);
    return { stack, runs: [apply, plan] };
  }

  beforeAll(async () => {
    process.env.MOTO_RECORDER_FILEPATH = join(WORK, 'moto-recording');
    emulator = await startEmulator({ dedicated: true }); // enforcement is turned on: never the shared emulator
    await moto('config', JSON.stringify({ lambda: { use_docker: false } }));
    const iam = new IAMClient(sdkConfig(emulator, 'us-east-1', MEMBER));
    await iam.send(new CreateUserCommand({ UserName: CI_USER }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: CI_USER }));
    ci = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
    await iam.send(
      new PutUserPolicyCommand({
        UserName: CI_USER,
        PolicyName: 'assume-bootstrap-roles',
        PolicyDocument: JSON.stringify(policy({ Sid: 'Assume', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' })),
      }),
    );
    iam.destroy();
    // moto checks a trust policy's principal against the caller's ARN: the roles trust the CI user (bootstrap-emulator.test.ts).
    const trustModel = { ...model.bootstrap, ci: undefined, trustedPrincipals: [`arn:aws:iam::${MEMBER}:user/${CI_USER}`] };
    for (const [account, role] of [
      [MEMBER, member],
      [ARCHIVE, archive],
      [MEMBER, memberRead],
      [ARCHIVE, archiveRead],
    ] as const) {
      const client = new IAMClient(sdkConfig(emulator, 'us-east-1', account));
      await client.send(new CreateRoleCommand({ RoleName: role.name, AssumeRolePolicyDocument: JSON.stringify(accountRoleTrust(trustModel, 'aws', role.kind)) }));
      const created = await client.send(
        new CreatePolicyCommand({ PolicyName: `${role.name}-1`, Path: '/session-manager-bootstrap/', PolicyDocument: JSON.stringify(forMoto(role.policy)) }),
      );
      await client.send(new AttachRolePolicyCommand({ RoleName: role.name, PolicyArn: created.Policy!.Arn! }));
      client.destroy();
    }
    await enforce(true);
  });

  afterAll(async () => {
    await emulator?.stop();
    process.stdout.write(
      `bootstrap emulator runs (lambda mode and log archive, ${Math.round((Date.now() - started) / 1000)} s):\n${Object.entries(report)
        .map(([phase, r]) => `  ${phase}: ${r.requests} requests, ${r.actions.length} actions: ${r.actions.join(' ')}`)
        .join('\n')}\n${timings.map((t) => `  ${t}\n`).join('')}` +
        `generated actions: member deployer ${actionsOf(member.policy).length}, log-archive deployer ${actionsOf(archive.policy).length}\n`,
    );
  });

  it('the generated policies are those of a lambda-mode Region and an archive', () => {
    expect(actionsOf(member.policy)).toEqual(expect.arrayContaining(['lambda:CreateFunction', 'lambda:InvokeFunction', 'iam:PutRolePolicy', 'iam:PassRole']));
    expect(actionsOf(archive.policy)).toEqual(expect.arrayContaining(['kms:CreateKey', 's3:CreateBucket', 's3:PutBucketPolicy']));
    expect(actionsOf(archive.policy).some((a) => a.startsWith('lambda:') || a.startsWith('ssm:'))).toBe(false);
    expect(stacks.member.length).toBeGreaterThan(0);
    expect(stacks.archive.length).toBeGreaterThan(0);
  });

  it('the member deployer applies the lambda-mode Region, the log-archive deployer the archive, and both re-plan clean', async () => {
    const dirs = [
      ...stacks.member.map(([name, json]) => [name, workDir(name, json, MEMBER, member)] as const),
      ...stacks.archive.map(([name, json]) => [name, workDir(name, json, ARCHIVE, archive)] as const),
    ];
    const results = await record('deployers apply and re-plan', () => {
      for (const [name, dir] of dirs) timings.push(`${name}: init ${Math.round(expectStatus(initTerraform(dir, ['init', '-input=false', '-no-color'])).seconds)} s`);
      return Promise.all(dirs.map(([name, dir]) => applyAndReplan(name, dir)));
    });
    for (const r of results) timings.push(`${r.stack}: ${r.runs.map((run) => `${run.args[0]} ${Math.round(run.seconds)} s`).join(', ')}`);
    const replans = results.map((r) => ({ stack: r.stack, status: r.runs[1].status, out: r.runs[1].status === 0 ? '' : r.runs[1].stderr + r.runs[1].stdout.slice(-4000) }));
    expect(replans).toEqual(results.map((r) => ({ stack: r.stack, status: 0, out: '' })));
    // Lambda requests were made as the deployer, and authorized by its policy (moto enforces Lambda too).
    expect(report['deployers apply and re-plan'].actions.some((a) => a.startsWith('lambda:'))).toBe(true);

    // What the function would do with the invocation's input (Terraform's create): run in-process as the updater.
    // The input as Terraform sent it (references resolved, the key ID included): from the state of the Region stack.
    const [regionName] = stacks.member.find(([, json]) => json.includes('aws_lambda_invocation'))!;
    const shown = JSON.parse(expectStatus(await runTerraformAsync(dirs.find(([name]) => name === regionName)![1], ['show', '-json'])).stdout) as {
      values: { root_module: { resources: { type: string; values: { input?: string } }[] } };
    };
    const invocation = shown.values.root_module.resources.find((r) => r.type === 'aws_lambda_invocation')!;
    const input = JSON.parse(invocation.values.input!) as { content: unknown };
    await enforce(false);
    try {
      await invokeUpdater(emulator, REGION, MEMBER, { ...input, tf: { action: 'create', prev_input: null } });
      expect((await readDocument(emulator, REGION, MEMBER, PREFERENCES_DOCUMENT_NAME))?.defaultContent).toEqual(input.content);
    } finally {
      await enforce(true);
    }
  });
  it("drift and preflight run as the read-only roles of both accounts: the updater function and its role's trust and policies, the archive key and bucket (ownership, Object Lock) read, no drift, everything managed", async () => {
    const config = join(WORK, 'config.yaml');
    writeFileSync(config, stringify(CONFIG));
    const env = {
      ...emulatorCliEnv(emulator),
      AWS_ACCESS_KEY_ID: ci.accessKeyId,
      AWS_SECRET_ACCESS_KEY: ci.secretAccessKey,
      SESSION_PREFS_ROLE_NAME: memberRead.name,
      SESSION_PREFS_STATE_DIR: join(WORK, 'no-state'), // no state here: the ManagedBy tag says what is ours
    };
    expect(archiveRead.name).toBe(memberRead.name);
    const drift = await record('read roles drift', () => runTsx('scripts/drift.ts', ['--config', config, '--json'], { env }));
    expect({ status: drift.status, stderr: drift.status === 0 ? '' : drift.stderr + drift.stdout }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(drift.stdout)).toMatchObject({ differences: [], errors: [] });
    // The function and the archive were read (as each account's read-only role).
    const read = report['read roles drift'].actions;
    expect(read.filter((a) => a.startsWith('lambda:GET /functions/'))).toHaveLength(1);
    expect(read).toEqual(expect.arrayContaining(['kms:DescribeKey', 'kms:GetKeyRotationStatus', 's3:GET policy', 's3:GET lifecycle']));
    // The updater's role with its trust, attached and inline policies; the buckets' ownership controls and Object Lock.
    expect(read).toEqual(expect.arrayContaining(['iam:GetRole', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies']));
    // (moto authorizes these two S3 reads as s3:ListBucket; the IAM reads are enforced under their own names.)
    expect(read.filter((a) => /^s3:GET (ownershipControls|object-lock)$/.test(a)).sort()).toEqual(['s3:GET object-lock', 's3:GET ownershipControls']);
    const preflight = await record('read roles preflight', () => runTsx('scripts/preflight.ts', ['--config', config, '--json'], { env }));
    expect(preflight.stdout + preflight.stderr).not.toMatch(/AccessDenied|not authorized/);
    expect({ status: preflight.status, stderr: preflight.status === 0 ? '' : preflight.stderr }).toEqual({ status: 0, stderr: '' });
    const findings = (JSON.parse(preflight.stdout) as { accounts: { results: { findings: { kind?: string; state: string; managedBy?: string }[] }[] }[] }).accounts.flatMap((a) =>
      a.results.flatMap((r) => r.findings),
    );
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(f).toMatchObject({ state: 'managed', managedBy: 'tag' });
  });
});
