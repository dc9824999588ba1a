/**
 * The cdktf app. Reads the configuration named by `--config <file>` or $SESSION_PREFS_CONFIG
 * (default config/example.yaml), validates all of it, and only then synthesizes: a bad
 * configuration prints every problem, exits 1 and writes nothing. The compliance rules
 * (README.md, Compliance guardrails) are applied to the app built in memory first: an error finding prints
 * every finding, exits 1 and writes nothing either.
 */
import { App } from 'cdktf';
import { applyCompliance, checkModel } from './src/compliance/apply';
import { renderSynthNotice } from './src/compliance/report';
import { loadModelOrExit } from './src/cli';
import { addStacks } from './stacks/app';

function main(): void {
  const model = loadModelOrExit(process.argv.slice(2));
  const compliance = checkModel(model);
  process.stderr.write(renderSynthNotice(compliance));
  if (compliance.errors.length > 0) process.exit(1);
  const app = new App();
  addStacks(app, model);
  applyCompliance(app, model);
  app.synth();
}

main();
