/** Shared helpers of the test suite (not a test file). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { stringify } from 'yaml';
import { ConfigError, formatIssue, loadConfig, modelFromData } from '../src/config/load';
import type { Model } from '../src/model/model';
import { globalStackName, planStacks } from '../src/model/stack-plan';
import { planAccount } from '../src/plan/resource-plan';
import { AccountGlobalStack } from '../stacks/account-global-stack';
import { addStacks } from '../stacks/app';
import type { DriftWorld } from '../src/testing/fake-world';
import { worldFromSynth } from '../src/testing/synthesized-world';
import { tempDir } from './support/temp-dirs';

export { KEEP_TEMP_ENV, removeTempDirs, tempDir } from './support/temp-dirs';

export const ROOT = join(__dirname, '..');
export const EXAMPLE_CONFIG = join(ROOT, 'config', 'example.yaml');

/** The bundled example configuration as a model. */
export function exampleModel(): Model {
  return loadConfig(EXAMPLE_CONFIG);
}

/** The one account and Region of minimalConfig() (the example configuration's first account too). */
export const SANDBOX = { id: '111111111111', name: 'sandbox', region: 'eu-west-1' } as const;

/** The smallest valid configuration, with `extra` merged in at the top level. */
export function minimalConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { version: 1, regions: [SANDBOX.region], accounts: [{ id: SANDBOX.id, name: SANDBOX.name }], ...extra };
}

/** Everything the app can create: lambda mode, every access option, a log archive (in `archiveAccount`) with Object Lock. */
export function everyFeatureConfig(archiveAccount: string): Record<string, unknown> {
  return minimalConfig({
    regions: ['eu-west-1', 'us-east-1'],
    documentManagement: 'lambda',
    preferences: { s3: { enabled: true } },
    customDocuments: [{ name: 'BreakGlass-Shell', preferences: { maxSessionDuration: 480 } }],
    access: {
      instance: { createRole: true, attachToRoles: ['app-instance'], defaultHostManagement: { createRole: true, setServiceSetting: true } },
      user: { attachToGroups: ['ops'], attachToRoles: ['ops-role'], attachToUsers: ['alice'] },
      documentPolicies: [{ name: 'BreakGlass', documents: ['BreakGlass-Shell'], attachToGroups: ['responders'] }],
    },
    logArchive: { accountId: archiveAccount, objectLock: { mode: 'GOVERNANCE', retentionDays: 30 } },
  });
}

/** Model of minimalConfig(extra). */
export function minimalModel(extra: Record<string, unknown> = {}): Model {
  return modelFromData(minimalConfig(extra));
}

/** A resource block of synthesized Terraform JSON, by type, keyed by logical ID. */
export type Resources = Record<string, Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Synthesized stacks of a model: Terraform JSON text per stack name. */
export function synthModel(model: Model): Map<string, string> {
  const app = Testing.app({ outdir: tempDir('cdktf-app-') });
  const stacks = addStacks(app, model);
  return new Map([...stacks].map(([name, stack]) => [name, Testing.synth(stack)]));
}

const synthesizedOf = new WeakMap<Model, string[]>();

/**
 * The organization a clean deploy of `model`'s synthesized stacks would leave (worldFromSynth,
 * src/testing/synthesized-world.ts): the drift tests' "as deployed" world, never made from drift's
 * expected state. A fresh world on every call; the model is synthesized once.
 */
export function deployedWorld(model: Model): DriftWorld {
  let stacks = synthesizedOf.get(model);
  if (!stacks) {
    stacks = [...synthModel(model).values()];
    synthesizedOf.set(model, stacks);
  }
  return worldFromSynth(stacks);
}

/**
 * Name of the stack that holds `region` of the account named `account`, or of the account's
 * account-wide stack without a Region: asked of the app's own plan (src/model/stack-plan.ts), so no
 * test spells out a shard number.
 */
export function stackFor(model: Model, account: string, region?: string): string {
  const plan = planStacks(model).find(
    (p) => p.account.name === account && (region === undefined ? p.kind === 'global' : p.kind === 'regions' && p.regions.some((r) => r.region === region)),
  );
  if (plan === undefined) throw new Error(`no stack for ${account}${region === undefined ? '' : ` in ${region}`}`);
  return plan.name;
}

/** Synthesized Terraform JSON of one stack of `model`; by default the one with the sandbox account's eu-west-1 (minimalConfig's only Region). */
export function synthStack(model: Model, name: string = stackFor(model, SANDBOX.name, SANDBOX.region)): string {
  const json = synthModel(model).get(name);
  if (json === undefined) throw new Error(`stack ${name} was planned but not synthesized`);
  return json;
}

/** The account-wide stack of one account (default: the first) alone, with the access settings the app gives it (its group's, or the top-level ones). */
export function synthGlobal(model: Model, account = model.accounts[0]): string {
  return Testing.synth(
    new AccountGlobalStack(Testing.app({ outdir: tempDir('cdktf-app-') }), globalStackName(account.name), {
      plan: planAccount(model, account),
      tags: model.tags,
      backend: model.backend,
    }),
  );
}

/** Parsed Terraform JSON of one synthesized stack. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function parsed(json: string): { provider: { aws: any[] }; resource: Record<string, Resources>; import?: any[]; terraform: any } {
  return JSON.parse(json);
}

/** All resources of `type` in a stack whose provider is `aws.<alias>`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function resourcesIn(json: string, type: string, alias?: string): Record<string, any>[] {
  const all = Object.values(parsed(json).resource[type] ?? {});
  return alias === undefined ? all : all.filter((r) => r.provider === `aws.${alias}`);
}

/** The formatted problems of a configuration, or [] when it is valid. */
export function configProblems(data: unknown): string[] {
  return problemsOf(() => modelFromData(data));
}

/** The formatted problems `load` throws as a ConfigError, or [] when it returns. */
export function problemsOf(load: () => unknown): string[] {
  try {
    load();
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map(formatIssue);
    throw e;
  }
}

/**
 * Writes a configuration file into a fresh temp directory and returns its path: `content` as is
 * when it is text (lines are joined with newlines), otherwise written as YAML.
 */
export function writeTempConfig(content: string | readonly string[] | Record<string, unknown>, name = 'config.yaml'): string {
  const file = join(tempDir('config-'), name);
  const text = typeof content === 'string' ? content : Array.isArray(content) ? `${content.join('\n')}\n` : stringify(content);
  writeFileSync(file, text);
  return file;
}

/** What reaches AWS from a synthesized string: Terraform's template escapes (`$${`, `%%{`, see terraformLiteral) undone. */
export function unescapeTerraform(text: string): string {
  return text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}
