import type { Construct } from 'constructs';
import { ResolveOnceStack } from './resolve-once-stack';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ArchiveProvider } from '@cdktf/provider-archive/lib/provider';
import type { AccountModel, BackendModel } from '../src/model/model';
import type { RegionPlan } from '../src/plan/resource-plan';
import { ServiceSetting } from '../src/constructs/service-setting';
import { RegionPreferences } from '../src/constructs/region-preferences';
import { configureBackend } from './backend';
import { awsProvider, stackTags } from './providers';
import { removedBlocks, type RemovedBlock } from '../src/constructs/removed';
import { DESTROYED_WHEN_RETIRED } from './retire';

export interface RegionGroupStackProps {
  /** The account the Regions belong to. */
  readonly account: AccountModel;
  /** The resource plan of each Region of this stack (one group of the account's Regions, retired ones included). */
  readonly plans: readonly RegionPlan[];
  /** Tags every resource gets through provider default_tags, with ManagedByStack=<stack name> added (stackTags). */
  readonly tags: Readonly<Record<string, string>>;
  /** Where this stack's state lives. */
  readonly backend: BackendModel;
  /** Directory of the bundled updater Lambda, when a Region of this stack uses documentManagement lambda. */
  readonly lambdaBundleDir?: string;
}

/**
 * A group of Regions of one account: an AWS provider alias per Region and each Region's Session
 * Manager preferences. Construct IDs depend only on the Region, so a Region's resources keep their
 * addresses whatever else the group holds.
 */
export class RegionGroupStack extends ResolveOnceStack {
  readonly providers: ReadonlyMap<string, AwsProvider>;
  readonly regions: ReadonlyMap<string, RegionPreferences>;

  constructor(scope: Construct, id: string, props: RegionGroupStackProps) {
    super(scope, id);
    configureBackend(this, id, props.backend);
    const providers = new Map<string, AwsProvider>();
    const regions = new Map<string, RegionPreferences>();
    // archive_file zips the updater bundle; the archive provider is only required where it is used.
    if (props.plans.some((p) => !p.region.retired && p.updater)) new ArchiveProvider(this, 'archive');
    const removed: RemovedBlock[] = [];
    const tags = stackTags(props.tags, id);
    for (const plan of props.plans) {
      const region = plan.region;
      // A retired Region keeps its provider alias: Terraform needs it to forget or destroy what the state holds.
      const provider = awsProvider(this, props.account, region.region, tags);
      providers.set(region.region, provider);
      const preferences = new RegionPreferences(this, region.region, {
        provider,
        plan,
        ...(props.lambdaBundleDir !== undefined ? { lambdaBundleDir: props.lambdaBundleDir } : {}),
      });
      const dhmc =
        plan.dhmcSetting === undefined
          ? undefined
          : new ServiceSetting(this, `${region.region}-dhmc`, {
              provider,
              partition: region.partition,
              region: region.region,
              accountId: props.account.id,
              settingId: plan.dhmcSetting.name,
              value: String(plan.dhmcSetting.attributes.value),
            });
      if (region.retired) {
        // Built only to learn the addresses they had; then taken out of the stack. The DHMC setting is
        // forgotten like the public-sharing block: it stays as last applied.
        removed.push(...removedBlocks(preferences, DESTROYED_WHEN_RETIRED), ...preferences.handedOver);
        this.node.tryRemoveChild(region.region);
        if (dhmc) {
          removed.push(...removedBlocks(dhmc, DESTROYED_WHEN_RETIRED));
          this.node.tryRemoveChild(dhmc.node.id);
        }
      } else {
        removed.push(...preferences.handedOver);
        regions.set(region.region, preferences);
      }
    }
    if (removed.length > 0) this.addOverride('removed', removed);
    this.providers = providers;
    this.regions = regions;
  }
}
