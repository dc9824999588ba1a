/**
 * Turns a structurally valid configuration into the model: fills in defaults (from defaults.ts
 * only), merges overrides, expands accounts × Regions, and checks the rules that span several
 * fields. Each step is its own module; problems are collected, never thrown one by one.
 */
import { DEFAULTS } from './defaults';
import { checkRoleNameOverride, checkSingleRegionKeyIds, checkUniqueness } from './cross-checks';
import { issueCollector, type ConfigIssue, type Report } from './issues';
import { resolveAccess } from './resolve-access';
import { resolveAccounts } from './resolve-accounts';
import { resolveBackend } from './resolve-backend';
import { resolveBootstrap } from './resolve-bootstrap';
import { resolveCompliance } from './resolve-compliance';
import { GroupResolver } from './resolve-groups';
import { checkCustomDocuments } from './resolve-documents';
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
  checkCustomDocuments(config, report);
  const logArchive = resolveLogArchive(config, env, report);
  const groups = new GroupResolver(config, report, resolvePreferences, logArchive);
  // Every account carries its effective access, so the top-level one is resolved first; its
  // problems are reported where they always were, after the accounts' and the backend's.
  const accessIssues: Parameters<Report>[] = [];
  const access = resolveAccess(
    config.access,
    (...issue) => accessIssues.push(issue),
    (config.customDocuments ?? []).map((d) => d.name),
    (config.customDocuments ?? []).filter((d) => d.type === 'Port').map((d) => d.name),
  );
  const accounts = resolveAccounts(config, env, groups, report, access);
  const backend = resolveBackend(config.backend, env, report);
  for (const issue of accessIssues) report(...issue);
  return {
    model: {
      tags: { ...DEFAULTS.tags, ...(config.tags ?? {}) },
      accounts,
      shardSize: config.stacks?.shardSize ?? DEFAULTS.shardSize,
      backend,
      access,
      compliance: resolveCompliance(config.compliance, report),
      ...(logArchive ? { logArchive } : {}),
      bootstrap: resolveBootstrap(config),
    },
    issues: issues(),
  };
}
