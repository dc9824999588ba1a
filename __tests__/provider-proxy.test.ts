/**
 * The provider proxy's decisions (src/terraform/provider-proxy.ts): which work directories and
 * commands it serves, and the provider's environment. That Terraform through the proxy plans the
 * same as without it is proven in __tests__/integration/provider-proxy.test.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROVIDER_PROXY_ENV, PROXIED_COMMANDS, providerEnv, proxyFor, proxyableProvider } from '../src/terraform/provider-proxy';
import { tempDir } from './helpers';

const BINARY = 'terraform-provider-aws_v5.100.0_x5';

/** A work directory with main.tf.json holding `providers` and an installed AWS provider (unless told not). */
function workDir(providers: unknown, installed = true): string {
  const dir = tempDir('proxy-unit-');
  writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ provider: providers, resource: { aws_ssm_parameter: { p: { name: 'x', type: 'String', value: 'y' } } } }));
  if (installed) {
    const platform = join(dir, '.terraform', 'providers', 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0', 'linux_amd64');
    mkdirSync(platform, { recursive: true });
    writeFileSync(join(platform, BINARY), '');
    writeFileSync(join(platform, 'LICENSE.txt'), '');
  }
  return dir;
}

describe('proxyableProvider', () => {
  it('serves a stack with one AWS provider configuration, and names its installed binary (not the licence beside it)', () => {
    const dir = workDir({ aws: [{ region: 'us-east-1' }] });
    expect(proxyableProvider(dir)).toEqual({
      binary: join(dir, '.terraform', 'providers', 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0', 'linux_amd64', BINARY),
      perConnection: false,
    });
    expect(proxyableProvider(workDir({ aws: { region: 'us-east-1' } }))?.binary).toMatch(/terraform-provider-aws_v5\.100\.0_x5$/);
    expect(proxyableProvider(workDir(undefined))?.perConnection).toBe(false);
  });

  it('serves a stack with several AWS configurations (aliases) with one provider process per instance: one process holds one configuration', () => {
    expect(proxyableProvider(workDir({ aws: [{ region: 'us-east-1' }, { region: 'eu-west-1', alias: 'eu' }] }))?.perConnection).toBe(true);
  });

  it('leaves a directory that is not initialized or has no configuration to Terraform', () => {
    expect(proxyableProvider(workDir({ aws: [{ region: 'us-east-1' }] }, false))).toBeUndefined();
    expect(proxyableProvider(tempDir('proxy-unit-empty-'))).toBeUndefined();
  });
});

describe('proxyFor', () => {
  const dir = workDir({ aws: [{ region: 'us-east-1' }] });

  it('serves the commands that talk to the provider, not init, version or state', () => {
    expect([...PROXIED_COMMANDS].sort()).toEqual(['apply', 'destroy', 'import', 'plan', 'refresh', 'show', 'validate']);
    expect(proxyFor(dir, ['plan', '-input=false'], {})).toBeDefined();
    expect(proxyFor(dir, ['show', '-json'], {})).toBeDefined();
    for (const args of [['init'], ['version'], ['state', 'list'], []]) expect(proxyFor(dir, args, {})).toBeUndefined();
  });

  it(`is off with ${PROVIDER_PROXY_ENV}=0`, () => {
    expect(proxyFor(dir, ['plan'], { [PROVIDER_PROXY_ENV]: '0' })).toBeUndefined();
    expect(proxyFor(dir, ['plan'], { [PROVIDER_PROXY_ENV]: '1' })).toBeDefined();
  });
});

describe('providerEnv', () => {
  it('drops AWS_CA_BUNDLE (a second Configure in one process cannot add it again) and any reattach setting, and keeps the rest', () => {
    const env = providerEnv({ AWS_CA_BUNDLE: '/etc/ssl/certs/ca.pem', TF_REATTACH_PROVIDERS: '{}', AWS_REGION: 'us-east-1', GOGC: '400' });
    expect(env).toEqual({ AWS_REGION: 'us-east-1', GOGC: '400' });
  });
});
