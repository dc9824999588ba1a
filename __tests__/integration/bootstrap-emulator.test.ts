/**
 * Least privilege of the bootstrap roles (src/bootstrap), proven by applying as them on the
 * emulator with IAM enforcement on (moto's INITIAL_NO_AUTH_ACTION_COUNT, set through
 * /moto-api/reset-auth; docs/bootstrap.md, "Proof on the emulator").
 *
 * The roles are created in the example's account with the generated policies. A CI user (the
 * stand-in for the CI role: moto checks a trust policy's principal against the caller's ARN, which
 * for a role session is the assumed-role ARN) may assume them; Terraform runs unchanged but for the
 * provider's credentials and assume_role. Then, with enforcement on:
 * - the deployer applies the example, re-plans it clean, applies a change, retires a Region and
 *   destroys everything not protected by prevent_destroy;
 * - the plan role plans but cannot apply;
 * - drift and preflight run as the read-only role without an authorization error;
 * - the deployer is denied a bucket outside the project's names.
 * moto's recorder counts the requests and distinct actions of each phase.
 *
 * What moto cannot check, and how the copy of each policy loaded into moto differs from the
 * generated one: __tests__/support/bootstrap-emulator.ts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { AttachRolePolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { parse, stringify } from 'yaml';
import { memberRoles } from '../../src/bootstrap/cloudformation';
import { actionsOf } from '../../src/bootstrap/policies';
import { accountRoleTrust } from '../../src/bootstrap/trust';
import { modelFromData } from '../../src/config/load';
import type { Model } from '../../src/model/model';
import { policy } from '../../src/policies/types';
import { resourceTypes } from '../../src/bootstrap/resource-types';
import { EXAMPLE_CONFIG, synthModel, tempDir } from '../helpers';
import {
  describeEmulator,
  EMULATOR_URL_ENV,
  emulatorCliEnv,
  emulatorStack,
  expectStatus,
  inParallel,
  runTerraformAsync,
  sdkConfig,
  startEmulator,
  type Emulator,
} from '../support/emulator';
import { CreateDocumentCommand, SSMClient } from '@aws-sdk/client-ssm';
import { CreateAliasCommand, KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import { runTerraform, type TerraformRun } from '../../src/terraform/offline';
import { runTsx } from '../support/tsx';
import { forMoto, motoControls, type Recorded } from '../support/bootstrap-emulator';

jest.setTimeout(900_000);

const ACCOUNT = '111111111111';
const CI_USER = 'ci-runner';
const WORK = tempDir('bootstrap-emulator-');

/** The example configuration as data (its bootstrap section and all), to derive variants from. */
const EXAMPLE = parse(readFileSync(EXAMPLE_CONFIG, 'utf8')) as Record<string, unknown>;

