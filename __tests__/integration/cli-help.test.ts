/**
 * Every entry point explains itself: `--help` prints its usage (exit 0) and an unknown flag is an
 * error that names it (exit 2, a usage error, for every command: docs/operations.md "Exit status"),
 * before any work, benchmarks included, and without loading a package: only the frame and the
 * command's spec (the work comes in through `await import()`; support/record-requires.cjs records
 * what the entry's code requires). Also: quiet output off a terminal, and a refused synth under the
 * cdktf CLI that prints its problems once.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SANDBOX, exampleModel, stackFor, tempDir, writeTempConfig } from '../helpers';
import { runSynth } from '../support/tsx';
import { helpText } from '../../src/cli/args';
import { COMMANDS } from '../../src/cli/registry';
import { unloggedDocumentNotice } from '../../src/documents/build-custom-document';

const ENTRY_POINTS = [
  'main.ts',
  ...readdirSync(join(ROOT, 'scripts'))
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => `scripts/${f}`),
  ...COMMANDS.map((c) => c.entry).filter((e) => e.startsWith('bench/')),
];

/** An entry point with its own CDKTF_OUTDIR, so nothing lands in cdktf.out. */
function run(file: string, args: string[], env: Record<string, string> = {}) {
  return runSynth(args, { env, timeout: 120000 }, file);
}

/** Records the packages an entry point's own code requires (not the launcher's, not the packages'). */
const RECORDER = join(ROOT, '__tests__', 'support', 'record-requires.cjs');

