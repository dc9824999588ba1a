/** Shared by the benchmarks: synthesize a configuration in a child process and measure it; number formats. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { measure, type Measurement } from './process-tree';

const ROOT = join(__dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** Writes `config` (YAML) to a temporary directory and synthesizes it there with `tsx main.ts`, measured. */
export async function synthMeasured(config: string, tag: string): Promise<{ outdir: string; m: Measurement }> {
  const dir = mkdtempSync(join(tmpdir(), `bench-${tag}-`));
  const file = join(dir, 'config.yaml');
  writeFileSync(file, config);
  const outdir = join(dir, 'out');
  const m = await measure(TSX, ['main.ts', '--config', file], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: outdir } });
  if (m.status !== 0) throw new Error(`synth failed:\n${m.stderr}`);
  return { outdir, m };
}

/** Bytes as gigabytes with two decimals. */
export const gb = (bytes: number): string => (bytes / 1e9).toFixed(2);

/** Seconds with one decimal. */
export const s = (seconds: number): string => seconds.toFixed(1);

/** A realistic configuration: every preference on, S3 bucket, one custom document, assumed roles. */
export function orgConfig(accounts: number, regions: readonly string[], shardSize?: number): string {
  return stringify({
    version: 1,
    regions: [...regions],
    assumeRoleName: 'SessionPrefsDeployer',
    ...(shardSize !== undefined ? { stacks: { shardSize } } : {}),
    accounts: Array.from({ length: accounts }, (_, i) => ({ id: String(100000000000 + i), name: `account-${String(i).padStart(2, '0')}` })),
    preferences: { s3: { enabled: true }, runAs: { enabled: true, defaultUser: 'ssm-user' }, shellProfile: { linux: 'exec bash -l' } },
    customDocuments: [{ name: 'SessionManager-BreakGlass', preferences: { maxSessionDuration: 480 } }],
  });
}
