/**
 * GitHub for a first day (issue 26): ci.yml runs every tier as .ci/run does (the emulator installed
 * at the pinned version, Terraform 1.11.4, REQUIRE_TERRAFORM, REQUIRE_EMULATOR and REQUIRE_CDKTN), actions on the
 * node24 runtime, Dependabot for actions and npm, and the HCP Terraform token variable derived from
 * the configured hostname.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { cloudHostnames, terraformTokenVariable, tokenEnvironment } from '../src/cli/terraform-token';
import { modelFromData } from '../src/config/load';
import { ROOT, minimalConfig, synthModel } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const read = (...path: string[]) => readFileSync(join(ROOT, ...path), 'utf8');
const ci: Json = parse(read('.github', 'workflows', 'ci.yml'));
const steps: Json[] = ci.jobs.test.steps;
/** Major versions of the actions whose runtime is node24 (each action's action.yml `runs.using`). */
const NODE24_MAJORS: Record<string, number> = { 'actions/checkout': 5, 'actions/setup-node': 5, 'actions/setup-python': 6, 'hashicorp/setup-terraform': 4 };

describe('ci.yml', () => {
  it('installs the emulator at the version .ci/run expects, from the one pin file', () => {
    const pin = read('.ci', 'moto-requirements.txt');
    expect(pin).toMatch(/^moto\[server\]==5\.2\.1$/m);
    expect(steps.some((s) => s.run === 'python -m pip install --disable-pip-version-check -r .ci/moto-requirements.txt')).toBe(true);
    expect(read('.ci', 'run')).toContain('.ci/moto-requirements.txt');
    expect(read('docs', 'emulator.md')).toContain('moto 5.2.1');
  });

  it('requires every tier, with Terraform 1.11.4 and the provider directory', () => {
    const test = steps.find((s) => s.run === 'npm test');
    expect(test.env).toEqual({ REQUIRE_TERRAFORM: '1', REQUIRE_EMULATOR: '1', REQUIRE_CDKTN: '1' });
    expect(read('.ci', 'run')).toContain('REQUIRE_TERRAFORM=1 REQUIRE_EMULATOR=1 REQUIRE_CDKTN=1 npm test');
    const terraform = steps.find((s) => String(s.uses).startsWith('hashicorp/setup-terraform@'));
    expect(terraform.with).toEqual({ terraform_version: '1.11.4', terraform_wrapper: false });
    expect(steps.map((s) => s.run ?? '').join('\n')).toContain('TF_PROVIDER_MIRROR=');
  });

  it('runs every action on the node24 runtime', () => {
    const uses = read('.github', 'workflows', 'ci.yml')
      .split('\n')
      .filter((l) => /^\s*-?\s*uses:/.test(l));
    expect(uses).toHaveLength(4);
    for (const line of uses) {
      const [, action, major] = /uses: ([\w-]+\/[\w-]+)@[0-9a-f]{40} # v(\d+)/.exec(line) ?? [];
      expect({ action, major: Number(major) }).toEqual({ action, major: NODE24_MAJORS[action] });
    }
  });
});

describe('dependabot.yml', () => {
  it('updates the actions and the npm packages', () => {
    const dependabot: Json = parse(read('.github', 'dependabot.yml'));
    expect(dependabot.version).toBe(2);
    expect(dependabot.updates.map((u: Json) => [u.ecosystem ?? u['package-ecosystem'], u.directory])).toEqual([
      ['github-actions', '/'],
      ['npm', '/'],
    ]);
    for (const update of dependabot.updates) expect(update.schedule.interval).toEqual(expect.any(String));
  });
});

describe('the HCP Terraform token variable', () => {
  it("is Terraform's name for the host: dots as underscores, hyphens as two", () => {
    expect(terraformTokenVariable('app.terraform.io')).toBe('TF_TOKEN_app_terraform_io');
    expect(terraformTokenVariable('tfe.example-corp.com')).toBe('TF_TOKEN_tfe_example__corp_com');
  });

  it('follows the configured hostname into the synthesized stacks and the environment the CI tool gives Terraform', () => {
    const model = modelFromData(minimalConfig({ backend: { type: 'cloud', organization: 'acme', hostname: 'tfe.example.com' } }));
    const stacks = [...synthModel(model).values()].map((json) => JSON.parse(json));
    const hosts = [...new Set(stacks.flatMap(cloudHostnames))];
    expect(hosts).toEqual(['tfe.example.com']);
    expect(tokenEnvironment({ TF_API_TOKEN: 't0k3n' }, hosts)).toEqual({ TF_TOKEN_tfe_example_com: 't0k3n' });
    expect(tokenEnvironment({ TF_API_TOKEN: 't0k3n', TF_TOKEN_tfe_example_com: 'explicit' }, hosts)).toEqual({});
    expect(tokenEnvironment({}, hosts)).toEqual({});
  });

  it('is never hard-coded in a workflow: they pass TF_API_TOKEN to the CI tool', () => {
    const dir = join(ROOT, '.github', 'workflows');
    for (const file of readdirSync(dir)) expect({ file, hardCoded: /TF_TOKEN_\w+:/.test(readFileSync(join(dir, file), 'utf8')) }).toEqual({ file, hardCoded: false });
  });
});
