/**
 * One CLI: every command's spec (src/cli/registry.ts) has an example, uses the exit statuses of
 * the one convention, which is the table of docs/operations.md, and prints its help in one layout.
 * Running each entry point's --help is the integration tier's (__tests__/integration/cli-help.test.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_CONVENTION, USAGE_ERROR, exitStatusText, helpText, type ExitStatus } from '../src/cli/args';
import { CI_SUBCOMMANDS } from '../src/cli/commands';
import { COMMANDS } from '../src/cli/registry';
import { EXIT } from '../src/aws/runner';
import { ROOT } from './helpers';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
/** npm scripts that run a tool, not one of this project's entry points. */
const TOOL_SCRIPTS = ['typecheck', 'lint', 'format', 'test', 'test:unit', 'test:integration', 'diff', 'deploy'];
const ALL = [...COMMANDS.map((c) => ({ name: c.script ?? c.entry, spec: c.spec })), ...Object.entries(CI_SUBCOMMANDS).map(([name, spec]) => ({ name: `ci ${name}`, spec }))];

/** The table under "### Exit status" in docs/operations.md, as status -> meaning. */
function documentedExitStatuses(): Record<string, string> {
  const text = readFileSync(join(ROOT, 'docs', 'operations.md'), 'utf8');
  const section = text.split('### Exit status\n')[1]?.split(/\n#/)[0] ?? '';
  const rows = section.split('\n').filter((l) => /^\| \d /.test(l));
  return Object.fromEntries(rows.map((l) => l.split('|').map((c) => c.trim())).map(([, code, meaning]) => [code, meaning]));
}

describe('the exit-status convention', () => {
  it('is the one table of docs/operations.md', () => {
    expect(documentedExitStatuses()).toEqual(Object.fromEntries(Object.entries(EXIT_CONVENTION)));
  });

  it('is what the read-only AWS commands use', () => {
    expect(EXIT).toEqual({ ok: 0, findings: 1, usage: 2, error: 3 });
    expect(EXIT_CONVENTION[2]).toMatch(/^usage error/);
    expect(USAGE_ERROR).toMatch(/^usage error/);
  });

  it.each(ALL)('$name uses only the statuses of the table, 2 being a usage error', ({ name, spec }) => {
    expect(spec.exit).toBeDefined();
    const codes = Object.keys(spec.exit ?? {}).map(Number) as ExitStatus[];
    expect(codes).toContain(0);
    for (const code of codes) expect(Object.keys(EXIT_CONVENTION).map(Number)).toContain(code);
    expect(codes).not.toContain(2);
    // 3 (incomplete) belongs to commands that read many accounts and can be partly answered, and to
    // `workspaces`, whose HCP Terraform API calls can fail one workspace at a time.
    if (codes.includes(3) && name !== 'workspaces') expect(spec.flags.map((f) => f.name)).toEqual(expect.arrayContaining(['account', 'region']));
    expect(helpText(spec)).toContain(`\n${exitStatusText(spec.exit ?? {})}\n`);
    expect(helpText(spec)).toContain(`  2  ${USAGE_ERROR}`);
  });
});

describe('one help layout', () => {
  it.each(ALL)('$name: usage, summary, flags, examples and exit status, in that order', ({ spec }) => {
    const help = helpText(spec);
    const headings = help.split('\n').filter((l) => /^[A-Z][a-z ]+:( |$)/.test(l) && !l.startsWith('Usage: ') && !l.includes('. '));
    expect(help).toMatch(/^Usage: \S/);
    expect(headings.filter((h) => ['Arguments:', 'Flags:', 'Examples:', 'Exit status:'].includes(h))).toEqual([
      ...(spec.positionals ? ['Arguments:'] : []),
      'Flags:',
      'Examples:',
      'Exit status:',
    ]);
    expect(help).not.toMatch(/Exit statuses|Exit codes/);
    expect(help).not.toMatch(/<command> <command>/);
  });

  it.each(ALL)('$name has at least one example, run the way its usage says', ({ spec }) => {
    expect(spec.examples?.length).toBeGreaterThan(0);
    const prefix = spec.usage.replace(/ --$/, '').split(' -- ')[0];
    for (const example of spec.examples ?? []) {
      expect(example.command).toContain(prefix);
      expect(example.what).not.toBe('');
    }
  });
});

describe('the scripts of package.json', () => {
  it('each run a listed command or a tool; no two run the same command', () => {
    const listed = new Set(COMMANDS.map((c) => c.script));
    const ours = Object.keys(pkg.scripts).filter((s) => !TOOL_SCRIPTS.includes(s));
    expect(ours.filter((s) => !listed.has(s))).toEqual([]);
    const commands = Object.values(pkg.scripts);
    expect(commands.filter((c, i) => commands.indexOf(c) !== i)).toEqual([]);
  });

  it('run the entry point the list names, which exists', () => {
    for (const command of COMMANDS) {
      expect(existsSync(join(ROOT, command.entry))).toBe(true);
      if (command.script !== undefined) expect(pkg.scripts[command.script]).toContain(command.launcher ?? command.entry);
      if (command.launcher !== undefined) expect(readFileSync(join(ROOT, command.launcher), 'utf8')).toContain(`'${command.entry}'`);
    }
  });

  it('have no stub or duplicate left from before (get, synth:direct, schema, docs:rules)', () => {
    for (const gone of ['get', 'synth:direct', 'schema', 'docs:rules']) expect(pkg.scripts[gone]).toBeUndefined();
  });
});