describeEmulator('bootstrap roles on the emulator with IAM enforcement', () => {
  let emulator: Emulator;
  let ci: { accessKeyId: string; secretAccessKey: string };
  const report: Record<string, Recorded> = {};
  const model = modelFromData(EXAMPLE, 'example', join(EXAMPLE_CONFIG, '..'));
  const roles = memberRoles(model, resourceTypes(model).member, ACCOUNT);
  const roleArn = (kind: string) => `arn:aws:iam::${ACCOUNT}:role/${roles.find((r) => r.kind === kind)!.name}`;

  const { enforce, record } = motoControls(() => emulator.endpoint, report);

  /** A work directory per stack whose providers use the CI user's keys and assume `role`. */
  function workDir(name: string): { dir: string; write(stack: string, role: string): void; run(args: readonly string[]): TerraformRun } {
    const dir = join(WORK, name);
    return {
      dir,
      write(stack, role) {
        const copy = emulatorStack(stack, emulator);
        for (const provider of [copy.provider.aws].flat()) {
          Object.assign(provider, { access_key: ci.accessKeyId, secret_key: ci.secretAccessKey, assume_role: [{ role_arn: role, session_name: 'session-manager-preferences' }] });
        }
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(copy, null, 2));
      },
      run: (args) => runTerraform(dir, args),
    };
  }

  const stacksOf = (m: Model) => synthModel(m);
  const variant = (changes: Record<string, unknown>) => modelFromData({ ...EXAMPLE, ...changes }, 'variant', join(EXAMPLE_CONFIG, '..'));
  const dirs = new Map<string, ReturnType<typeof workDir>>();
  const apply = ['apply', '-auto-approve', '-input=false', '-no-color'];
  const plan = ['plan', '-detailed-exitcode', '-input=false', '-no-color'];

  /** Runs terraform `args` in every stack of `m` as `role`: init one after the other, anything else in all stacks at once. */
  async function runAll(m: Model, role: string, args: readonly string[], ok: number[]): Promise<TerraformRun[]> {
    const stacks = [...stacksOf(m)].map(([name, json]) => {
      const d = dirs.get(name) ?? workDir(name);
      dirs.set(name, d);
      d.write(json, role);
      return d;
    });
    if (args[0] === 'init') return stacks.map((d) => expectStatus(d.run(args), ...ok));
    return inParallel(stacks, async (d) => expectStatus(await runTerraformAsync(d.dir, args), ...ok));
  }

  beforeAll(async () => {
    const external = process.env[EMULATOR_URL_ENV];
    delete process.env[EMULATOR_URL_ENV]; // this file needs an emulator of its own: it turns enforcement on
    process.env.MOTO_RECORDER_FILEPATH = join(WORK, 'moto-recording');
    try {
      emulator = await startEmulator();
    } finally {
      if (external !== undefined) process.env[EMULATOR_URL_ENV] = external;
    }
    const iam = new IAMClient(sdkConfig(emulator, 'us-east-1', ACCOUNT));
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
    const trustModel = { ...model.bootstrap, ci: undefined, trustedPrincipals: [`arn:aws:iam::${ACCOUNT}:user/${CI_USER}`] };
    for (const role of roles) {
      await iam.send(new CreateRoleCommand({ RoleName: role.name, AssumeRolePolicyDocument: JSON.stringify(accountRoleTrust(trustModel, 'aws', role.kind)) }));
      const created = await iam.send(
        new CreatePolicyCommand({
          PolicyName: `${role.name}-1`,
          Path: '/session-manager-bootstrap/',
          PolicyDocument: JSON.stringify(forMoto(role.policy)),
        }),
      );
      await iam.send(new AttachRolePolicyCommand({ RoleName: role.name, PolicyArn: created.Policy!.Arn! }));
    }
    iam.destroy();
    await enforce(true);
  });

  afterAll(async () => {
    await emulator?.stop();
    // The numbers of docs/bootstrap.md: requests and distinct actions per phase and role.
    process.stdout.write(
      `bootstrap emulator runs:\n${Object.entries(report)
        .map(([phase, r]) => `  ${phase}: ${r.requests} requests, ${r.actions.length} actions: ${r.actions.join(' ')}`)
        .join('\n')}\n` + `generated actions: ${roles.map((r) => `${r.name} ${actionsOf(r.policy).length}`).join(', ')}\n`,
    );
  });

  it('the deployer applies the example and re-plans it clean', async () => {
    await record('deployer apply', async () => {
      for (const [name] of stacksOf(model)) {
        const d = workDir(name);
        dirs.set(name, d);
      }
      await runAll(model, roleArn('deployer'), ['init', '-input=false', '-no-color'], [0]);
      await runAll(model, roleArn('deployer'), apply, [0]);
    });
    await record('deployer re-plan', () => runAll(model, roleArn('deployer'), plan, [0]));
  });

  it('the plan role plans (clean and with a change) but cannot apply', async () => {
    await record('plan role plan', () => runAll(model, roleArn('plan'), plan, [0]));
    const changed = variant({ preferences: { ...(EXAMPLE.preferences as object), idleSessionTimeout: 15 } });
    // The change reaches the Region stacks (the documents); applying it as the plan role must fail there.
    const applies = await record('plan role apply (denied)', () => runAll(changed, roleArn('plan'), apply, [0, 1]));
    const failed = applies.filter((a) => a.status === 1);
    expect(failed.length).toBeGreaterThan(0);
    for (const a of failed) expect(a.stderr).toMatch(/AccessDenied|not authorized|403/);
    await record('deployer update', () => runAll(changed, roleArn('deployer'), apply, [0]));
  });

  it('drift and preflight run as the read-only role', async () => {
    const config = join(WORK, 'changed.yaml');
    writeFileSync(config, stringify({ ...EXAMPLE, preferences: { ...(EXAMPLE.preferences as object), idleSessionTimeout: 15 } }));
    const env = {
      ...emulatorCliEnv(emulator),
      AWS_ACCESS_KEY_ID: ci.accessKeyId,
      AWS_SECRET_ACCESS_KEY: ci.secretAccessKey,
      SESSION_PREFS_ROLE_NAME: roles.find((r) => r.kind === 'read')!.name,
    };
    const drift = await record('read role drift', () => runTsx('scripts/drift.ts', ['--config', config, '--json'], { env }));
    expect({ status: drift.status, stderr: drift.status === 0 ? '' : drift.stderr + drift.stdout }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(drift.stdout).differences).toEqual([]);
    // The stacks' state is in the Terraform work directories, not in a state directory preflight reads: the ManagedBy tag
    // tells it every resource is the project's own (managed, exit 0), with no read denied (the tag reads included).
    const preflight = await record('read role preflight', () =>
      runTsx('scripts/preflight.ts', ['--config', config, '--json'], { env: { ...env, SESSION_PREFS_STATE_DIR: join(WORK, 'no-state') } }),
    );
    expect(preflight.stdout + preflight.stderr).not.toMatch(/AccessDenied|not authorized/);
    expect({ status: preflight.status, stderr: preflight.status === 0 ? '' : preflight.stderr }).toEqual({ status: 0, stderr: '' });
    const findings = (JSON.parse(preflight.stdout) as { accounts: { results: { findings: { state: string; managedBy?: string }[] }[] }[] }).accounts.flatMap((a) =>
      a.results.flatMap((r) => r.findings),
    );
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(f).toMatchObject({ state: 'managed', managedBy: 'tag' });
  });

  /** SDK configuration acting as the generated deployer role (assumed with the CI user's keys). */
  const asDeployer = (region: string) => ({
    endpoint: emulator.endpoint,
    region,
    forcePathStyle: true,
    credentials: fromTemporaryCredentials({
      params: { RoleArn: roleArn('deployer'), RoleSessionName: 'deny-check' },
      masterCredentials: ci,
      clientConfig: { endpoint: emulator.endpoint, region: 'us-east-1' },
    }),
  });

  it('denies the deployer a bucket outside the project’s names', async () => {
    const s3 = new S3Client(asDeployer('eu-west-1'));
    await expect(s3.send(new CreateBucketCommand({ Bucket: 'payments-data-111111111111', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }))).rejects.toMatchObject({
      name: 'AccessDenied',
    });
    s3.destroy();
  });

  /**
   * The HTTP status a call ends with (200 when it succeeds). moto answers an IAM denial of a
   * JSON-protocol service (SSM, KMS) with its XML AccessDenied body, which the SDK cannot parse, so
   * the status (403) is what tells a denial.
   */
  async function statusOf(call: Promise<unknown>): Promise<number | undefined> {
    try {
      await call;
      return 200;
    } catch (e) {
      return (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    }
  }

  it('denies the deployer an SSM document and a KMS alias outside the project’s names', async () => {
    const ssm = new SSMClient(asDeployer('eu-west-1'));
    const content = JSON.stringify({ schemaVersion: '1.0', description: 'not ours', sessionType: 'Standard_Stream', inputs: {} });
    expect(await statusOf(ssm.send(new CreateDocumentCommand({ Name: 'Payments-RunShell', DocumentType: 'Session', Content: content })))).toBe(403);
    // The same call on a document of the project's is authorized (it then fails only because the content exists already).
    const ours = await statusOf(ssm.send(new CreateDocumentCommand({ Name: 'SessionManager-BreakGlass', DocumentType: 'Session', Content: content })));
    expect(ours).toBe(400); // DocumentAlreadyExists, not a denial
    ssm.destroy();
    const kms = new KMSClient(asDeployer('eu-west-1'));
    // A key of the project's as the target: only the alias name differs (AWS authorizes CreateAlias on the alias and on the key).
    const data = (await kms.send(new ListAliasesCommand({}))).Aliases!.find((a) => a.AliasName === 'alias/session-manager/data')!;
    expect(await statusOf(kms.send(new CreateAliasCommand({ AliasName: 'alias/payments/data', TargetKeyId: data.TargetKeyId! })))).toBe(403);
    // The project's alias name is authorized (it then fails only because the alias exists already).
    expect(await statusOf(kms.send(new CreateAliasCommand({ AliasName: 'alias/session-manager/data', TargetKeyId: data.TargetKeyId! })))).toBe(400);
    kms.destroy();
  });

  it('the deployer retires a Region and destroys what prevent_destroy does not protect', async () => {
    const retired = variant({ regions: ['us-east-1'], preferences: { ...(EXAMPLE.preferences as object), idleSessionTimeout: 15 }, retiredRegions: ['eu-west-1'] });
    await record('deployer retire', async () => {
      await runAll(retired, roleArn('deployer'), apply, [0]);
      await runAll(retired, roleArn('deployer'), plan, [0]);
    });
    await record('deployer destroy', () => {
      for (const [name, json] of stacksOf(retired)) {
        const d = dirs.get(name)!;
        const resources = (JSON.parse(json).resource ?? {}) as Record<string, Record<string, { lifecycle?: { prevent_destroy?: boolean } }>>;
        const protectedAddresses = Object.entries(resources).flatMap(([type, byName]) =>
          Object.entries(byName).flatMap(([n, r]) => (r.lifecycle?.prevent_destroy ? [`${type}.${n}`] : [])),
        );
        const state = expectStatus(d.run(['state', 'list']))
          .stdout.split('\n')
          .filter((l) => l.trim() !== '');
        const kept = state.filter((a) => protectedAddresses.includes(a));
        if (kept.length > 0) expectStatus(d.run(['state', 'rm', ...kept]));
        expectStatus(d.run(['destroy', '-auto-approve', '-input=false', '-no-color']));
        expect(expectStatus(d.run(['state', 'list'])).stdout.trim()).toBe('');
      }
    });
  });
});
