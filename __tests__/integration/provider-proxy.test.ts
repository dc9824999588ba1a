/**
 * The provider proxy (src/terraform/provider-proxy.ts) changes how Terraform reaches the AWS
 * provider, never what it plans: the same stack planned through the proxy and through Terraform's
 * own launch gives the same plan, the cached answers are the provider's own, a command that
 * needs only the schema never starts a provider process, and the next command in a work directory
 * uses the provider process the previous one started.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closeProviderPool, goRuntimeEnv, initOffline, PROVIDER_CACHE_ENV, runTerraform, runTerraformAsync, schemaCacheDir, terraformEnv } from '../../src/terraform/offline';
import { PROVIDER_PROXY_ENV, PROVIDER_PROXY_TRACE_ENV, providerEnv, proxyableProvider, startProviderProxy } from '../../src/terraform/provider-proxy';
import { SANDBOX, exampleModel, parsed, stackFor, synthModel, tempDir } from '../helpers';
import { describeTerraform } from '../terraform';

const CACHE = schemaCacheDir();

/** The plan's resource changes as `terraform show -json` reports them (address, actions, planned values). */
function plannedChanges(dir: string): unknown {
  const show = runTerraform(dir, ['show', '-json', 'plan.bin']);
  expect(show.status).toBe(0);
  const json = JSON.parse(show.stdout) as { resource_changes: { address: string; change: { actions: string[]; after: unknown } }[] };
  return json.resource_changes.map((c) => ({ address: c.address, actions: c.change.actions, after: c.change.after }));
}

function withProxy<T>(on: boolean, body: () => T): T {
  const before = process.env[PROVIDER_PROXY_ENV];
  process.env[PROVIDER_PROXY_ENV] = on ? '1' : '0';
  try {
    return body();
  } finally {
    if (before === undefined) delete process.env[PROVIDER_PROXY_ENV];
    else process.env[PROVIDER_PROXY_ENV] = before;
  }
}

