/**
 * The cdktf app. Reads the configuration named by `--config <file>` or $SESSION_PREFS_CONFIG
 * (default config/example.yaml), validates all of it, and only then synthesizes: a bad
 * configuration prints every problem, exits 1 and writes nothing. The compliance rules
 * (README.md, Compliance guardrails) run over the built app before synthesis: an error finding
 * prints every finding, exits 1 and writes nothing either.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import { applyCompliance } from './src/compliance/apply';
import { renderSynthNotice } from './src/compliance/report';
import { loadModelOrExit } from './src/cli';
import { addStacks } from './stacks/app';

function main(): void {
  const model = loadModelOrExit(process.argv.slice(2));
  const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  // new App() creates the output directory and its stacks/ directory, empty: note what was there.
  const created = [outdir, join(outdir, 'stacks')].filter((dir) => !existsSync(dir));
  const app = new App({ outdir });
  addStacks(app, model);
  // The rules run now, before synthesis writes anything; synth re-uses their result.
  const compliance = applyCompliance(app, model).run();
  process.stderr.write(renderSynthNotice(compliance));
  if (compliance.errors.length > 0) {
    // Leave no trace of a refused synth.
    for (const dir of created.reverse()) rmSync(dir, { recursive: true, force: true });
    process.exit(1);
  }
  app.synth();
}

main();
