/**
 * `npm run sandbox [-- --config FILE]`: starts the AWS API emulator in the configuration's account
 * and prints the environment to try the stacks without AWS; `npm run sandbox -- --stop` stops it.
 * See src/sandbox/sandbox.ts and the README's "Try it locally".
 */
import type { ParsedArgs } from '../src/cli/args';
import { errorMessage, startCommand } from '../src/cli/command';
import { SANDBOX_COMMAND } from '../src/cli/commands';

async function main({ flags }: ParsedArgs, argv: readonly string[]): Promise<number> {
  // The work loads only now: --help and usage errors answer without it.
  const [{ loadModel }, { sandboxAccount, sandboxFiles, startSandbox, stopSandbox }] = await Promise.all([import('../src/cli/config-file'), import('../src/sandbox/sandbox')]);
  if (flags.stop === true) {
    const stopped = await stopSandbox();
    process.stdout.write(stopped ? 'sandbox stopped\n' : `no sandbox running (${sandboxFiles().pidFile})\n`);
    return 0;
  }
  const model = loadModel(argv);
  const started = await startSandbox(model);
  const files = sandboxFiles();
  const account = sandboxAccount(model);
  process.stdout.write(
    [
      `sandbox: moto on ${started.endpoint} as account ${account.id} (${account.name}), PID ${started.pid} (${files.pidFile}, log ${files.logFile})`,
      ...(started.warning ? [`warning: ${started.warning}`] : []),
      '',
      `# The environment (also in ${files.envFile}: . ${files.envFile}):`,
      ...Object.entries(started.env).map(([name, value]) => `export ${name}='${value}'`),
      '',
      '# Then, unchanged:',
      '#   npx cdktf deploy sandbox-global --auto-approve --skip-provider-lock   (or every stack: npx cdktf deploy "*" ...)',
      '#   npx cdktf diff <stack> --skip-provider-lock; npm run drift; npm run preflight',
      '# Stop it: npm run sandbox -- --stop',
      '',
    ].join('\n'),
  );
  return 0;
}

void startCommand(SANDBOX_COMMAND, main, { crash: (e) => `sandbox: ${errorMessage(e)}\n` });
