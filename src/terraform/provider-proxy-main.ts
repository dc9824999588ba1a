/**
 * The provider proxy (provider-proxy.ts) in a process of its own, for callers that run terraform
 * synchronously (their event loop cannot serve the proxy meanwhile). Arguments: the provider
 * binary, the work directory, the cache directory, `shared` or `per-connection`, and the resource
 * and data source types to serve schemas of (comma-separated; all when absent); the environment is
 * the provider's. Prints the TF_REATTACH_PROVIDERS value on one line. Then, for each line
 * `next <shared|per-connection> [types]` on stdin (the caller's next command in the same work
 * directory), closes the proxy (its provider process waits for the next one, provider-proxy.ts
 * PROVIDER_IDLE_SECONDS) and prints the value of a new one on one line. Serves until SIGTERM or
 * until its stdin closes (the caller ended), then stops its provider processes.
 */
import { closeIdleProviders, startProviderProxy, type RunningProxy } from './provider-proxy';

async function main(): Promise<void> {
  const [binary, cwd, cacheDir, mode, types] = process.argv.slice(2);
  if (!binary || !cwd || !cacheDir)
    throw new Error('usage: provider-proxy-main <provider binary> <work directory> <cache directory> [shared|per-connection] [types, comma-separated]');
  const start = (sessionMode: string | undefined, sessionTypes: string | undefined) =>
    startProviderProxy({
      binary,
      cwd,
      cacheDir,
      env: process.env,
      perConnection: sessionMode === 'per-connection',
      ...(sessionTypes === undefined ? {} : { types: new Set(sessionTypes.split(',').filter((t) => t !== '')) }),
    });
  let proxy: RunningProxy = await start(mode, types);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void proxy
      .close()
      .then(closeIdleProviders)
      .finally(() => process.exit(0));
  };
  // One command at a time: a `next` line waits for the previous session to close.
  let queue = Promise.resolve();
  let pending = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    pending += chunk;
    for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n')) {
      const [verb, nextMode, nextTypes] = pending.slice(0, newline).split(' ');
      pending = pending.slice(newline + 1);
      if (verb !== 'next') continue;
      queue = queue
        .then(async () => {
          await proxy.close();
          proxy = await start(nextMode, nextTypes);
          process.stdout.write(`${proxy.reattach}\n`);
        })
        .catch((error: unknown) => {
          process.stdout.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
        });
    }
  });
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdout.write(`${proxy.reattach}\n`);
}

main().catch((error: unknown) => {
  process.stdout.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
