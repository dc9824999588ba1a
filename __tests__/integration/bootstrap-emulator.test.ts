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
 * What moto cannot check, and how the copy loaded into moto differs from the generated policy
 * (nothing else is changed; the action lists are exactly the generated ones):
 * - moto authorizes KMS, SSM, CloudWatch Logs and most IAM requests against Resource "*", so a
 *   statement scoped to the project's ARNs would never match: the copy widens non-S3 resources to
 *   "*". S3 is authorized on the bucket ARN, so S3 statements keep the project's bucket names.
 *   The ARN scoping of KMS aliases, SSM documents and the rest is proven by the IAM policy engine
 *   in __tests__/bootstrap-policies.test.ts;
 * - moto treats every condition key but sts:ExternalId as unmet (the statement then denies), so
 *   the copy drops Conditions (tag, Region and iam:PassedToService conditions: policy engine);
 * - moto's S3 authorizes HEAD bucket as s3:HeadBucket (AWS: s3:ListBucket) and PUT ?encryption,
 *   ?ownershipControls and ?publicAccessBlock as s3:CreateBucket: the EMULATOR_ONLY statement below
 *   adds those aliases on the project's buckets; the generated policy never carries them.
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
import { policy, type PolicyDocument, type Statement } from '../../src/policies/types';
import { resourceKinds, typesOf } from '../../stacks/resource-kinds';
import { EXAMPLE_CONFIG, synthModel, tempDir } from '../helpers';
import { describeEmulator, EMULATOR_URL_ENV, emulatorCliEnv, emulatorStack, expectStatus, sdkConfig, startEmulator, type Emulator } from '../support/emulator';
import { runTerraform, type TerraformRun } from '../../src/terraform/offline';
import { runTsx } from '../support/tsx';

jest.setTimeout(900_000);

const ACCOUNT = '111111111111';
const CI_USER = 'ci-runner';
const WORK = tempDir('bootstrap-emulator-');

/** The example configuration as data (its bootstrap section and all), to derive variants from. */
const EXAMPLE = parse(readFileSync(EXAMPLE_CONFIG, 'utf8')) as Record<string, unknown>;

/** moto's own S3 action names (see the file comment): what moto checks instead of the AWS action. */
const MOTO_S3_ALIASES: Readonly<Record<string, string>> = {
  's3:ListBucket': 's3:HeadBucket',
  's3:PutEncryptionConfiguration': 's3:CreateBucket',
  's3:PutBucketOwnershipControls': 's3:CreateBucket',
  's3:PutBucketPublicAccessBlock': 's3:CreateBucket',
};

/**
 * The copy of a generated policy moto can evaluate (see the file comment): non-S3 resources
 * widened to "*", no conditions, and, labelled EmulatorOnly, moto's S3 names for the S3 actions
 * the policy grants, on the same resources.
 */
function forMoto(doc: PolicyDocument): PolicyDocument {
  const statements = doc.Statement.map((s): Statement => {
    const resources = typeof s.Resource === 'string' ? [s.Resource] : [...s.Resource];
    const s3 = resources.every((r) => r.startsWith('arn:aws:s3:::'));
    return { Sid: s.Sid, Effect: s.Effect, Action: s.Action, Resource: s3 ? s.Resource : '*' };
  });
  const aliases = doc.Statement.flatMap((s): Statement[] => {
    const actions = [...new Set((typeof s.Action === 'string' ? [s.Action] : [...s.Action]).flatMap((a) => (MOTO_S3_ALIASES[a] ? [MOTO_S3_ALIASES[a]] : [])))].sort();
    return actions.length === 0 ? [] : [{ Sid: `EmulatorOnlyMotoS3Names${s.Sid}`, Effect: 'Allow', Action: actions, Resource: s.Resource }];
  });
  return policy(...statements, ...aliases);
}

