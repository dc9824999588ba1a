/**
 * ResolveOnceStack (stacks/resolve-once-stack.ts) writes what cdktf's TerraformStack writes: the
 * same app is synthesized once with each base class and every file compared, on stacks with
 * outputs, overrides (stack and resource, with tokens, appended arrays and deletions), a Lazy
 * value, a moved resource and cross-stack references (which add elements during the preparation).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { App, Lazy, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { FOLLOWED_CDKTF_VERSION, ResolveOnceStack, terraformOfElement } from '../stacks/resolve-once-stack';

type StackClass = new (scope: Construct, id: string) => TerraformStack;

/** Every file under `dir`, by relative path. */
function filesOf(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

/** Synthesizes the test app with `Base` as every stack's class and returns its files; `before` runs on the finished app first. */
function synthWith(Base: StackClass, before: (app: App) => void = () => {}): Map<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), 'resolve-once-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    const origin = new Base(app, 'origin');
    new LocalBackend(origin, { path: 'origin.tfstate' });
    const originProvider = new AwsProvider(origin, 'aws', { region: 'us-east-1', alias: 'us_east_1' });
    const shared = new SsmParameter(origin, 'shared', { provider: originProvider, name: '/x/shared', type: 'String', value: 'v' });
    let lazyCalls = 0;
    new SsmParameter(origin, 'lazy', {
      provider: originProvider,
      name: Lazy.stringValue({ produce: () => `/x/lazy-${++lazyCalls > 0 ? 'n' : ''}` }),
      type: 'String',
      value: shared.arn,
    });
    new TerraformOutput(origin, 'shared-arn', { value: shared.arn });
    origin.addOverride('terraform.required_version', '>= 1.5');

    const user = new Base(app, 'user');
    const userProvider = new AwsProvider(user, 'aws', { region: 'eu-west-1' });
    const copy = new SsmParameter(user, 'copy', { provider: userProvider, name: '/x/copy', type: 'String', value: shared.value, tags: { from: shared.name } });
    copy.addOverride('lifecycle.ignore_changes', ['tags']);
    const moved = new SsmParameter(user, 'moved', { provider: userProvider, name: '/x/moved', type: 'String', value: 'm' });
    moved.moveFromId('aws_ssm_parameter.old');
    user.addOverride('locals.plain', { a: 1 });
    // Overrides are resolved as they are merged: tokens, references, appended arrays, deletions.
    user.addOverride('locals.lazy', Lazy.stringValue({ produce: () => 'produced' }));
    user.addOverride('locals.ref', `prefix-${copy.arn}`);
    user.addOverride('locals.token_object', Lazy.anyValue({ produce: () => ({ nested: copy.name }) }));
    user.addOverride('provider.aws', [{ region: 'us-west-2', alias: 'extra' }]);
    origin.addOverride('terraform.backend', undefined);

    before(app);
    app.synth();
    return filesOf(outdir);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe('ResolveOnceStack', () => {
  it('follows the installed cdktf version', () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'resolve-once-version-')) });
    const stack = new TerraformStack(app, 's');
    expect((stack as unknown as { cdktfVersion: string }).cdktfVersion).toBe(FOLLOWED_CDKTF_VERSION);
  });

  it('synthesizes every file byte for byte as TerraformStack does, cross-stack references included', () => {
    const expected = synthWith(TerraformStack);
    const actual = synthWith(ResolveOnceStack);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [path, text] of expected) expect({ path, text: actual.get(path) }).toEqual({ path, text });
    // The cross-stack reference made an output in origin and a remote state in user: both are in the output.
    const userJson = [...actual].find(([path]) => path.endsWith(join('user', 'cdk.tf.json')))![1];
    expect(userJson).toContain('terraform_remote_state');
    expect(JSON.parse(userJson).locals).toEqual({
      plain: { a: 1 },
      lazy: 'produced',
      ref: expect.stringMatching(/^prefix-\$\{/),
      token_object: { nested: expect.stringMatching(/^\$\{/) },
    });
    expect(JSON.parse(userJson).provider.aws.map((p: { alias?: string }) => p.alias)).toEqual([undefined, 'extra']);
    const originJson = [...actual].find(([path]) => path.endsWith(join('origin', 'cdk.tf.json')))![1];
    expect(originJson).toContain('cross-stack-output-aws_ssm_parametersharedvalue');
    expect(JSON.parse(originJson).terraform.backend).toBeUndefined();
  });

  it('is cdktf own toTerraform when the stack was not prepared', () => {
    const build = (Base: StackClass) => {
      const stack = new Base(new App({ outdir: mkdtempSync(join(tmpdir(), 'resolve-once-unprepared-')) }), 's');
      new SsmParameter(stack, 'p', { provider: new AwsProvider(stack, 'aws', { region: 'us-east-1' }), name: '/p', type: 'String', value: 'v' });
      return stack.toTerraform();
    };
    expect(build(ResolveOnceStack)).toEqual(build(TerraformStack));
  });

  it('builds each element JSON once when the compliance rules read it first (terraformOfElement), with the same output', () => {
    const expected = synthWith(TerraformStack);
    let calls = 0;
    let read = 0;
    const actual = synthWith(ResolveOnceStack, (app) => {
      for (const node of app.node.findAll()) {
        if (!(node instanceof SsmParameter)) continue;
        const own = node.toTerraform.bind(node);
        node.toTerraform = () => {
          calls++;
          return own();
        };
        expect(terraformOfElement(node)).toBe(terraformOfElement(node));
        read++;
      }
    });
    expect(actual).toEqual(expected);
    expect(read).toBe(4);
    expect(calls).toBe(4); // once each, by terraformOfElement: the synth reused it
  });
});
