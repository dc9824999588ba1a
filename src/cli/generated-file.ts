/**
 * Writing a generated file, or checking that the committed copy is current: shared by the
 * generators' entry points (scripts/generate-*.ts). The text comes from a pure function in src/;
 * the unit tests compare the same function's output with the committed file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

/** One generated file: where it is committed, how to produce its text, which command writes it. */
export interface GeneratedFile {
  /** Absolute path of the committed file. */
  readonly path: string;
  /** Its current text. */
  readonly text: () => string;
  /** The command that writes it, for the "out of date" message, e.g. `npm run docs`. */
  readonly command: string;
}

/** Files whose committed text differs from the generated one, as "<file> is out of date: run <command>". */
export function staleFiles(files: readonly GeneratedFile[], root: string): string[] {
  const stale: string[] = [];
  for (const file of files) {
    let current: string | undefined;
    try {
      current = readFileSync(file.path, 'utf8');
    } catch {
      current = undefined;
    }
    if (current !== file.text()) stale.push(`${relative(root, file.path)} is out of date: run ${file.command}`);
  }
  return stale;
}

/**
 * With `check`, writes nothing and returns exit status 1 (after printing which files are stale
 * and the command to run) when a committed file differs; otherwise writes every file. Returns the
 * exit status.
 */
export function writeOrCheck(files: readonly GeneratedFile[], root: string, check: boolean): number {
  if (check) {
    const stale = staleFiles(files, root);
    for (const line of stale) process.stderr.write(`${line}\n`);
    return stale.length === 0 ? 0 : 1;
  }
  for (const file of files) {
    writeFileSync(file.path, file.text());
    process.stdout.write(`wrote ${relative(root, file.path)}\n`);
  }
  return 0;
}
