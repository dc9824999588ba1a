/**
 * The review of real plans (issue 22): the example (config/example.yaml) is applied once on the
 * emulator, then changes are planned against that state (`plan -out`, `show -json`) and rendered
 * by src/review, once through `npm run diff -- --plan-json`:
 *
 * - idleSessionTimeout 10 and ssh: allow (the "Done when"): 20 -> 10 in each Region, the SSH Deny
 *   statement removed from the user policy;
 * - an idle-timeout change in one account group;
 * - a key policy change (log groups no longer encrypted: a statement removed from the logs key);
 * - retiring a Region (forgets, nothing destroyed that holds data);
 * - going back to earlier preferences (10 applied, then 20 planned: 10 -> 20, not "known after apply").
 *
 * Variants plan with -refresh=false: the state was just applied, and the review reads the plan only.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { modelFromData } from '../../src/config/load';
import { accountLabels } from '../../src/review/accounts';
import { reviewPlan, type ReviewPlanJson } from '../../src/review/plan-review';
import { renderReview } from '../../src/review/render';
import { EXAMPLE_CONFIG, SANDBOX, stackFor, synthModel, tempDir } from '../helpers';
import { runTsx } from '../support/tsx';
import { applyStacks, describeEmulator, emulatorForBlock, expectStatus, inParallel, type EmulatorWorkDir } from '../support/emulator';

jest.setTimeout(60 * 60_000);

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
/** An account of this file's own (docs/testing.md): the shared emulator also holds emulator-example's 111111111111. */
const ACCOUNT = '260000000001';
/** The example in this file's account (same account name, so the same stack names). */
const exampleData = (): Data => {
  const data = parse(readFileSync(EXAMPLE_CONFIG, 'utf8')) as Data;
  return { ...data, accounts: [{ ...data.accounts[0], id: ACCOUNT }] };
};
const example = modelFromData(exampleData());
const GLOBAL = stackFor(example, SANDBOX.name);
const US = stackFor(example, SANDBOX.name, 'us-east-1');
const EU = stackFor(example, SANDBOX.name, 'eu-west-1');

describeEmulator('the review of changes planned on the applied example', () => {
  const emulator = emulatorForBlock();
  const work = new Map<string, EmulatorWorkDir>();
  const plans = tempDir('review-plans-');

  /** Plans `data` in `stacks` against the applied state; returns the plan JSON files (<stack>.json). */
  async function planVariant(label: string, data: Data, stacks: readonly string[]): Promise<string[]> {
    const synthesized = synthModel(modelFromData(data));
    const dir = join(plans, label);
    mkdirSync(dir, { recursive: true });
    // The stacks plan at the same time (runTerraformAsync).
    return inParallel(stacks, async (name) => {
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
    for (const [name, w] of await applyStacks(emulator(), synthModel(example))) work.set(name, w);
    expect([...work.keys()].sort()).toEqual([GLOBAL, US, EU].sort());
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
    expect(review).toMatch(/- ~ aws_cloudwatch_log_group log-group\n {2}- `kms_key_id`: `"arn:aws:kms:us-east-1:260000000001:key\/[^`]+"` → `null`/);
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

  it('going back to earlier preferences shows the way back (10 -> 20), not "known after apply"', async () => {
    const ten = exampleData();
    ten.preferences.idleSessionTimeout = 10;
    const w = work.get(US)!;
    w.write(synthModel(modelFromData(ten)).get(US)!);
    expectStatus(w.apply());
    const back = exampleData();
    const review = reviewOf(await planVariant('going-back', back, [US]), back);
    expect(review).toContain('- ~ Session document `SSM-SessionManagerRunShell`\n  - `idleSessionTimeout`: `"10"` → `"20"`');
    expect(review).not.toContain('known after apply');
  });
});
