/**
 * The bundled example (config/example.yaml) applied for real on the emulator, in every stack, once,
 * and then used by every scenario that needs the applied example, in order:
 * - read back field by field with AWS SDK v3, and a clean re-plan;
 * - the review of real plans (issue 22; docs/ci.md#the-review): changes planned against the applied
 *   state (`plan -out`, `show -json`, -refresh=false: the state was just applied) and rendered by
 *   src/review, once through `npm run diff -- --plan-json`: idleSessionTimeout 10 with `ssh: allow`
 *   (20 -> 10 in each Region, the SSH Deny removed), an idle-timeout change in one account group, a
 *   key policy change, retiring a Region (forgets, destroys nothing that holds data); the work
 *   directories then get the example's configuration back;
 * - `npm run preflight` after the deploy: every resource of the example is the project's own
 *   (listed in its stack's state, or, without the state, tagged ManagedBy and ManagedByStack), exit 0;
 * - `npm run drift` (the real command, with AWS_ENDPOINT_URL and a read-only role name): no drift
 *   (exit 0); then the preferences are changed from outside (a new document version with a modified
 *   input while the default stays pinned to version 1; a modified input in a new default version; a
 *   shortened log group retention; a disabled key) and the check reports each one precisely (exit 1);
 *   after the outside versions are removed and Terraform applies again, no drift (exit 0);
 * - a forward change that touches only the documents, and the review of going back from it
 *   (15 -> 20, not "known after apply").
 * (The drift scenarios were drift-emulator.test.ts, and the review scenarios review-emulator.test.ts,
 * which each applied the same example in an account of their own.) The example's account
 * (111111111111) is kept: the harness assumes a role in it.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetPolicyCommand, GetPolicyVersionCommand, IAMClient, ListPoliciesCommand } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, DisableKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  DeleteDocumentCommand,
  GetDocumentCommand,
  GetParameterCommand,
  GetServiceSettingCommand,
  SSMClient,
  UpdateDocumentCommand,
  UpdateDocumentDefaultVersionCommand,
} from '@aws-sdk/client-ssm';
import { modelFromData } from '../../src/config/load';
import { bucketArn, createdBucketName, logGroupArn } from '../../src/policies/arns';
import { logsKeyPolicy, sessionKeyPolicy } from '../../src/policies/kms';
import { tlsOnlyBucketPolicy } from '../../src/policies/s3';
import { accountLabels } from '../../src/review/accounts';
import { reviewPlan, type ReviewPlanJson } from '../../src/review/plan-review';
import { renderReview } from '../../src/review/render';
import { EXAMPLE_CONFIG, SANDBOX, exampleModel, parsed, stackFor, synthModel, tempDir, unescapeTerraform } from '../helpers';
import { runTsx } from '../support/tsx';
import {
  describeEmulator,
  emulatorCliEnv,
  EMULATOR_ROLE_NAME,
  emulatorWorkDir,
  expectStatus,
  inParallel,
  plannedChanges,
  readDocument,
  sdkConfig,
  startEmulator,
  type Emulator,
  type EmulatorWorkDir,
} from '../support/emulator';

jest.setTimeout(60 * 60_000);

const ACCOUNT = '111111111111';
const REGIONS = ['us-east-1', 'eu-west-1'];
const DOC = 'SSM-SessionManagerRunShell';
type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const exampleData = (): Data => parse(readFileSync(EXAMPLE_CONFIG, 'utf8')) as Data;
const stacks = synthModel(modelFromData(exampleData()));
const example = modelFromData(exampleData());
const GLOBAL = stackFor(example, SANDBOX.name);
const US = stackFor(example, SANDBOX.name, 'us-east-1');
const EU = stackFor(example, SANDBOX.name, 'eu-west-1');
const shardOf = (region: string) => [...stacks.keys()].find((name) => name !== 'sandbox-global' && stacks.get(name)!.includes(`"region": "${region}"`))!;

interface DriftRun {
  readonly status: number | null;
  readonly json: { status: string; differences: { region: string; resource: string; field: string; expected: unknown; actual: unknown }[]; errors: unknown[] };
  readonly markdown: string;
  readonly stderr: string;
}

describeEmulator('the example on the emulator', () => {
  let emulator: Emulator;
  const work = new Map<string, EmulatorWorkDir>();
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator?.stop();
  });
  const client = <T>(C: new (config: ReturnType<typeof sdkConfig>) => T, region: string) => new C(sdkConfig(emulator, region, ACCOUNT));
  const plans = tempDir('review-plans-');

  /** Plans `data` in `names` against the applied state; returns the plan JSON files (<stack>.json). */
  async function planVariant(label: string, data: Data, names: readonly string[]): Promise<string[]> {
    const synthesized = synthModel(modelFromData(data));
    const dir = join(plans, label);
    mkdirSync(dir, { recursive: true });
    // The stacks plan at the same time (runTerraformAsync).
    return inParallel(names, async (name) => {
      const w = work.get(name)!;
      w.write(synthesized.get(name)!);
      expectStatus(await w.runAsync(['plan', '-input=false', '-no-color', '-refresh=false', '-lock=false', '-out=review.tfplan']));
      const show = expectStatus(await w.runAsync(['show', '-json', 'review.tfplan']));
      const file = join(dir, `${name}.json`);
      writeFileSync(file, show.stdout);
      return file;
    });
  }
  const reviewOf = (files: readonly string[], data: Data) =>
    renderReview(
      files.flatMap((f) =>
        reviewPlan(
          f
            .split('/')
            .pop()!
            .replace(/\.json$/, ''),
          JSON.parse(readFileSync(f, 'utf8')) as ReviewPlanJson,
        ),
      ),
      { accounts: accountLabels(modelFromData(data)) },
    );

  it('applies every stack of the example', async () => {
    expect(example).toEqual(exampleModel());
    expect([...stacks.keys()]).toEqual([GLOBAL, US, EU]);
    for (const [name, stack] of stacks) {
      const dir = emulatorWorkDir(emulator, stack, name);
      expectStatus(dir.init());
      work.set(name, dir);
    }
    // The stacks are independent: they apply at the same time (the provider's waiters sleep, runTerraformAsync).
    const applies = await inParallel(work.values(), async (dir) => expectStatus(await dir.applyAsync()));
    for (const apply of applies) expect(apply.stdout).toMatch(/Apply complete! Resources: \d+ added, 0 changed, 0 destroyed\./);
  });

  describe.each(REGIONS)('%s', (region) => {
    const bucket = createdBucketName('ssm-session-logs', ACCOUNT, region);

    it('holds the preferences document as configured, in its default and latest version, with the key of this Region', async () => {
      const doc = (await readDocument(emulator, region, ACCOUNT, DOC))!;
      expect(doc).toMatchObject({ documentType: 'Session', documentFormat: 'JSON' });
      expect(doc.defaultVersion).toBe(doc.latestVersion);
      expect(doc.latestContent).toEqual(doc.defaultContent);
      const { inputs, ...rest } = doc.defaultContent;
      expect(rest).toEqual({
        schemaVersion: '1.0',
        sessionType: 'Standard_Stream',
        description: expect.stringMatching(/^Session Manager preferences managed as code \(session-manager-preferences\)\. \(revision [0-9a-f-]{36}\)$/),
      });
      expect(inputs).toEqual({
        s3BucketName: bucket,
        s3KeyPrefix: 'session-logs',
        s3EncryptionEnabled: true,
        cloudWatchLogGroupName: '/session-manager/sessions',
        cloudWatchEncryptionEnabled: true,
        cloudWatchStreamingEnabled: true,
        idleSessionTimeout: '20',
        maxSessionDuration: '120',
        kmsKeyId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        runAsEnabled: true,
        runAsDefaultUser: 'ssm-user',
        shellProfile: { linux: 'cd $HOME; exec bash -l' },
      });
      const kms = client(KMSClient, region);
      const key = (await kms.send(new DescribeKeyCommand({ KeyId: inputs.kmsKeyId }))).KeyMetadata!;
      expect(key.Arn).toBe(`arn:aws:kms:${region}:${ACCOUNT}:key/${inputs.kmsKeyId}`);
      expect(key.KeyState).toBe('Enabled');
      const alias = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/session-manager/data' }))).KeyMetadata!;
      expect(alias.KeyId).toBe(inputs.kmsKeyId);
      const ssm = client(SSMClient, region);
      const parameter = await ssm.send(new GetParameterCommand({ Name: '/session-manager/session-data-key-id' }));
      expect(parameter.Parameter?.Value).toBe(inputs.kmsKeyId);
      kms.destroy();
      ssm.destroy();
    });

    it('holds the custom document with its override and the shared settings', async () => {
      const doc = (await readDocument(emulator, region, ACCOUNT, 'SessionManager-BreakGlass'))!;
      const base = (await readDocument(emulator, region, ACCOUNT, DOC))!;
      expect(doc.defaultVersion).toBe(doc.latestVersion);
      expect(doc.defaultContent.description).toMatch(/^Longer sessions for incident response; logged like every other session\. \(revision [0-9a-f-]{36}\)$/);
      expect(doc.defaultContent.inputs).toEqual({ ...base.defaultContent.inputs, maxSessionDuration: '480' });
    });

    it('holds the restricted database-port document: type Port, port 5432 fixed, the host limited by the pattern, no inputs', async () => {
      const doc = (await readDocument(emulator, region, ACCOUNT, 'SessionManager-DatabasePort'))!;
      expect(doc.documentType).toBe('Session');
      expect(doc.defaultVersion).toBe(doc.latestVersion);
      expect(doc.defaultContent).toMatchObject({ sessionType: 'Port', properties: { portNumber: '5432', host: '{{ host }}' } });
      expect(doc.defaultContent.parameters.host.allowedPattern).toBe('^db-[a-z0-9-]+\\.internal\\.example\\.com$');
      expect(doc.defaultContent.inputs).toBeUndefined();
    });

    it('has both keys rotating, with the policies the builders make', async () => {
      const kms = client(KMSClient, region);
      const dataKey = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/session-manager/data' }))).KeyMetadata!;
      const logsKey = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/session-manager/logs' }))).KeyMetadata!;
      for (const key of [dataKey, logsKey]) {
        expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))).KeyRotationEnabled).toBe(true);
      }
      const policyOf = async (keyId: string) => JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))).Policy!);
      expect(await policyOf(dataKey.KeyId!)).toEqual(sessionKeyPolicy('aws', ACCOUNT));
      expect(await policyOf(logsKey.KeyId!)).toEqual(
        logsKeyPolicy({ partition: 'aws', accountId: ACCOUNT, region, logGroupArns: [logGroupArn(region, ACCOUNT, '/session-manager/sessions')] }),
      );
      kms.destroy();
    });

    it('has the log group encrypted with the logs key, kept 365 days', async () => {
      const kms = client(KMSClient, region);
      const logsKey = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/session-manager/logs' }))).KeyMetadata!;
      const logs = client(CloudWatchLogsClient, region);
      const groups = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/session-manager/sessions' }))).logGroups!;
      expect(groups.map((g) => [g.logGroupName, g.kmsKeyId, g.retentionInDays])).toEqual([['/session-manager/sessions', logsKey.Arn, 365]]);
      kms.destroy();
      logs.destroy();
    });

    it('has the log bucket encrypted, versioned, private, owner-enforced, TLS-only and expiring', async () => {
      const kms = client(KMSClient, region);
      const logsKey = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/session-manager/logs' }))).KeyMetadata!;
      const s3 = client(S3Client, region);
      const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
      expect(encryption.ServerSideEncryptionConfiguration?.Rules).toEqual([
        { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: logsKey.Arn }, BucketKeyEnabled: true },
      ]);
      expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe('Enabled');
      expect((await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      });
      expect((await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }))).OwnershipControls?.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
      const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy!);
      expect(policy).toEqual(tlsOnlyBucketPolicy(bucketArn('aws', bucket)));
      const rules = (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).Rules!;
      const byId = Object.fromEntries(rules.map((r) => [r.ID, r]));
      expect(byId['expire-session-logs']).toMatchObject({
        Status: 'Enabled',
        Expiration: { Days: 365 },
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      });
      expect(byId['remove-expired-delete-markers']).toMatchObject({ Status: 'Enabled', Expiration: { ExpiredObjectDeleteMarker: true } });
      kms.destroy();
      s3.destroy();
    });

    it('blocks public sharing of documents', async () => {
      const ssm = client(SSMClient, region);
      const setting = await ssm.send(
        new GetServiceSettingCommand({ SettingId: `arn:aws:ssm:${region}:${ACCOUNT}:servicesetting/ssm/documents/console/public-sharing-permission` }),
      );
      expect(setting.ServiceSetting).toMatchObject({ SettingValue: 'Disable', Status: 'Customized' });
      ssm.destroy();
    });
  });

  it('has the IAM policies as synthesized, ${aws:userid} unescaped', async () => {
    const iam = client(IAMClient, 'us-east-1');
    const listed = (await iam.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: '/session-manager/' }))).Policies!;
    const synthesized = Object.values(parsed(stacks.get('sandbox-global')!).resource.aws_iam_policy);
    // The instance and user policies, and the document policies: break-glass, developers (database port), on-call (restart the app).
    expect(listed.map((p) => p.PolicyName).sort()).toEqual([
      'SessionManagerBreakGlassAccess',
      'SessionManagerDevelopersAccess',
      'SessionManagerInstanceAccess',
      'SessionManagerOnCallAccess',
      'SessionManagerUserAccess',
    ]);
    expect(synthesized.map((p) => p.name).sort()).toEqual(listed.map((p) => p.PolicyName).sort());
    for (const policy of listed) {
      const current = (await iam.send(new GetPolicyCommand({ PolicyArn: policy.Arn }))).Policy!;
      const version = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: policy.Arn, VersionId: current.DefaultVersionId }))).PolicyVersion!;
      const document = decodeURIComponent(version.Document!);
      const expected = synthesized.find((p) => p.name === policy.PolicyName)!.policy as string;
      expect(JSON.parse(document)).toEqual(JSON.parse(unescapeTerraform(expected)));
      if (policy.PolicyName === 'SessionManagerUserAccess') {
        expect(document).toContain('"${aws:userid}"');
        expect(document).not.toContain('$${');
      }
    }
    iam.destroy();
  });

  it('re-plans every stack clean', async () => {
    const plans = await inParallel(work, async ([name, dir]) => [name, expectStatus(await dir.planAsync(), 0, 2).status]);
    expect(plans).toEqual([...work.keys()].map((name) => [name, 0]));
  });

  describe('the review of changes planned on the applied example', () => {
    afterAll(() => {
      // The later scenarios read and apply the example: each work directory gets its configuration back.
      for (const [name, w] of work) w.write(stacks.get(name)!);
    });

    it('idleSessionTimeout 10 and ssh: allow, rendered by npm run diff -- --plan-json: 20 -> 10 in each Region, the SSH Deny removed', async () => {
      const data = exampleData();
      data.preferences.idleSessionTimeout = 10;
      data.access.ssh = 'allow';
      const files = await planVariant('done-when', data, [GLOBAL, US, EU]);
      const configFile = join(plans, 'done-when.yaml');
      writeFileSync(configFile, stringify(data));
      const run = runTsx('scripts/diff.ts', ['--plan-json', ...files], { env: { SESSION_PREFS_CONFIG: configFile } });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: expect.not.stringContaining('error') });
      const review = run.stdout;
      writeFileSync(join(plans, 'done-when.md'), review);
      // One section for both Regions: each document's idle timeout, 20 -> 10, named once for both.
      expect(review).toContain('#### sandbox, 2 Regions\n\nsandbox: us-east-1, eu-west-1\n\n');
      const regions = review.slice(review.indexOf('#### sandbox, 2 Regions'));
      expect(regions).toContain('- ~ Session document `SSM-SessionManagerRunShell`\n  - `idleSessionTimeout`: `"20"` → `"10"`');
      expect(regions).toContain('- ~ Session document `SessionManager-BreakGlass`\n  - `idleSessionTimeout`: `"20"` → `"10"`');
      // The user policy loses its SSH Deny; the SSH document is added to the allowed documents.
      expect(review).toContain('- ~ IAM policy `SessionManagerUserAccess`');
      expect(review).toContain('**removed** statement `DenySshSessions`: Effect `"Deny"`; Action `"ssm:StartSession"`; Resource `"arn:aws:ssm:*:*:document/AWS-StartSSHSession"`');
      expect(review).toContain('+ `arn:aws:ssm:us-east-1:*:document/AWS-StartSSHSession`');
      expect(review).not.toContain('known after apply');
      expect(review).not.toContain('CAUTION');
    });

    it('an idle-timeout change in one account group names the group', async () => {
      const data = exampleData();
      data.accountGroups = { production: { preferences: { idleSessionTimeout: 15 } } };
      data.accounts[0].group = 'production';
      const review = reviewOf(await planVariant('group', data, [US, EU]), data);
      expect(review).toContain('#### sandbox (production group), 2 Regions');
      expect(review).toContain('`idleSessionTimeout`: `"20"` → `"15"`');
      expect(review).not.toContain('known after apply');
    });

    it('a key policy change shows the statement removed from the logs key, with what else changes', async () => {
      // Log groups no longer encrypted: the logs key (still the bucket's) no longer lets CloudWatch Logs use it.
      // (Renaming the log group instead would replace it: the plan refuses, the log group is protected from destroy.)
      const data = exampleData();
      data.preferences.cloudWatch.encrypted = false;
      const review = reviewOf(await planVariant('key-policy', data, [US]), data);
      expect(review).toMatch(
        /- ~ key policy \(aws_kms_key logs-key\)\n {2}- \*\*removed\*\* statement `CloudWatchLogsUsesKeyForSessionLogGroupOnly`: Effect `"Allow"`; Principal `\{"Service":"logs\.us-east-1\.amazonaws\.com"\}`; Action `\[[^\n]*"kms:GenerateDataKey\*"[^\n]*\]`; Resource `"\*"`; Condition `[^\n]*log-group:\/session-manager\/sessions[^\n]*`/,
      );
      expect(review).toMatch(new RegExp(`- ~ aws_cloudwatch_log_group log-group\\n {2}- \`kms_key_id\`: \`"arn:aws:kms:us-east-1:${ACCOUNT}:key/[^\`]+"\` → \`null\``));
      expect(review).toContain('`cloudWatchEncryptionEnabled`: `true` → `false`');
      expect(review).not.toContain('CAUTION');
    });

    it('retiring a Region forgets what holds data and destroys none of it', async () => {
      const data = exampleData();
      data.regions = ['us-east-1'];
      data.accounts[0].retiredRegions = ['eu-west-1'];
      const review = reviewOf(await planVariant('retire', data, [GLOBAL, EU]), data);
      expect(review).toContain('[!CAUTION]');
      for (const type of ['aws_s3_bucket', 'aws_cloudwatch_log_group', 'aws_kms_key']) {
        expect(review).toMatch(new RegExp(`\\*\\*FORGET\\*\\* ${type} [^\\n]*nothing deleted`));
        expect(review).not.toMatch(new RegExp(`\\*\\*(DESTROY|REPLACE)\\*\\* ${type} `));
      }
      // The user policy no longer names the retired Region's document.
      expect(review).toContain(`− \`arn:aws:ssm:eu-west-1:${ACCOUNT}:document/SSM-SessionManagerRunShell\``);
    });
  });

  describe('npm run preflight on the applied example', () => {
    /** The real command with a read-only role name; `stateDir` holds `<stack>.tfstate` as the local backend would. */
    function preflightRun(stateDir: string) {
      const run = runTsx('scripts/preflight.ts', ['--config', EXAMPLE_CONFIG, '--json', '--quiet'], {
        timeout: 120_000,
        env: { ...emulatorCliEnv(emulator), SESSION_PREFS_ROLE_NAME: EMULATOR_ROLE_NAME, SESSION_PREFS_STATE_DIR: stateDir },
      });
      const report = JSON.parse(run.stdout) as {
        summary: Record<string, number>;
        accounts: {
          results: {
            region: string;
            findings: { kind: string; name: string; stack: string; severity: string; state: string; managedBy?: string; existing: Record<string, unknown> }[];
          }[];
        }[];
      };
      return { status: run.status, stderr: run.stderr, report, findings: report.accounts.flatMap((a) => a.results.flatMap((r) => r.findings)) };
    }
    // Every named resource the example creates (the sharing setting is already Disable: no finding).
    const named = [
      ...REGIONS.flatMap((r) => [
        `${r} document ${DOC}`,
        `${r} document SessionManager-BreakGlass`,
        `${r} document SessionManager-DatabasePort`,
        `${r} document SessionManager-RestartApp`,
        `${r} kmsAlias alias/session-manager/data`,
        `${r} kmsAlias alias/session-manager/logs`,
        `${r} parameter /session-manager/session-data-key-id`,
        `${r} logGroup /session-manager/sessions`,
        `${r} bucket ${createdBucketName('ssm-session-logs', ACCOUNT, r)}`,
      ]),
    ];

    it("with the stacks' state: every resource is managed (in the state), nothing blocks, exit 0", () => {
      const stateDir = tempDir('preflight-state-');
      for (const [name, dir] of work) copyFileSync(join(dir.dir, 'terraform.tfstate'), join(stateDir, `${name}.tfstate`));
      const run = preflightRun(stateDir);
      expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr }).toEqual({ status: 0, stderr: '' });
      expect(run.report.summary).toMatchObject({ blocking: 0, warning: 0, errors: 0 });
      for (const f of run.findings) expect(f).toMatchObject({ severity: 'info', state: 'managed', managedBy: 'state' });
      const regional = run.report.accounts[0].results.flatMap((r) =>
        r.findings.filter((f) => !f.kind.startsWith('iam') && f.kind !== 'instanceProfile').map((f) => `${r.region} ${f.kind} ${f.name}`),
      );
      expect(regional.sort()).toEqual([...named].sort());
      // The account-wide IAM policies of the global stack are found and managed too.
      expect(run.findings.filter((f) => f.kind === 'iamPolicy').map((f) => f.stack)).toEqual(expect.arrayContaining([stackFor(exampleModel(), SANDBOX.name)]));
      expect(run.report.summary.managed).toBe(run.findings.length);
    });

    it("without the state (not readable here): the ManagedBy tag, with the ManagedByStack tag naming each resource's own stack, says every resource is the project's own, exit 0", () => {
      const run = preflightRun(tempDir('preflight-no-state-'));
      expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr }).toEqual({ status: 0, stderr: '' });
      for (const f of run.findings) {
        expect(f).toMatchObject({ severity: 'info', state: 'managed', managedBy: 'tag' });
        expect(f.existing).toMatchObject({ tag: 'ManagedBy=session-manager-preferences', stackTag: `ManagedByStack=${f.stack}` });
      }
      expect(run.findings.length).toBeGreaterThanOrEqual(named.length);
    });
  });

  describe('npm run drift on the applied example', () => {
    const driftDir = tempDir('drift-e2e-');

    /** The real command, as the workflow runs it: a read-only role name, AWS_ENDPOINT_URL, --json and --markdown. */
    function drift(): DriftRun {
      const markdown = join(driftDir, 'drift.md');
      const run = runTsx('scripts/drift.ts', ['--config', EXAMPLE_CONFIG, '--json', '--markdown', markdown], {
        timeout: 120_000,
        env: { ...emulatorCliEnv(emulator), SESSION_PREFS_ROLE_NAME: EMULATOR_ROLE_NAME },
      });
      if (run.status !== 0 && run.status !== 1) throw new Error(`drift exited ${run.status}:\n${run.stderr}\n${run.stdout}`);
      return { status: run.status, json: JSON.parse(run.stdout), markdown: readFileSync(markdown, 'utf8'), stderr: run.stderr };
    }

    it('a freshly applied organization has no drift (exit 0)', () => {
      const run = drift();
      expect(run.json.errors).toEqual([]);
      expect(run.json.differences).toEqual([]);
      expect(run.status).toBe(0);
      expect(run.markdown).toContain('**No drift.** 1 account, 2 account × Region pairs checked');
    });

    it('changes made from outside are each reported precisely (exit 1)', async () => {
      const ssmEast = client(SSMClient, 'us-east-1');
      const ssmWest = client(SSMClient, 'eu-west-1');
      const edit = async (ssm: SSMClient, change: (inputs: Record<string, unknown>) => void) => {
        const content = JSON.parse((await ssm.send(new GetDocumentCommand({ Name: DOC }))).Content!);
        change(content.inputs);
        return ssm.send(new UpdateDocumentCommand({ Name: DOC, Content: JSON.stringify(content, null, 2), DocumentVersion: '$LATEST' }));
      };
      // us-east-1: someone saves other preferences as a new version; the default stays pinned to version 1.
      const east = await edit(ssmEast, (inputs) => {
        inputs.idleSessionTimeout = '60';
      });
      expect(east.DocumentDescription).toMatchObject({ DocumentVersion: '2', DefaultVersion: '1' });
      // eu-west-1: a new version with CloudWatch streaming off becomes the default.
      await edit(ssmWest, (inputs) => {
        inputs.cloudWatchStreamingEnabled = false;
      });
      await ssmWest.send(new UpdateDocumentDefaultVersionCommand({ Name: DOC, DocumentVersion: '2' }));
      // us-east-1: a week of session logs instead of a year.
      const logs = client(CloudWatchLogsClient, 'us-east-1');
      await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/session-manager/sessions', retentionInDays: 7 }));
      // eu-west-1: the session-data key disabled.
      const kms = client(KMSClient, 'eu-west-1');
      const key = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/session-manager/data' }))).KeyMetadata!.KeyId!;
      await kms.send(new DisableKeyCommand({ KeyId: key }));
      for (const c of [ssmEast, ssmWest, logs, kms]) c.destroy();

      const run = drift();
      // The report docs/drift.md shows.
      process.stdout.write(`drift report of the emulator case:\n${run.markdown}\n`);
      expect(run.json.errors).toEqual([]);
      expect(run.json.differences.map(({ region, resource, field, expected, actual }) => ({ region, resource, field, expected, actual }))).toEqual([
        { region: 'us-east-1', resource: `ssm-document ${DOC}`, field: 'default version is the latest', expected: true, actual: 'false (default 1, latest 2)' },
        { region: 'us-east-1', resource: `ssm-document ${DOC}`, field: 'version 2 (latest): inputs.idleSessionTimeout', expected: '20', actual: '60' },
        { region: 'us-east-1', resource: 'log-group /session-manager/sessions', field: 'retentionInDays', expected: 365, actual: 7 },
        { region: 'eu-west-1', resource: `kms-key ${key} (alias/session-manager/data)`, field: 'keyState', expected: 'Enabled', actual: 'Disabled' },
        { region: 'eu-west-1', resource: `ssm-document ${DOC}`, field: 'version 2 (default, latest): inputs.cloudWatchStreamingEnabled', expected: true, actual: false },
      ]);
      expect(run.status).toBe(1);
      expect(run.json.status).toBe('drift');
      expect(run.markdown).toContain(`| ${SANDBOX.name} (${ACCOUNT}) | us-east-1 | log-group /session-manager/sessions | retentionInDays | \`365\` | \`7\` |`);
    });

    it('after the document versions written outside are removed and Terraform applies again, there is no drift (exit 0)', async () => {
      // Terraform alone cannot repair a document whose default is pinned below the latest version: SSM
      // updates only the latest version (UpdateDocument: InvalidDocumentVersion for default_version 1),
      // and the reviewed content exists already as version 1 (DuplicateDocumentContent). docs/drift.md's
      // remediation: point the default back at the reviewed version and delete the versions written outside.
      const ssmEast = client(SSMClient, 'us-east-1');
      const ssmWest = client(SSMClient, 'eu-west-1');
      await ssmEast.send(new DeleteDocumentCommand({ Name: DOC, DocumentVersion: '2' }));
      await ssmWest.send(new UpdateDocumentDefaultVersionCommand({ Name: DOC, DocumentVersion: '1' }));
      await ssmWest.send(new DeleteDocumentCommand({ Name: DOC, DocumentVersion: '2' }));
      ssmEast.destroy();
      ssmWest.destroy();
      // Terraform restores the log group's retention and enables the key again.
      await inParallel(work.values(), async (dir) => expectStatus(await dir.applyAsync()));
      const run = drift();
      expect(run.json.errors).toEqual([]);
      expect(run.json.differences).toEqual([]);
      expect(run.status).toBe(0);
    });
  });

  it('a forward change (idleSessionTimeout 20 -> 15) changes only the documents of the Region, and takes effect', async () => {
    const data = exampleData();
    data.preferences.idleSessionTimeout = 15;
    const changed = synthModel(modelFromData(data));
    const name = shardOf('eu-west-1');
    const dir = work.get(name)!;
    dir.write(changed.get(name)!);
    const changes = plannedChanges(dir);
    for (const change of changes) {
      // The Port document has no inputs (no idle timeout of its own): only the shell and command documents change.
      expect(change.address).toMatch(/^(aws_ssm_document|terraform_data)\.eu-west-1_(preferences-document|custom-document-SessionManager-(BreakGlass|RestartApp))/);
    }
    expect(changes.filter((c) => c.address.startsWith('aws_ssm_document.')).map((c) => c.actions)).toEqual([['update'], ['update'], ['update']]);
    expectStatus(dir.apply());
    for (const docName of [DOC, 'SessionManager-BreakGlass', 'SessionManager-RestartApp']) {
      const doc = (await readDocument(emulator, 'eu-west-1', ACCOUNT, docName))!;
      expect(doc.defaultVersion).toBe('2');
      expect(doc.latestVersion).toBe('2');
      expect(doc.defaultContent.inputs.idleSessionTimeout).toBe('15');
    }
    expect(expectStatus(dir.plan(), 0, 2).status).toBe(0);
  });

  it('going back to earlier preferences shows the way back (15 -> 20), not "known after apply"', async () => {
    // The forward change above applied 15 in eu-west-1; the example (20) planned again is the way back.
    const back = exampleData();
    const review = reviewOf(await planVariant('going-back', back, [EU]), back);
    expect(review).toContain('- ~ Session document `SSM-SessionManagerRunShell`\n  - `idleSessionTimeout`: `"15"` → `"20"`');
    expect(review).not.toContain('known after apply');
  });
});
