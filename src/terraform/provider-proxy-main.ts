/**
 * The provider proxy (provider-proxy.ts) in a process of its own, for callers that run terraform
 * synchronously (their event loop cannot serve the proxy meanwhile). Arguments: the provider
 * binary, the work directory, the cache directory, `shared` or `per-connection`, and the resource
 * and data source types to serve schemas of (comma-separated; all when absent); the
 * environment is the provider's. Prints
 * the TF_REATTACH_PROVIDERS value on one line, then serves until SIGTERM or until its stdin closes
 * (the caller ended).
 */
import { startProviderProxy } from './provider-proxy';

async function main(): Promise<void> {
  const [binary, cwd, cacheDir, mode, types] = process.argv.slice(2);
  if (!binary || !cwd || !cacheDir)
    throw new Error('usage: provider-proxy-main <provider binary> <work directory> <cache directory> [shared|per-connection] [types, comma-separated]');
  const proxy = await startProviderProxy({
    binary,
    cwd,
    cacheDir,
    env: process.env,
    perConnection: mode === 'per-connection',
    ...(types === undefined ? {} : { types: new Set(types.split(',').filter((t) => t !== '')) }),
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void proxy.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  process.stdout.write(`${proxy.reattach}\n`);
}

main().catch((error: unknown) => {
  process.stdout.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
