/**
 * Turns a structurally valid configuration into the model: fills in defaults (from defaults.ts
 * only), merges overrides, expands accounts × Regions, and checks the rules that span several
 * fields. Each step is its own module; problems are collected, never thrown one by one.
 */
import { DEFAULTS } from './defaults';
import { checkRoleNameOverride, checkSingleRegionKeyIds, checkUniqueness } from './cross-checks';
import { issueCollector, type ConfigIssue } from './issues';
import { resolveAccess } from './resolve-access';
import { resolveAccounts } from './resolve-accounts';
import { resolveBackend } from './resolve-backend';
import { resolveBootstrap } from './resolve-bootstrap';
import { resolveCompliance } from './resolve-compliance';
import { GroupResolver } from './resolve-groups';
import { resolveLogArchive } from './resolve-log-archive';
import { resolvePreferences } from './resolve-preferences';
import type { ConfigInput } from './schema';
import type { Model } from '../model/model';

/** Builds the model and returns it with every cross-field problem found. */
export function resolveConfig(config: ConfigInput, env: Readonly<Record<string, string | undefined>> = process.env): { model: Model; issues: ConfigIssue[] } {
  const { report, issues } = issueCollector();
  checkUniqueness(config, report);
  checkRoleNameOverride(env, report);
  checkSingleRegionKeyIds(config, report);
  const logArchive = resolveLogArchive(config, env, report);
  const groups = new GroupResolver(config, report, resolvePreferences, logArchive);
  return {
    model: {
      tags: { ...DEFAULTS.tags, ...(config.tags ?? {}) },
      accounts: resolveAccounts(config, env, groups, report),
      shardSize: config.stacks?.shardSize ?? DEFAULTS.shardSize,
      backend: resolveBackend(config.backend, env, report),
      access: resolveAccess(
        config.access,
        report,
        (config.customDocuments ?? []).map((d) => d.name),
      ),
      compliance: resolveCompliance(config.compliance, report),
      ...(logArchive ? { logArchive } : {}),
      bootstrap: resolveBootstrap(config),
    },
    issues: issues(),
  };
}
