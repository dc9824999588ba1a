/**
 * Peak memory of a command and every process it starts (terraform runs one provider process per
 * alias), sampled from /proc. Linux only.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Resident set size in bytes of `root` and all its descendants. */
export function treeRssBytes(root: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
      const pid = Number(entry);
      rss.set(pid, kb * 1024);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/**
 * CPU seconds (user + system) of this process's waited-for children so far, from /proc/self/stat
 * (cutime and cstime, in clock ticks of 1/100 s); undefined where there is no /proc.
 */
export function childrenCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5), counted from the state field (3).
    return (Number(fields[16 - 3]) + Number(fields[17 - 3])) / 100;
  } catch {
    return undefined;
  }
}

/** Wall time, CPU time and peak tree RSS of one command. */
export interface Measurement {
  readonly seconds: number;
  /** User + system CPU seconds of the command and the processes it waited for (undefined without /proc). */
  readonly cpuSeconds: number | undefined;
  readonly peakBytes: number;
  readonly status: number | null;
  readonly stderr: string;
}

/** Runs `command args` in `cwd` and samples its process tree every `intervalMs`. */
export function measure(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; intervalMs?: number }): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const cpuBefore = childrenCpuSeconds();
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let peakBytes = 0;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setInterval(() => {
      if (child.pid !== undefined) peakBytes = Math.max(peakBytes, treeRssBytes(child.pid));
    }, options.intervalMs ?? 50);
    child.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.on('close', (status) => {
      clearInterval(timer);
      const cpuAfter = childrenCpuSeconds();
      const cpuSeconds = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
      resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, cpuSeconds, peakBytes, status, stderr });
    });
  });
}
