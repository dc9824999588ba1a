/**
 * The provider proxy's decisions (src/terraform/provider-proxy.ts): which work directories and
 * commands it serves, and the provider's environment. That Terraform through the proxy plans the
 * same as without it is proven in __tests__/integration/provider-proxy.test.ts.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  credentialsOfWorkDir,
  maskSecrets,
  unmaskSecrets,
  PROVIDER_PROXY_ENV,
  PROVIDER_PROXY_SCHEMA_ENV,
  PROXIED_COMMANDS,
  providerEnv,
  proxyFor,
  proxyableProvider,
  schemaForTypes,
  typesOfWorkDir,
} from '../src/terraform/provider-proxy';
import { goRuntimeEnv, PROVIDER_CACHE_ENV, schemaCacheDir } from '../src/terraform/offline';
import { ROOT, tempDir } from './helpers';

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
      types: new Set(['aws_ssm_parameter']),
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

  it(`serves the whole schema with ${PROVIDER_PROXY_SCHEMA_ENV}=all, the work directory's types otherwise`, () => {
    expect(proxyFor(dir, ['plan'], {})?.types).toEqual(new Set(['aws_ssm_parameter']));
    const all = proxyFor(dir, ['plan'], { [PROVIDER_PROXY_SCHEMA_ENV]: 'all' });
    expect(all).toBeDefined();
    expect(all?.types).toBeUndefined();
  });
});

describe('providerEnv', () => {
  it('drops AWS_CA_BUNDLE (a second Configure in one process cannot add it again) and any reattach setting, and keeps the rest', () => {
    const env = providerEnv({ AWS_CA_BUNDLE: '/etc/ssl/certs/ca.pem', TF_REATTACH_PROVIDERS: '{}', AWS_REGION: 'us-east-1', GOGC: '400' });
    expect(env).toEqual({ AWS_REGION: 'us-east-1', GOGC: '400' });
  });
});

describe('typesOfWorkDir', () => {
  it("names the configuration's resources, data sources and check blocks' data sources", () => {
    const config = {
      resource: { aws_kms_key: { k: {} }, aws_ssm_document: { d: {} } },
      data: { aws_caller_identity: { me: {} } },
      check: { current: { data: { aws_ssm_document: { live: {} }, aws_iam_policy: { p: {} } } } },
    };
    expect([...typesOfWorkDir(tempDir('proxy-types-'), config)].sort()).toEqual(['aws_caller_identity', 'aws_iam_policy', 'aws_kms_key', 'aws_ssm_document']);
  });

  it("adds the types the local state holds (a plan destroys those the configuration dropped), also at the local backend's path", () => {
    const dir = tempDir('proxy-types-');
    writeFileSync(join(dir, 'terraform.tfstate'), JSON.stringify({ resources: [{ mode: 'managed', type: 'aws_s3_bucket' }] }));
    mkdirSync(join(dir, 'state'));
    writeFileSync(join(dir, 'state', 'x.tfstate'), JSON.stringify({ resources: [{ mode: 'data', type: 'aws_partition' }] }));
    const config = { resource: { aws_kms_key: { k: {} } }, terraform: { backend: { local: { path: 'state/x.tfstate' } } } };
    expect([...typesOfWorkDir(dir, config)].sort()).toEqual(['aws_kms_key', 'aws_partition', 'aws_s3_bucket']);
    // An unreadable state adds nothing (Terraform reports it itself).
    writeFileSync(join(dir, 'terraform.tfstate'), '{ not json');
    expect([...typesOfWorkDir(dir, config)].sort()).toEqual(['aws_kms_key', 'aws_partition']);
  });
});

/** Protobuf encoding enough for a GetProviderSchema.Response: varints and length-delimited fields. */
function varint(n: number): Buffer {
  const bytes: number[] = [];
  while (n >= 0x80) {
    bytes.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  bytes.push(n);
  return Buffer.from(bytes);
}
const delimited = (field: number, payload: Buffer) => Buffer.concat([varint(field * 8 + 2), varint(payload.length), payload]);
const mapEntry = (field: number, key: string, value: Buffer) => delimited(field, Buffer.concat([delimited(1, Buffer.from(key)), delimited(2, value)]));

describe('schemaForTypes', () => {
  // Field numbers of tfplugin5 GetProviderSchema.Response: provider 1, resource_schemas 2,
  // data_source_schemas 3, server_capabilities 6 (a message), functions 7, ephemeral_resource_schemas 8.
  const provider = delimited(1, Buffer.from('provider schema'));
  const bigSchema = Buffer.alloc(300, 7); // longer than 127 bytes: a two-byte length
  const resources = ['aws_kms_key', 'aws_s3_bucket', 'aws_lakeformation_resource_lf_tag'].map((t) => mapEntry(2, t, t === 'aws_s3_bucket' ? bigSchema : Buffer.from(t)));
  const dataSources = ['aws_partition', 'aws_ebs_default_kms_key'].map((t) => mapEntry(3, t, Buffer.from(t)));
  const capabilities = Buffer.concat([varint(6 * 8 + 2), varint(2), Buffer.from([0x08, 0x01])]);
  const functions = mapEntry(7, 'arn_parse', Buffer.from('fn'));
  const ephemeral = mapEntry(8, 'aws_secretsmanager_secret_version', Buffer.from('eph'));
  const response = Buffer.concat([provider, ...resources, ...dataSources, capabilities, functions, ephemeral]);

  it('keeps the resource and data source schemas of the given types, in order, and every other field as it is', () => {
    const part = schemaForTypes(response, new Set(['aws_s3_bucket', 'aws_partition', 'aws_kms_key']));
    expect(part.equals(Buffer.concat([provider, resources[0], resources[1], dataSources[0], capabilities, functions, ephemeral]))).toBe(true);
  });

  it('returns the answer unchanged when every type is wanted, and only the other fields when none is', () => {
    const all = new Set(['aws_kms_key', 'aws_s3_bucket', 'aws_lakeformation_resource_lf_tag', 'aws_partition', 'aws_ebs_default_kms_key']);
    expect(schemaForTypes(response, all).equals(response)).toBe(true);
    expect(schemaForTypes(response, new Set()).equals(Buffer.concat([provider, capabilities, functions, ephemeral]))).toBe(true);
  });

  it('refuses a truncated answer instead of serving part of it', () => {
    expect(() => schemaForTypes(response.subarray(0, response.length - 1), new Set())).toThrow(/truncated protobuf/);
  });
});

describe('credentials in cached answers', () => {
  const KEY = 'AKIAEXAMPLEKEY000001';
  const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  // A configuration check's request as msgpack would carry it: each string with its length before it.
  const request = (key: string, secret: string) =>
    Buffer.concat([
      Buffer.from([0x82, 0xaa]),
      Buffer.from('access_key'),
      Buffer.from([0xb4]),
      Buffer.from(key),
      Buffer.from([0xaa]),
      Buffer.from('secret_key'),
      Buffer.from([0xd9, 40]),
      Buffer.from(secret),
    ]);

  it('reads access_key, secret_key and token of every AWS configuration, longest first', () => {
    const dir = workDir({
      aws: [
        { region: 'us-east-1', access_key: KEY, secret_key: SECRET },
        { alias: 'b', token: 'session-token-value', access_key: KEY },
      ],
    });
    expect(credentialsOfWorkDir(dir)).toEqual([SECRET, KEY, 'session-token-value']);
    expect(credentialsOfWorkDir(workDir({ aws: { region: 'us-east-1' } }))).toEqual([]);
  });

  it('masks them with stand-ins of the same length, so two runs with new keys share one cached answer, and restores them', () => {
    const first = request(KEY, SECRET);
    const second = request('AKIAANOTHERKEY000002', 'another/secret/of/the/same/length/000000');
    const masked = maskSecrets(first, [SECRET, KEY]);
    expect(masked.length).toBe(first.length);
    expect(masked.includes(Buffer.from(KEY))).toBe(false);
    expect(masked.includes(Buffer.from(SECRET))).toBe(false);
    expect(maskSecrets(second, ['another/secret/of/the/same/length/000000', 'AKIAANOTHERKEY000002']).equals(masked)).toBe(true);
    expect(unmaskSecrets(masked, [SECRET, KEY]).equals(first)).toBe(true);
    expect(unmaskSecrets(masked, ['another/secret/of/the/same/length/000000', 'AKIAANOTHERKEY000002']).equals(second)).toBe(true);
  });
});

describe('goRuntimeEnv', () => {
  it("collects Terraform's and the provider's garbage at GOGC=1000 under a 600 MiB soft limit, unless the caller set either", () => {
    expect(goRuntimeEnv({})).toEqual({ GOGC: '1000', GOMEMLIMIT: '600MiB' });
    expect(goRuntimeEnv({ GOGC: '200', GOMEMLIMIT: '1GiB' })).toEqual({ GOGC: '200', GOMEMLIMIT: '1GiB' });
  });
});

describe('schemaCacheDir', () => {
  const saved = { cache: process.env[PROVIDER_CACHE_ENV], xdg: process.env.XDG_CACHE_HOME };
  afterEach(() => {
    for (const [name, value] of [
      [PROVIDER_CACHE_ENV, saved.cache],
      ['XDG_CACHE_HOME', saved.xdg],
    ] as const)
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
  });

  it(`is ${PROVIDER_CACHE_ENV} when set, else the user's cache directory (XDG_CACHE_HOME honoured), shared by every checkout`, () => {
    process.env[PROVIDER_CACHE_ENV] = '/somewhere/answers';
    expect(schemaCacheDir()).toBe('/somewhere/answers');
    delete process.env[PROVIDER_CACHE_ENV];
    const xdg = tempDir('proxy-xdg-');
    process.env.XDG_CACHE_HOME = xdg;
    expect(schemaCacheDir()).toBe(join(xdg, 'session-manager-preferences', 'provider-answers'));
    expect(existsSync(schemaCacheDir())).toBe(true);
  });

  it("falls back to the project's .tmp/terraform/schema-cache where the user's cannot be created", () => {
    delete process.env[PROVIDER_CACHE_ENV];
    const file = join(tempDir('proxy-xdg-'), 'a-file');
    writeFileSync(file, '');
    process.env.XDG_CACHE_HOME = file; // a file: no directory can be made under it
    expect(schemaCacheDir()).toBe(join(ROOT, '.tmp', 'terraform', 'schema-cache'));
  });
});
