/**
 * `terraform init` once per distinct provider set: the first work directory that needs a set is
 * initialized for real in a template directory (providers linked from the shared plugin cache, the
 * lock file written, the backend recorded), and every later one with the same set gets a copy of the
 * template's `.terraform/` and `.terraform.lock.hcl` instead of its own init. An init computes the
 * hash of the 700 MB AWS provider to write the lock file: 3 to 5 seconds a directory on a busy
 * 2-core machine, dozens of times in the integration tests. Templates live in the project's
 * .tmp/terraform/init-templates/ (git-ignored) and are safe to delete; parallel processes that build
 * the same template race harmlessly (the first rename wins).
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What an init depends on: the Terraform version, the init arguments, and what the configuration asks for. */
export function initKey(config: Json, args: readonly string[], terraformVersion: string): string {
  const prefixes = (section: Json | undefined) => Object.keys(section ?? {}).map((type) => type.split('_')[0]);
  const needs = {
    terraformVersion,
    args,
    requiredProviders: config.terraform?.required_providers ?? null,
    backend: config.terraform?.backend ?? null,
    cloud: config.terraform?.cloud ?? null,
    module: config.module ?? null,
    // Providers a block names implicitly (resource type prefixes), but not Terraform's built-in one (terraform_data).
    providers: [...new Set([...Object.keys(config.provider ?? {}), ...prefixes(config.resource), ...prefixes(config.data)])].filter((p) => p !== 'terraform').sort(),
  };
  return createHash('sha256').update(JSON.stringify(needs)).digest('hex').slice(0, 16);
}

/** Outcome of an init (the fields of offline.ts's TerraformRun). */
export interface InitRun {
  readonly args: readonly string[];
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/**
 * Initializes `dir` (which holds main.tf.json) like `terraform <args>` would: from the template of
 * its provider set, made first with `run` when there is none yet. A failing init is run (and
 * reported) in `dir` itself.
 */
export function initFromTemplate(
  dir: string,
  args: readonly string[],
  options: { readonly templates: string; readonly terraformVersion: string; readonly run: (cwd: string, args: readonly string[]) => InitRun },
): InitRun {
  const started = process.hrtime.bigint();
  const config = JSON.parse(readFileSync(join(dir, 'main.tf.json'), 'utf8')) as Json;
  const key = initKey(config, args, options.terraformVersion);
  const template = join(options.templates, key);
  if (!existsSync(join(template, '.terraform.lock.hcl'))) {
    mkdirSync(options.templates, { recursive: true });
    const building = mkdtempSync(join(options.templates, `${key}.building-`));
    cpSync(join(dir, 'main.tf.json'), join(building, 'main.tf.json'));
    const init = options.run(building, args);
    if (init.status !== 0) {
      rmSync(building, { recursive: true, force: true });
      return options.run(dir, args);
    }
    try {
      renameSync(building, template);
    } catch {
      rmSync(building, { recursive: true, force: true }); // another process made it first
    }
  }
  if (existsSync(join(template, '.terraform'))) cpSync(join(template, '.terraform'), join(dir, '.terraform'), { recursive: true, verbatimSymlinks: true });
  cpSync(join(template, '.terraform.lock.hcl'), join(dir, '.terraform.lock.hcl'));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { args, status: 0, stdout: `Terraform has been successfully initialized! (copied from the init template ${key})\n`, stderr: '', seconds };
}
