import { existsSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initFromTemplate, initKey, type InitRun } from '../src/terraform/init-template';
import { tempDir } from './helpers';

const ARGS = ['init', '-input=false', '-no-color'] as const;
const stack = (version: string, resources: Record<string, unknown>) => ({
  terraform: { required_providers: { aws: { source: 'hashicorp/aws', version } }, backend: { local: { path: 'terraform.tfstate' } } },
  provider: { aws: [{ region: 'eu-west-1' }] },
  resource: resources,
});

/** A work directory holding `config` as main.tf.json. */
function workDir(config: unknown): string {
  const dir = tempDir('init-template-work-');
  writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(config));
  return dir;
}

/** A stand-in for terraform init: links a provider and writes a lock file naming the directory it ran in. */
function fakeInit(calls: string[], status = 0) {
  return (cwd: string, args: readonly string[]): InitRun => {
    calls.push(cwd);
    if (status === 0) {
      mkdirSync(join(cwd, '.terraform', 'providers'), { recursive: true });
      symlinkSync('/plugin-cache/aws/5.100.0', join(cwd, '.terraform', 'providers', 'aws'));
      writeFileSync(join(cwd, '.terraform.lock.hcl'), `# made in ${cwd}\n`);
    }
    return { args, status, stdout: '', stderr: status === 0 ? '' : 'Error: no provider', seconds: 1 };
  };
}

describe('terraform init once per provider set', () => {
  it('keys an init on the provider set, the backend, the arguments and the Terraform version, not on the resources', () => {
    const key = initKey(stack('5.100.0', { aws_ssm_document: { a: {} } }), ARGS, 'Terraform v1.11.4');
    expect(initKey(stack('5.100.0', { aws_kms_key: { b: {} }, aws_ssm_document: { c: {} } }), ARGS, 'Terraform v1.11.4')).toBe(key);
    expect(initKey(stack('5.99.0', { aws_ssm_document: { a: {} } }), ARGS, 'Terraform v1.11.4')).not.toBe(key);
    expect(initKey(stack('5.100.0', { aws_ssm_document: { a: {} }, archive_file: { z: {} } }), ARGS, 'Terraform v1.11.4')).not.toBe(key);
    expect(initKey(stack('5.100.0', { aws_ssm_document: { a: {} } }), ['init', '-backend=false'], 'Terraform v1.11.4')).not.toBe(key);
    expect(initKey(stack('5.100.0', { aws_ssm_document: { a: {} } }), ARGS, 'Terraform v1.12.0')).not.toBe(key);
  });

  it('initializes the first directory of a provider set in a template and copies it into the next ones', () => {
    const templates = join(tempDir('init-templates-'), 'templates');
    const calls: string[] = [];
    const options = { templates, terraformVersion: 'Terraform v1.11.4', run: fakeInit(calls) };
    const first = workDir(stack('5.100.0', { aws_ssm_document: { a: {} } }));
    const second = workDir(stack('5.100.0', { aws_kms_key: { b: {} } }));
    expect(initFromTemplate(first, ARGS, options)).toMatchObject({ status: 0, args: ARGS });
    const secondRun = initFromTemplate(second, ARGS, options);
    expect(secondRun.status).toBe(0);
    expect(secondRun.stdout).toContain('copied from the init template');
    expect(calls).toHaveLength(1);
    expect(calls[0].startsWith(templates)).toBe(true);
    for (const dir of [first, second]) {
      expect(readFileSync(join(dir, '.terraform.lock.hcl'), 'utf8')).toContain(`# made in ${templates}`);
      expect(readlinkSync(join(dir, '.terraform', 'providers', 'aws'))).toBe('/plugin-cache/aws/5.100.0');
    }
  });

  it('runs a failing init in the directory itself, reports it, and keeps no template', () => {
    const templates = join(tempDir('init-templates-'), 'templates');
    const calls: string[] = [];
    const dir = workDir(stack('5.100.0', { aws_ssm_document: { a: {} } }));
    const run = initFromTemplate(dir, ARGS, { templates, terraformVersion: 'Terraform v1.11.4', run: fakeInit(calls, 1) });
    expect(run).toMatchObject({ status: 1, stderr: 'Error: no provider' });
    expect(calls).toHaveLength(2);
    expect(calls[1]).toBe(dir);
    expect(existsSync(join(templates, initKey(stack('5.100.0', {}), ARGS, 'Terraform v1.11.4')))).toBe(false);
  });
});
