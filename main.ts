/**
 * The cdktf app. Reads the configuration named by `--config <file>` or $SESSION_PREFS_CONFIG
 * (default config/example.yaml), validates all of it, and only then synthesizes: a bad
 * configuration prints every problem, exits 1 and writes nothing. The compliance rules
 * (docs/compliance.md) run over the built app before synthesis: an error finding
 * prints every finding, exits 1 and writes nothing either. `--help` prints the usage; it and a
 * usage error answer before the app's modules (cdktf, the providers, the configuration loader) load.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isInteractive } from './src/cli/args';
import { startCommand } from './src/cli/command';
import { SYNTH_COMMAND } from './src/cli/commands';

/** The directories this run creates for `outdir`: its missing ancestors, itself and its stacks/ directory, outermost first. */
function missingDirs(outdir: string): string[] {
  const dirs: string[] = [];
  for (let dir = resolve(outdir); !existsSync(dir) && dirname(dir) !== dir; dir = dirname(dir)) dirs.unshift(dir);
  const stacks = resolve(outdir, 'stacks');
  return existsSync(stacks) ? dirs : [...dirs, stacks];
}

async function main(argv: readonly string[]): Promise<void> {
  const [
    { App },
    { applyConfiguredCompliance },
    { renderSynthNotice },
    { unloggedDocumentNotice },
    { loadModelOrRefuse, refuseSynth, runningUnderCdktf },
    { describeMigration, migrateLegacyState },
    { addStacks },
  ] = await Promise.all([
    import('cdktf'),
    import('./stacks/compliance'),
    import('./src/compliance/report'),
    import('./src/documents/build-custom-document'),
    import('./src/cli/config-file'),
    import('./src/state/local-state'),
    import('./stacks/app'),
  ]);
  const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  const model = loadModelOrRefuse(argv, outdir);
  // State files an older version kept in cdktf.out/stacks/<stack>/ move to state/ once (docs/state.md).
  const migration = migrateLegacyState(outdir);
  process.stderr.write(describeMigration(migration));
  if (migration.some((m) => m.outcome === 'conflict')) refuseSynth('Refusing to synthesize until the state conflict above is resolved.\n', outdir);
  // new App() creates the output directory and its stacks/ directory, empty, but not a missing
  // parent (CDKTF_OUTDIR=/tmp/new/out failed with ENOENT): create those first, and note all of them.
  const created = missingDirs(outdir);
  mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir });
  const stacks = addStacks(app, model);
  // The rules run now, before synthesis writes anything; synth re-uses their result.
  const compliance = applyConfiguredCompliance(app, model).run();
  const notice = renderSynthNotice(compliance);
  if (compliance.errors.length > 0) {
    // Leave no trace of a refused synth.
    for (const dir of created.reverse()) rmSync(dir, { recursive: true, force: true });
    refuseSynth(notice, outdir);
  }
  process.stderr.write(notice);
  // Port documents: no preference can log them; say so for each one (docs/session-documents.md).
  process.stderr.write(unloggedDocumentNotice(model.accounts.flatMap((a) => a.regions.flatMap((r) => r.customDocuments))));
  app.synth();
  if (isInteractive() && !runningUnderCdktf()) process.stderr.write(`synthesized ${stacks.size} stacks into ${join(outdir, 'stacks')} (npm run stacks lists them)\n`);
}

void startCommand(SYNTH_COMMAND, (_args, argv) => main(argv));