/** The IAM action of one recorded request (S3 REST requests as method and sub-resource: moto's recorder has no action name for them). */
function actionOf(entry: { headers: Record<string, string>; method: string; url: string; body?: string; body_encoded?: boolean }): string {
  const auth = entry.headers.Authorization ?? entry.headers.authorization ?? '';
  const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(auth)?.[1] ?? 'unknown';
  const target = entry.headers['X-Amz-Target'] ?? entry.headers['x-amz-target'];
  if (target) return `${service}:${target.split('.').pop()}`;
  const body = entry.body_encoded && entry.body ? Buffer.from(entry.body, 'base64').toString('utf8') : (entry.body ?? '');
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body)?.[1] ?? /[?&]Action=([A-Za-z]+)/.exec(entry.url)?.[1];
  if (action) return `${service}:${action}`;
  const query = new URL(entry.url, 'http://x').searchParams;
  const sub = [...query.keys()].filter((k) => !['x-id', 'list-type', 'max-keys', 'encoding-type'].includes(k)).join('&');
  return `${service}:${entry.method} ${sub || 'bucket'}`;
}

/** A phase's requests and distinct actions, from moto's recorder. */
interface Recorded {
  readonly requests: number;
  readonly actions: readonly string[];
}

describeEmulator('bootstrap roles on the emulator with IAM enforcement', () => {
  let emulator: Emulator;
  let ci: { accessKeyId: string; secretAccessKey: string };
  const report: Record<string, Recorded> = {};
  const model = modelFromData(EXAMPLE, 'example', join(EXAMPLE_CONFIG, '..'));
  const kinds = resourceKinds(model);
  const roles = memberRoles(model, typesOf(kinds, 'member'), ACCOUNT);
  const roleArn = (kind: string) => `arn:aws:iam::${ACCOUNT}:role/${roles.find((r) => r.kind === kind)!.name}`;

  async function motoApi(path: string, body?: string): Promise<string> {
    const res = await fetch(`${emulator.endpoint}/moto-api/${path}`, { method: body === undefined && path.includes('download') ? 'GET' : 'POST', body });
    if (!res.ok) throw new Error(`moto-api ${path}: ${res.status}`);
    return res.text();
  }
  /** Enforcement on (every request checked against the caller's identity policies) or off. */
  const enforce = (on: boolean) => motoApi('reset-auth', on ? '0' : '1e18');
  async function record<T>(phase: string, run: () => T | Promise<T>): Promise<T> {
    await motoApi('recorder/reset-recording');
    await motoApi('recorder/start-recording');
    try {
      return await run();
    } finally {
      await motoApi('recorder/stop-recording');
      const lines = (await motoApi('recorder/download-recording')).split('\n').filter((l) => l.trim() !== '');
      const entries = lines.map((l) => JSON.parse(l)).filter((e) => !String(e.url).includes('/moto-api/'));
      report[phase] = { requests: entries.length, actions: [...new Set(entries.map(actionOf))].sort() };
    }
  }

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

  function runAll(m: Model, role: string, args: readonly string[], ok: number[]): TerraformRun[] {
    return [...stacksOf(m)].map(([name, json]) => {
      const d = dirs.get(name) ?? workDir(name);
      dirs.set(name, d);
      d.write(json, role);
      return expectStatus(d.run(args), ...ok);
    });
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
    await record('deployer apply', () => {
      for (const [name] of stacksOf(model)) {
        const d = workDir(name);
        dirs.set(name, d);
      }
      runAll(model, roleArn('deployer'), ['init', '-input=false', '-no-color'], [0]);
      runAll(model, roleArn('deployer'), apply, [0]);
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

  it('denies the deployer a bucket outside the project’s names', async () => {
    const s3 = new S3Client({
      endpoint: emulator.endpoint,
      region: 'eu-west-1',
      forcePathStyle: true,
      credentials: fromTemporaryCredentials({
        params: { RoleArn: roleArn('deployer'), RoleSessionName: 'deny-check' },
        masterCredentials: ci,
        clientConfig: { endpoint: emulator.endpoint, region: 'us-east-1' },
      }),
    });
    await expect(s3.send(new CreateBucketCommand({ Bucket: 'payments-data-111111111111', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }))).rejects.toMatchObject({
      name: 'AccessDenied',
    });
    s3.destroy();
  });

  it('the deployer retires a Region and destroys what prevent_destroy does not protect', async () => {
    const retired = variant({ regions: ['us-east-1'], preferences: { ...(EXAMPLE.preferences as object), idleSessionTimeout: 15 }, retiredRegions: ['eu-west-1'] });
    await record('deployer retire', () => {
      runAll(retired, roleArn('deployer'), apply, [0]);
      runAll(retired, roleArn('deployer'), plan, [0]);
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
