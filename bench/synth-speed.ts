/**
 * `npm run bench:synth`: synthesis of 5 accounts × 17 Regions and 50 × 17 (the configuration of
 * bench/run.ts), each timed as a whole `tsx main.ts` process RUNS times (default 5, after one
 * warm-up), medians of wall time and of the process tree's peak RSS, with the load average before
 * and after. With `--before <checkout>` the same is measured for another checkout of the project (its
 * main.ts, this node_modules), alternating run by run, so both columns see the same machine.
 * Prints a Markdown table for bench/speed.md. Targets (issue 25): 5 × 17 ≤ 1.5 s, 50 × 17 ≤ 5 s,
 * peak ≤ 0.5 GB, on a quiet 2-core machine.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ParsedArgs } from '../src/cli/args';
import { errorMessage, startCommand } from '../src/cli/command';
import { BENCH_COMMANDS } from '../src/cli/commands';
import { DEFAULT_COMMERCIAL_REGIONS } from '../src/model/regions';
import { measure, type Measurement } from './process-tree';
import { gb, orgConfig, s } from './synth';

const ROOT = join(__dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** One synth of `configFile` by the main.ts of `checkout`, into a fresh output directory. */
async function synthOnce(checkout: string, configFile: string): Promise<Measurement> {
  const outdir = mkdtempSync(join(tmpdir(), 'bench-synth-speed-'));
  const env = { ...process.env, CDKTF_OUTDIR: outdir, SESSION_PREFS_STATE_DIR: join(outdir, 'state') };
  const m = await measure(TSX, [join(checkout, 'main.ts'), '--config', configFile], { cwd: checkout, env });
  if (m.status !== 0) throw new Error(`synth by ${checkout} failed:\n${m.stderr}`);
  return m;
}

async function main({ flags }: ParsedArgs): Promise<void> {
  const runs = Number(typeof flags.runs === 'string' ? flags.runs : 5);
  const before = typeof flags.before === 'string' ? flags.before : undefined;
  const checkouts = before === undefined ? { after: ROOT } : { after: ROOT, before: resolve(before) };
  const rows: string[] = [];
  for (const accounts of [5, 50]) {
    const configFile = join(mkdtempSync(join(tmpdir(), 'bench-synth-speed-config-')), 'config.yaml');
    writeFileSync(configFile, orgConfig(accounts, DEFAULT_COMMERCIAL_REGIONS.slice(0, 17)));
    const loadBefore = load();
    const seen: Record<string, Measurement[]> = {};
    for (let run = 0; run <= runs; run++) {
      for (const [name, checkout] of Object.entries(checkouts)) {
        const m = await synthOnce(checkout, configFile);
        if (run > 0) (seen[name] ??= []).push(m); // run 0 warms tsx's cache
      }
    }
    for (const [name, ms] of Object.entries(seen)) {
      const row = `| ${accounts} × 17 | ${name} | ${s(median(ms.map((m) => m.seconds)))} | ${s(Math.min(...ms.map((m) => m.seconds)))} | ${gb(median(ms.map((m) => m.peakBytes)))} | ${loadBefore} → ${load()} |`;
      rows.push(row);
      console.error(row);
    }
  }
  process.stdout.write(
    [
      `Synthesis by \`tsx main.ts\`, ${runs} runs each after a warm-up, ${new Date().toISOString().slice(0, 16)}Z, Node.js ${process.version}:`,
      '',
      '| accounts × Regions | checkout | median wall (s) | min wall (s) | median peak RSS (GB) | load average (1, 5, 15 min) before → after |',
      '| --- | --- | ---: | ---: | ---: | --- |',
      ...rows,
      '',
    ].join('\n'),
  );
}

void startCommand(BENCH_COMMANDS.synth, main, { crash: (e) => `${errorMessage(e)}\n` });
