import type { Construct } from 'constructs';
import { ResolveOnceStack } from './resolve-once-stack';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { BackendModel } from '../src/model/model';
import type { AccountPlan } from '../src/plan/resource-plan';
import { AccessPolicies } from '../src/constructs/access-policies';
import { configureBackend } from './backend';
import { awsProvider, stackTags } from './providers';

export interface AccountGlobalStackProps {
  /** The account's resource plan (planAccount): the account, with every Region it has (account-wide policies cover them all), and its IAM entries. */
  readonly plan: AccountPlan;
  /** Tags every resource gets through provider default_tags, with ManagedByStack=<stack name> added (stackTags). */
  readonly tags: Readonly<Record<string, string>>;
  /** Where this stack's state lives. */
  readonly backend: BackendModel;
}

/**
 * Account-wide resources of one account (IAM is global), through one provider alias in the
 * account's home Region. Everything here refers to Regional resources by ARNs computed from the
 * configuration, never by cross-stack references, so Region stacks plan and apply independently.
 */
export class AccountGlobalStack extends ResolveOnceStack {
  readonly provider: AwsProvider;
  readonly access: AccessPolicies;

  constructor(scope: Construct, id: string, props: AccountGlobalStackProps) {
    super(scope, id);
    configureBackend(this, id, props.backend);
    const { account } = props.plan;
    this.provider = awsProvider(this, account, account.homeRegion, stackTags(props.tags, id));
    // Access covers the Regions that are managed (account.activeRegions); a retired Region's instances lose it.
    this.access = new AccessPolicies(this, 'access', { provider: this.provider, plan: props.plan });
  }
}