/** `<file> <args>` with the recorder: also the packages its code required (undefined: nothing recorded). */
function runRecorded(file: string, args: string[]) {
  const record = join(tempDir('requires-'), 'packages.txt');
  const out = run(file, args, {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(RECORDER)}`.trim(),
    SESSION_PREFS_RECORD_REQUIRES: record,
  });
  return {
    ...out,
    packages: existsSync(record)
      ? readFileSync(record, 'utf8')
          .split('\n')
          .filter((p) => p !== '')
      : undefined,
  };
}

const helps = new Map<string, ReturnType<typeof runRecorded>>();
/** `<file> --help`, started once per entry point for the tests that read it. */
function help(file: string) {
  if (!helps.has(file)) helps.set(file, runRecorded(file, ['--help']));
  return helps.get(file)!;
}

const usageErrors = new Map<string, ReturnType<typeof runRecorded>>();
/** `<file> --bogus` (scripts/ci.ts: of its batches command), started once per entry point. */
function usageError(file: string) {
  if (!usageErrors.has(file)) usageErrors.set(file, runRecorded(file, file === 'scripts/ci.ts' ? ['batches', '--bogus'] : ['--bogus']));
  return usageErrors.get(file)!;
}

describe('entry points', () => {
  it('include main.ts and the scripts', () => {
    expect(ENTRY_POINTS).toEqual(
      expect.arrayContaining([
        'main.ts',
        'scripts/check.ts',
        'scripts/ci.ts',
        'scripts/stacks.ts',
        'scripts/plan-offline.ts',
        'scripts/generate-docs.ts',
        'scripts/bundle-lambda.ts',
      ]),
    );
  });

  it.each(ENTRY_POINTS)('%s --help prints its usage and exits 0', (file) => {
    const out = help(file);
    expect({ status: out.status, stderr: out.stderr }).toEqual({ status: 0, stderr: '' });
    expect(out.stdout).toMatch(/^Usage: /);
    expect(out.stdout).toMatch(/--help +show this help and exit|Commands: /);
    expect(out.stdout).toContain('\nExamples:\n');
    expect(out.stdout).toContain('\nExit status:\n');
  });

  it.each(COMMANDS.map((c) => [c.entry, c.spec] as const))('%s --help prints exactly the help of its spec in src/cli', (file, spec) => {
    expect(help(file).stdout).toBe(helpText(spec));
  });

  it.each(ENTRY_POINTS)('%s refuses an unknown flag with exit 2 (usage error) and does nothing', (file) => {
    const out = usageError(file);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('error: unknown flag --bogus');
    expect(out.stderr).toMatch(/--help for the usage/);
    expect(out.stdout).toBe('');
  });

  it.each(ENTRY_POINTS)('%s answers --help and a usage error without loading a package: the frame and its spec only', (file) => {
    // cdktf, the providers, the AWS SDK, yaml and zod cost about 0.5 CPU-s per start; the frame about 0.1.
    expect({ help: help(file).packages, usageError: usageError(file).packages }).toEqual({ help: [], usageError: [] });
  });
});

describe('main.ts output', () => {
  it('is silent off a terminal when synthesis succeeds, but for the notice of each unlogged (Port) document', () => {
    const out = run('main.ts', []);
    expect(out.status).toBe(0);
    expect(out.stdout).toBe('');
    // The example has one Port document; its sessions are not logged, and synth says so (issue 24).
    const ports = exampleModel().accounts[0].activeRegions[0].customDocuments.filter((d) => d.session.type === 'Port');
    expect(ports).toHaveLength(1);
    expect(out.stderr).toBe(unloggedDocumentNotice(ports));
    expect(out.stderr).toContain(`Session document ${ports[0].name} (Port): port forwarding sessions are not logged`);
  });

  it('synthesizes into a CDKTF_OUTDIR whose parent directories do not exist yet', () => {
    const outdir = join(tempDir('cdktf-out-'), 'new', 'nested', 'out');
    const out = run('main.ts', [], { CDKTF_OUTDIR: outdir });
    expect(out.stderr).not.toContain('ENOENT');
    expect(out.status).toBe(0);
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(['sandbox-global', 'sandbox-shard0', 'sandbox-shard3']);
  });

  it('under the cdktf CLI prints a refused configuration once, on stdout, and removes a stale manifest so cdktf stops', () => {
    const outdir = tempDir('cdktf-out-');
    mkdirSync(join(outdir, 'stacks'), { recursive: true });
    writeFileSync(join(outdir, 'manifest.json'), '{"stacks":{}}');
    const config = writeTempConfig('version: 1\nregions: [moon-1]\naccounts:\n  - { id: "42", name: ok }\n', 'bad.yaml');
    const out = run('main.ts', ['--config', config], { CDKTF_OUTDIR: outdir, CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true' });
    expect(out.stderr).toBe('');
    expect(out.stdout.match(/2 problems in the configuration/g)).toHaveLength(1);
    expect(out.stdout).toContain("regions[0]: must be a known AWS Region (for example eu-west-1), got 'moon-1'");
    expect(out.stdout).toContain('Nothing was synthesized');
    expect(existsSync(join(outdir, 'manifest.json'))).toBe(false);
  });
});

describe('npm run stacks', () => {
  it('lists stack -> account -> Regions of the example, as a table and as JSON', () => {
    const example = exampleModel();
    const [global, usEast1, euWest1] = [stackFor(example, SANDBOX.name), stackFor(example, SANDBOX.name, 'us-east-1'), stackFor(example, SANDBOX.name, 'eu-west-1')];
    const table = run('scripts/stacks.ts', []);
    expect(table.status).toBe(0);
    expect(table.stdout.split('\n').slice(0, 4)).toEqual([
      expect.stringMatching(/^STACK +ACCOUNT +REGIONS$/),
      expect.stringMatching(new RegExp(`^${global} +sandbox \\(111111111111\\) +account-wide IAM, provider in us-east-1$`)),
      expect.stringMatching(new RegExp(`^${usEast1} +sandbox \\(111111111111\\) +us-east-1$`)),
      expect.stringMatching(new RegExp(`^${euWest1} +sandbox \\(111111111111\\) +eu-west-1$`)),
    ]);
    const json = JSON.parse(run('scripts/stacks.ts', ['--json']).stdout);
    expect(json.map((r: { stack: string; regions: string[] }) => [r.stack, r.regions])).toEqual([
      [global, ['us-east-1']],
      [usEast1, ['us-east-1']],
      [euWest1, ['eu-west-1']],
    ]);
    expect(json[1].state).toEqual({ type: 'local', path: join(ROOT, 'state', `${usEast1}.tfstate`) });
  });
});
