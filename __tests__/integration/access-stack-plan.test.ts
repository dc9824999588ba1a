/** Offline `terraform init/validate/plan` of the account-wide stack with every access option on. */
import { planOffline, type OfflinePlan } from '../../src/terraform/offline';
import { parsed } from '../helpers';
import { describeTerraform, resourceChanges } from '../terraform';
import { expectedResources, full } from '../support/access-fixture';

describeTerraform('terraform validate and plan of the account-wide stack with access policies', () => {
  let plan: OfflinePlan;
  beforeAll(() => {
    plan = planOffline(parsed(full), 'access-global');
  });

  it('validates', () => {
    expect(plan.validate!.stdout).toContain('Success! The configuration is valid.');
    console.log(`access global stack: init ${plan.init.seconds.toFixed(1)} s, validate ${plan.validate!.seconds.toFixed(1)} s, plan ${plan.plan.seconds.toFixed(1)} s`);
  });

  it('plans one creation per resource, and AWS receives the policy variables unescaped', () => {
    const changes = resourceChanges(plan);
    expect(changes).toHaveLength(expectedResources);
    expect(changes.every((c) => c.change.actions.join() === 'create')).toBe(true);
    const policies = changes.filter((c) => c.type === 'aws_iam_policy').map((c) => JSON.parse(String(c.change.after.policy)));
    const user = policies.find((p) => p.Statement.some((s: { Sid: string }) => s.Sid === 'EndOrResumeOwnSessions'));
    expect(user.Statement.find((s: { Sid: string }) => s.Sid === 'EndOrResumeOwnSessions').Condition).toEqual({
      StringEquals: { 'ssm:resourceTag/aws:ssmmessages:session-id': '${aws:userid}' },
    });
  });
});
