/**
 * `npm run bench:validation`: how long validating an organization-scale configuration takes, and
 * what share the checks of the whole planned app (src/config/aws-checks.ts) add to the structural
 * schema and the cross-field rules. Writes bench/validation.md.
 */
import { startCommand } from '../src/cli/command';
import { BENCH_COMMANDS } from '../src/cli/commands';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

void startCommand(BENCH_COMMANDS.validation, async () => {
  // The benchmark's modules load only now: --help and usage errors answer without them.
  const [{ modelFromData }, { configSchema }, { resolveConfig }, { checkPlannedApp }, { DEFAULT_COMMERCIAL_REGIONS }] = await Promise.all([
    import('../src/config/load'),
    import('../src/config/schema'),
    import('../src/config/resolve'),
    import('../src/config/aws-checks'),
    import('../src/model/regions'),
  ]);
  const RESULTS = join(__dirname, 'validation.md');

  function orgConfig(accounts: number, regions: readonly string[]): Record<string, unknown> {
    return {
      version: 1,
      regions: [...regions],
      assumeRoleName: 'SessionPrefsDeployer',
      documentManagement: 'lambda',
      accounts: Array.from({ length: accounts }, (_, i) => ({ id: String(100000000000 + i), name: `account-${String(i).padStart(2, '0')}` })),
      preferences: { s3: { enabled: true }, runAs: { enabled: true, defaultUser: 'ssm-user' }, shellProfile: { linux: 'exec bash -l' } },
      customDocuments: [{ name: 'SessionManager-BreakGlass', preferences: { maxSessionDuration: 480 } }],
      access: { instance: { createRole: true } },
      backend: { type: 'cloud', organization: 'acme' },
    };
  }

  /** Median of `runs` timings of `fn`, in milliseconds. */
  function time(fn: () => void, runs = 5): number {
    const samples = Array.from({ length: runs }, () => {
      const start = performance.now();
      fn();
      return performance.now() - start;
    }).sort((a, b) => a - b);
    return samples[Math.floor(runs / 2)];
  }

  const rows: string[] = [];
  for (const [accounts, regions] of [
    [1, 1],
    [10, 17],
    [50, 17],
  ] as const) {
    const data = orgConfig(accounts, DEFAULT_COMMERCIAL_REGIONS.slice(0, regions));
    const parsed = configSchema.parse(data);
    const resolved = resolveConfig(parsed, {});
    const schemaAndRules = time(() => resolveConfig(configSchema.parse(data), {}));
    const planned = time(() => checkPlannedApp(parsed, resolved.model, () => undefined));
    const total = time(() => modelFromData(data, 'bench', process.cwd(), {}));
    rows.push(`| ${accounts} × ${regions} | ${schemaAndRules.toFixed(0)} | ${planned.toFixed(0)} | ${total.toFixed(0)} |`);
    console.log(`${accounts}x${regions}: schema+rules ${schemaAndRules.toFixed(0)} ms, planned app ${planned.toFixed(0)} ms, total ${total.toFixed(0)} ms`);
  }
  writeFileSync(
    RESULTS,
    [
      '# Validation time',
      '',
      'Written by `npm run bench:validation` (median of 5 runs, one process, warm). Every preference on,',
      'documentManagement lambda, a created bucket, role and HCP Terraform workspaces: the most names to check.',
      '',
      '| accounts × Regions | schema + cross-field rules (ms) | planned-app checks (ms) | whole validation (ms) |',
      '| --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n'),
  );
});
