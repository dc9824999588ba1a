/** Shared helpers of the test suite (not a test file). */
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { ConfigError, formatIssue, loadConfig, modelFromData } from '../src/config/load';
import type { Model } from '../src/model/model';
import { addStacks } from '../stacks/app';

export const ROOT = join(__dirname, '..');
export const EXAMPLE_CONFIG = join(ROOT, 'config', 'example.yaml');

/** The bundled example configuration as a model. */
export function exampleModel(): Model {
  return loadConfig(EXAMPLE_CONFIG);
}

/** The smallest valid configuration, with `extra` merged in at the top level. */
export function minimalConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { version: 1, regions: ['eu-west-1'], accounts: [{ id: '111111111111', name: 'sandbox' }], ...extra };
}

/** Model of minimalConfig(extra). */
export function minimalModel(extra: Record<string, unknown> = {}): Model {
  return modelFromData(minimalConfig(extra));
}

/** A resource block of synthesized Terraform JSON, by type, keyed by logical ID. */
export type Resources = Record<string, Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Synthesized stacks of a model: Terraform JSON text per stack name. */
export function synthModel(model: Model): Map<string, string> {
  const app = Testing.app();
  const stacks = addStacks(app, model);
  return new Map([...stacks].map(([name, stack]) => [name, Testing.synth(stack)]));
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
  try {
    modelFromData(data);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map(formatIssue);
    throw e;
  }
}
