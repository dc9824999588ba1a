/**
 * How `npm run synth` and the cdktf CLI (cdktf.json `app`) start main.ts: through the project's
 * launcher (scripts/launch.cjs), from a cached esbuild bundle of the project's own TypeScript,
 * rebuilt when a source changes, with tsx as the fallback. SESSION_PREFS_SYNTH_BUNDLE=0 (like
 * SESSION_PREFS_LAUNCH_BUNDLE=0) always runs main.ts through tsx.
 */
const process = require('node:process');

if (process.env.SESSION_PREFS_SYNTH_BUNDLE === '0') process.env.SESSION_PREFS_LAUNCH_BUNDLE = '0';
require('./launch.cjs').start(require('node:path').join(__dirname, '..', 'main.ts'), process.argv.slice(2));