describeTerraform('the provider proxy', () => {
  const example = exampleModel();
  const name = stackFor(example, SANDBOX.name, 'us-east-1');
  const stack = parsed(synthModel(example).get(name)!);
  const PLAN = ['plan', '-input=false', '-lock=false', '-refresh=false', '-no-color', '-out=plan.bin'];

  /** `terraform plan` in `dir` through a proxy started in this process (the asynchronous runner's), closed after it: the provider processes it started and reused. */
  async function planThroughProxy(dir: string): Promise<[number, number]> {
    const proxy = await startProviderProxy({ ...proxyableProvider(dir)!, cwd: dir, env: providerEnv(terraformEnv()), cacheDir: CACHE });
    const status = await new Promise<number | null>((done) => {
      const child = spawn('terraform', PLAN, { cwd: dir, env: { ...terraformEnv(), TF_REATTACH_PROVIDERS: proxy.reattach }, stdio: 'ignore' });
      child.on('close', done);
    });
    expect(status).toBe(0);
    await proxy.close();
    return [proxy.providersStarted(), proxy.providersReused()];
  }

  it("runs Terraform and the provider with the harness's Go runtime settings", () => {
    expect(terraformEnv()).toMatchObject(goRuntimeEnv(process.env));
  });

  // The Region stack with a local state that also holds a resource its configuration dropped (the
  // proxy serves the schemas of the work directory's types, those of its configuration and of its
  // state: provider-proxy.ts schemaForTypes), planned once through the proxy and once through
  // Terraform's own launch of the provider, for the tests that compare the two.
  const droppedState = {
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage: '6e1d4c52-0b0a-4f57-9a43-3c7b1f0c1a01',
    outputs: {},
    resources: [
      {
        mode: 'managed',
        type: 'aws_sns_topic',
        name: 'dropped',
        provider: `provider["registry.terraform.io/hashicorp/aws"].${stack.provider.aws[0].alias}`,
        instances: [{ schema_version: 0, attributes: { id: 'arn:aws:sns:us-east-1:123456789012:dropped', arn: 'arn:aws:sns:us-east-1:123456789012:dropped', name: 'dropped' } }],
      },
    ],
  };
  let regionPlans: { proxied: string; types?: ReadonlySet<string>; perConnection?: boolean; on: { address: string; actions: string[] }[]; off: unknown } | undefined;
  const planRegionStack = () => {
    if (regionPlans !== undefined) return regionPlans;
    const [proxied, direct] = ['proxy-on', 'proxy-off'].map((name) => {
      const dir = initOffline(stack, name).dir;
      writeFileSync(join(dir, 'terraform.tfstate'), JSON.stringify(droppedState));
      return dir;
    });
    const target = proxyableProvider(proxied);
    expect(withProxy(true, () => runTerraform(proxied, PLAN)).status).toBe(0);
    expect(withProxy(false, () => runTerraform(direct, PLAN)).status).toBe(0);
    regionPlans = {
      proxied,
      types: target?.types,
      perConnection: target?.perConnection,
      on: plannedChanges(proxied) as { address: string; actions: string[] }[],
      off: plannedChanges(direct),
    };
    return regionPlans;
  };

  it('serves the Region stack (one AWS configuration) and plans exactly what Terraform plans without it', () => {
    const plans = planRegionStack();
    expect(plans.perConnection).toBe(false);
    expect(plans.on).toEqual(plans.off);
    // Every resource of the stack, and the delete of the one only the state holds.
    expect(plans.on.length).toBe(Object.values(stack.resource).reduce((n: number, byId) => n + Object.keys(byId as object).length, 0) + 1);
    // The cached answers are the provider's: the schema (GetSchema) and the validated configuration.
    const files = readdirSync(CACHE);
    expect(files.some((f) => /_GetSchema_[0-9a-f]{16}\.bin$/.test(f))).toBe(true);
    expect(files.some((f) => /_PrepareProviderConfig_[0-9a-f]{16}\.bin$/.test(f))).toBe(true);
  });

  /** The Region stack with a second AWS configuration (alias `second`, eu-west-1) and a resource that uses it. */
  const two = {
    ...stack,
    provider: { aws: [...stack.provider.aws, { ...stack.provider.aws[0], alias: 'second', region: 'eu-west-1' }] },
    resource: {
      ...stack.resource,
      aws_ssm_parameter: { 'in-second-region': { provider: 'aws.second', name: '/proxy-test/second', type: 'String', value: 'eu-west-1' } },
    },
  };

  /**
   * The two-configuration stack planned twice through the asynchronous runner's proxy in this
   * process (the second command with the processes the first kept), with the providers each
   * started and reused, and once through Terraform's own launch of the provider: once for the
   * tests that compare them.
   */
  let aliasPlans: Promise<{ perConnection?: boolean; counts: [number, number][]; plans: unknown[]; direct: unknown }> | undefined;
  const planAliasStack = () =>
    (aliasPlans ??= (async () => {
      const dir = initOffline(two, 'proxy-aliases-on').dir;
      await closeProviderPool();
      const counts: [number, number][] = [];
      const plans: unknown[] = [];
      for (let i = 0; i < 2; i++) {
        counts.push(await planThroughProxy(dir));
        plans.push(plannedChanges(dir));
      }
      await closeProviderPool();
      const direct = initOffline(two, 'proxy-aliases-off').dir;
      expect(withProxy(false, () => runTerraform(direct, PLAN)).status).toBe(0);
      return { perConnection: proxyableProvider(dir)?.perConnection, counts, plans, direct: plannedChanges(direct) };
    })());

  it('serves a stack with several AWS configurations (aliases) with one provider per instance, and plans what Terraform plans without it', async () => {
    const { perConnection, plans, direct } = await planAliasStack();
    expect(perConnection).toBe(true);
    expect(plans[0]).toEqual(direct);
    expect((plans[0] as { address: string }[]).map((c) => c.address)).toContain('aws_ssm_parameter.in-second-region');
  });

  it('serves the schema of a type only the state names: the plan destroys the resource the configuration dropped, as without the proxy', () => {
    const plans = planRegionStack();
    expect(stack.resource.aws_sns_topic).toBeUndefined();
    expect(plans.types?.has('aws_sns_topic')).toBe(true);
    expect(plans.on.find((c) => c.address === 'aws_sns_topic.dropped')?.actions).toEqual(['delete']);
    expect(plans.on).toEqual(plans.off);
  });

  it('reports a configuration error through the proxy as Terraform does without it', () => {
    const broken = { ...stack, resource: { aws_ssm_parameter: { p: { name: 'x', type: 'NotAType', value: 'y' } } } };
    const proxied = initOffline(broken, 'proxy-bad-on').dir;
    const direct = initOffline(broken, 'proxy-bad-off').dir;
    const on = withProxy(true, () => runTerraform(proxied, PLAN));
    const off = withProxy(false, () => runTerraform(direct, PLAN));
    expect(on.status).toBe(1);
    expect(off.status).toBe(1);
    const message = (s: string) => /expected type to be one of .*got NotAType/.exec(s.replace(/\s+/g, ' '))?.[0];
    expect(message(on.stderr)).toBeDefined();
    expect(message(on.stderr)).toBe(message(off.stderr));
  });

  it('answers a command that needs only the schema from the cache, without starting a provider', async () => {
    // The proxied Region plan's work directory (its plan.bin).
    const dir = planRegionStack().proxied;
    const proxy = await startProviderProxy({ ...proxyableProvider(dir)!, cwd: dir, env: providerEnv(terraformEnv()), cacheDir: CACHE });
    try {
      const status = await new Promise<number | null>((done) => {
        const child = spawn('terraform', ['show', '-json', 'plan.bin'], { cwd: dir, env: { ...terraformEnv(), TF_REATTACH_PROVIDERS: proxy.reattach }, stdio: 'ignore' });
        child.on('close', done);
      });
      expect(status).toBe(0);
      expect(proxy.providersStarted()).toBe(0);
    } finally {
      await proxy.close();
    }
    // The asynchronous runner (the emulator harness's) plans the same through its in-process proxy.
    const again = await runTerraformAsync(dir, PLAN);
    expect(again.status).toBe(0);
    expect(existsSync(join(dir, 'plan.bin'))).toBe(true);
    expect(readFileSync(join(dir, 'main.tf.json'), 'utf8')).toContain('aws_ssm_document');
  });

  it('keeps the provider process of a command for the next command in the same work directory, and plans the same with it', async () => {
    // Provider processes working in `dir` (their /proc/<pid>/cwd), by PID.
    const providersIn = (dir: string) =>
      readdirSync('/proc')
        .filter((pid) => /^\d+$/.test(pid))
        .filter((pid) => {
          try {
            return readlinkSync(`/proc/${pid}/cwd`) === dir && readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('terraform-provi');
          } catch {
            return false;
          }
        });
    const dir = initOffline(stack, 'proxy-reuse').dir;

    // The synchronous runner: its proxy process and the provider wait for the next command, which
    // plans what the first (a fresh provider, the same as Terraform's own launch: the first test) planned.
    expect(runTerraform(dir, PLAN).status).toBe(0);
    const first = providersIn(dir);
    expect(first).toHaveLength(1);
    const expected = plannedChanges(dir);
    expect((expected as unknown[]).length).toBeGreaterThan(0);
    expect(runTerraform(dir, PLAN).status).toBe(0);
    expect(providersIn(dir)).toEqual(first);
    expect(plannedChanges(dir)).toEqual(expected);

    // The asynchronous runner (its proxy in this process) likewise: one start, then reuse.
    await closeProviderPool();
    expect(providersIn(dir)).toEqual([]);
    const counts: [number, number][] = [];
    for (let i = 0; i < 2; i++) {
      counts.push(await planThroughProxy(dir));
      expect(providersIn(dir)).toHaveLength(1);
    }
    expect(counts).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(plannedChanges(dir)).toEqual(expected);
    await closeProviderPool();
    expect(providersIn(dir)).toEqual([]);
  });

  it('keeps the provider processes of a stack with several AWS configurations for its next command, and plans the same with them', async () => {
    const { counts, plans } = await planAliasStack();
    // One process per configured instance at least (two configurations). The next command takes the
    // waiting ones (at most MAX_IDLE_PROVIDERS, 3, wait; a connection that opens before the closing
    // one's process is back may start one more), so it starts at least two fewer.
    expect(counts[0][0]).toBeGreaterThanOrEqual(2);
    expect(counts[1][1]).toBeGreaterThanOrEqual(2);
    expect(counts[1][0]).toBeLessThanOrEqual(counts[0][0] - 2);
    expect(plans[1]).toEqual(plans[0]);
  });

  it('finds the configuration check of a stack whose credentials are new in the cache: the keys are masked there, and the plan is the same', async () => {
    const randomKey = (length: number) => randomBytes(length).toString('hex').toUpperCase().slice(0, length);
    /** An initialized offline copy of the stack whose provider has the credentials given. */
    const withKeys = (name: string, accessKey: string, secretKey: string) => {
      const dir = initOffline(stack, name).dir;
      const config = JSON.parse(readFileSync(join(dir, 'main.tf.json'), 'utf8'));
      for (const provider of config.provider.aws) Object.assign(provider, { access_key: accessKey, secret_key: secretKey });
      writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(config));
      return dir;
    };
    const trace = join(tempDir('proxy-trace-'), 'trace');
    const before = { trace: process.env[PROVIDER_PROXY_TRACE_ENV], cache: process.env[PROVIDER_CACHE_ENV] };
    process.env[PROVIDER_PROXY_TRACE_ENV] = trace;
    // An empty cache: the first stack's check cannot be there yet.
    process.env[PROVIDER_CACHE_ENV] = tempDir('proxy-cache-');
    try {
      const plans: unknown[] = [];
      const checks: number[] = [];
      for (const name of ['proxy-keys-first', 'proxy-keys-second']) {
        const dir = withKeys(name, `AKIA${randomKey(16)}`, randomKey(40));
        writeFileSync(trace, '');
        expect((await runTerraformAsync(dir, PLAN)).status).toBe(0);
        checks.push(
          readFileSync(trace, 'utf8')
            .split('\n')
            .filter((line) => line.startsWith('PrepareProviderConfig ')).length,
        );
        plans.push(plannedChanges(dir));
      }
      // New keys: the first plan's check went to the provider; the second, with other new keys, did not.
      expect(checks[0]).toBeGreaterThan(0);
      expect(checks[1]).toBe(0);
      expect(plans[1]).toEqual(plans[0]);
    } finally {
      for (const [name, value] of [
        [PROVIDER_PROXY_TRACE_ENV, before.trace],
        [PROVIDER_CACHE_ENV, before.cache],
      ] as const)
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
    }
  });
});
