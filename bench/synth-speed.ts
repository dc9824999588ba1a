/**
 * `npm run bench:synth`: synthesis of 5 accounts × 17 Regions and 50 × 17 (the configuration of
 * bench/run.ts), each timed as a whole process started the way `cdktf synth` starts it (the `app`
 * command of the checkout's cdktf.json, which `npm run synth` runs too) RUNS times (default 5,
 * after one warm-up): medians of wall time, of CPU time (user + system, of the process and its
 * children) and of the process tree's peak RSS, with the load average before and after. With
 * `--before <checkout>` the same is measured for another checkout of the project (its cdktf.json
 * and main.ts), alternating run by run, so both columns see the same machine. Prints a Markdown
 * table for bench/speed.md on stdout; on a terminal, each row also on stderr as it is measured.
 * Targets (issue 25): 5 × 17 ≤ 1.5 s, 50 × 17 ≤ 5 s, peak ≤ 0.5 GB, on a quiet 2-core machine.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ParsedArgs } from '../src/cli/args';
import { errorMessage, startCommand } from '../src/cli/command';
import { BENCH_COMMANDS } from '../src/cli/commands';
import type { Measurement } from './process-tree';

const ROOT = join(__dirname, '..');

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** The command cdktf runs as the app of `checkout` (cdktf.json `app`), as program and arguments. */
function appCommand(checkout: string): string[] {
  const app = (JSON.parse(readFileSync(join(checkout, 'cdktf.json'), 'utf8')) as { app: string }).app;
  return app.split(/\s+/).filter((word) => word !== '');
}

/** One synth of `configFile` by the app of `checkout`, into a fresh output directory. */
async function synthOnce(checkout: string, configFile: string): Promise<Measurement> {
  const { measure } = await import('./process-tree');
  const outdir = mkdtempSync(join(tmpdir(), 'bench-synth-speed-'));
  const env = { ...process.env, CDKTF_OUTDIR: outdir, SESSION_PREFS_STATE_DIR: join(outdir, 'state') };
  const [program, ...args] = appCommand(checkout);
  const m = await measure(program, [...args, '--config', configFile], { cwd: checkout, env });
  if (m.status !== 0) throw new Error(`synth by ${checkout} failed:\n${m.stderr}`);
  return m;
}

async function main({ flags }: ParsedArgs): Promise<void> {
  // The benchmark's modules load only now: --help and usage errors answer without them.
  const [{ DEFAULT_COMMERCIAL_REGIONS }, { gb, orgConfig, s }] = await Promise.all([import('../src/model/regions'), import('./synth')]);
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
        if (run > 0) (seen[name] ??= []).push(m); // run 0 warms tsx's cache or builds the bundle
      }
    }
    for (const [name, ms] of Object.entries(seen)) {
      const cpu = ms.every((m) => m.cpuSeconds !== undefined) ? s(median(ms.map((m) => m.cpuSeconds!))) : 'n/a';
      const row = `| ${accounts} × 17 | ${name}: \`${appCommand(checkouts[name as keyof typeof checkouts]!).join(' ')}\` | ${s(median(ms.map((m) => m.seconds)))} | ${s(Math.min(...ms.map((m) => m.seconds)))} | ${cpu} | ${gb(median(ms.map((m) => m.peakBytes)))} | ${loadBefore} → ${load()} |`;
      rows.push(row);
      // Progress for a person watching; the table itself goes to stdout only once.
      if (process.stderr.isTTY) console.error(row);
    }
  }
  process.stdout.write(
    [
      `Synthesis as cdktf.json's \`app\` starts it, ${runs} runs each after a warm-up, ${new Date().toISOString().slice(0, 16)}Z, Node.js ${process.version}:`,
      '',
      '| accounts × Regions | checkout: command | median wall (s) | min wall (s) | median CPU, user + sys (s) | median peak RSS (GB) | load average (1, 5, 15 min) before → after |',
      '| --- | --- | ---: | ---: | ---: | ---: | --- |',
      ...rows,
      '',
    ].join('\n'),
  );
}

void startCommand(BENCH_COMMANDS.synth, main, { crash: (e) => `${errorMessage(e)}\n` });
