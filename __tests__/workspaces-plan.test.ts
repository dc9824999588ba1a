/** `npm run workspaces`, the pure part: one workspace per stack, and what to do about the existing ones. */
import { stackRows } from '../src/cli/stacks-table';
import { EXECUTION_MODE, MANAGED_TAG, describeAction, desiredWorkspaces, planWorkspaces, stackTags, tagValue, type ExistingWorkspace } from '../src/workspaces/plan';
import { minimalModel } from './helpers';

const cloud = minimalModel({
  regions: ['us-east-1', 'eu-west-1'],
  accounts: [
    { id: '111111111111', name: 'prod-main', regions: ['us-east-1', 'eu-west-1'] },
    { id: '222222222222', name: 'dev', regions: ['eu-west-1'] },
  ],
  backend: { type: 'cloud', organization: 'acme', project: 'session-manager', workspacePrefix: 'ssm-' },
});
const desired = desiredWorkspaces(cloud);

/** An existing workspace that is already right for `name`. */
function rightWorkspace(name: string, id: string): ExistingWorkspace {
  const want = desired.find((w) => w.name === name);
  return { id, name, executionMode: EXECUTION_MODE, projectId: 'prj-1', tags: [...(want?.tags ?? [])], hasState: true, resourceCount: 3 };
}

describe('desiredWorkspaces', () => {
  it('is one workspace per stack, named <prefix><stack>, in synthesis order', () => {
    expect(desired.map((w) => w.stack)).toEqual(stackRows(cloud).map((r) => r.stack));
    expect(desired.map((w) => w.name)).toEqual(stackRows(cloud).map((r) => `ssm-${r.stack}`));
    expect(new Set(desired.map((w) => w.name)).size).toBe(desired.length);
  });

  it('tags each with the project tag, its kind and its account, in values HCP Terraform accepts', () => {
    const row = stackRows(cloud).find((r) => r.account.id === '111111111111' && r.kind === 'global');
    expect(row).toBeDefined();
    expect(stackTags(row!)).toEqual([MANAGED_TAG, 'stack-kind:global', 'account:111111111111', 'account-name:prod-main']);
    for (const w of desired) for (const tag of w.tags) expect(tag).toMatch(/^[a-z0-9:_-]{1,255}$/);
  });

  it('is empty for the local backend', () => {
    expect(desiredWorkspaces(minimalModel())).toEqual([]);
  });

  it('makes tag values of any text', () => {
    expect(tagValue('  Prod/EU (main) ')).toBe('prod-eu-main');
    expect(tagValue('a'.repeat(300))).toHaveLength(255);
  });
});

describe('planWorkspaces', () => {
  it('creates every workspace of an empty organization, in the project, with its tags', () => {
    const plan = planWorkspaces(desired, [], { prefix: 'ssm-', projectId: 'prj-1' });
    expect(plan.actions.map((a) => a.kind)).toEqual(desired.map(() => 'create'));
    expect(plan.actions[0]).toEqual({ kind: 'create', name: desired[0].name, stack: desired[0].stack, projectId: 'prj-1', tags: desired[0].tags });
    expect(plan.unchanged).toEqual([]);
    expect(plan.orphans).toEqual([]);
  });

  it('needs nothing when every workspace is right (idempotent)', () => {
    const existing = desired.map((w, i) => rightWorkspace(w.name, `ws-${i}`));
    expect(planWorkspaces(desired, existing, { prefix: 'ssm-', projectId: 'prj-1' })).toEqual({ actions: [], unchanged: desired.map((w) => w.name), orphans: [] });
  });

  it('updates only what differs: the execution mode, the project, the missing tags (others are kept)', () => {
    const [first, second, third] = desired;
    const existing: ExistingWorkspace[] = [
      { ...rightWorkspace(first.name, 'ws-a'), executionMode: 'remote' },
      { ...rightWorkspace(second.name, 'ws-b'), projectId: 'prj-default', tags: ['team:platform', MANAGED_TAG.toUpperCase()] },
      ...desired.slice(2).map((w, i) => rightWorkspace(w.name, `ws-${i}`)),
    ];
    const plan = planWorkspaces(desired, existing, { prefix: 'ssm-', projectId: 'prj-1' });
    expect(plan.actions).toEqual([
      { kind: 'update', id: 'ws-a', name: first.name, stack: first.stack, changes: { executionMode: { from: 'remote', to: 'local' } }, addTags: [] },
      {
        kind: 'update',
        id: 'ws-b',
        name: second.name,
        stack: second.stack,
        changes: { project: { from: 'prj-default', to: 'prj-1' } },
        addTags: second.tags.filter((t) => t !== MANAGED_TAG),
      },
    ]);
    expect(plan.unchanged).toEqual([third.name, ...desired.slice(3).map((w) => w.name)]);
    expect(describeAction(plan.actions[0])).toBe(`update ${first.name}: execution mode remote -> local`);
    expect(describeAction(plan.actions[1])).toMatch(new RegExp(`^update ${second.name}: project prj-default -> prj-1, add tags stack-kind:`));
  });

  it('leaves the project alone when the configuration names none', () => {
    const existing = desired.map((w, i) => ({ ...rightWorkspace(w.name, `ws-${i}`), projectId: `prj-${i}` }));
    expect(planWorkspaces(desired, existing, { prefix: 'ssm-' }).actions).toEqual([]);
    expect(planWorkspaces(desired, [], { prefix: 'ssm-' }).actions[0]).not.toHaveProperty('projectId');
  });

  it("reports this project's workspaces that no stack uses (by prefix or tag), with their state, and never another team's", () => {
    const existing: ExistingWorkspace[] = [
      ...desired.map((w, i) => rightWorkspace(w.name, `ws-${i}`)),
      { id: 'ws-old', name: 'ssm-retired-shard9', executionMode: 'local', tags: [], hasState: true, resourceCount: 12 },
      { id: 'ws-renamed', name: 'old-prefix-dev-global', executionMode: 'local', tags: [MANAGED_TAG], hasState: false, resourceCount: 0 },
      { id: 'ws-other', name: 'networking-prod', executionMode: 'remote', tags: ['team:net'], hasState: true, resourceCount: 40 },
    ];
    const plan = planWorkspaces(desired, existing, { prefix: 'ssm-', projectId: 'prj-1' });
    expect(plan.actions).toEqual([]);
    expect(plan.orphans).toEqual([
      { id: 'ws-renamed', name: 'old-prefix-dev-global', hasState: false, resourceCount: 0 },
      { id: 'ws-old', name: 'ssm-retired-shard9', hasState: true, resourceCount: 12 },
    ]);
  });

  it('with an empty prefix, knows its workspaces by the tag only', () => {
    const other: ExistingWorkspace = { id: 'ws-x', name: 'anything', executionMode: 'remote', tags: [], hasState: true, resourceCount: 1 };
    expect(planWorkspaces([], [other], { prefix: '' }).orphans).toEqual([]);
    expect(planWorkspaces([], [{ ...other, tags: [MANAGED_TAG] }], { prefix: '' }).orphans.map((o) => o.id)).toEqual(['ws-x']);
  });
});
