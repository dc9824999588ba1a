/** The argument parser every entry point shares: declared flags only, --help, usage errors. */
import { CONFIG_FLAG, helpText, JSON_FLAG, parseArgs, UsageError, type CommandSpec } from '../src/cli/args';
import { parseCommand } from '../src/cli/command';

const SPEC: CommandSpec = {
  usage: 'npm run thing --',
  summary: 'Does a thing.',
  flags: [CONFIG_FLAG, JSON_FLAG, { name: 'only', type: 'list', value: '<stack>', description: 'only these' }],
  positionals: { name: '[stack ...]', description: 'stacks' },
  details: ['Exit status: 0 ok, 1 problems, 2 usage error.'],
};

describe('argument parser', () => {
  it('reads string, boolean and repeated flags in both spellings, and positionals', () => {
    const parsed = parseArgs(SPEC, ['--config', 'a.yaml', 'x', '--json', '--only=s1', '--only', 's2', '--', '--not-a-flag']);
    expect(parsed.flags).toEqual({ config: 'a.yaml', json: true, only: ['s1', 's2'] });
    expect(parsed.positionals).toEqual(['x', '--not-a-flag']);
    expect(parseArgs(SPEC, ['--config=b.yaml']).flags.config).toBe('b.yaml');
  });

  it('refuses unknown flags, missing values, values of boolean flags and unexpected arguments, naming them', () => {
    expect(() => parseArgs(SPEC, ['--jsn'])).toThrow(new UsageError('unknown flag --jsn'));
    expect(() => parseArgs(SPEC, ['--conf', 'x'])).toThrow('unknown flag --conf (did you mean --config?)');
    expect(() => parseArgs(SPEC, ['--config'])).toThrow('--config needs a value <file>');
    expect(() => parseArgs(SPEC, ['--config', '--json'])).toThrow('--config needs a value <file>');
    expect(() => parseArgs(SPEC, ['--json=yes'])).toThrow('--json takes no value');
    expect(() => parseArgs({ ...SPEC, positionals: undefined }, ['extra'])).toThrow('unexpected argument "extra"');
  });

  it('prints the usage on --help (exit 0) and the mistake on stderr (exit 2)', () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } };
    expect(parseCommand(SPEC, ['--bogus', '-h'], io)).toBe(0);
    expect(out.join('')).toBe(helpText(SPEC));
    expect(parseCommand(SPEC, ['--bogus'], io)).toBe(2);
    expect(err.join('')).toBe('error: unknown flag --bogus\nRun npm run thing -- --help for the usage.\n');
    const parsed = parseCommand(SPEC, ['--json'], io);
    expect(typeof parsed === 'object' && parsed.flags.json).toBe(true);
  });

  it('lists every flag with its value and description in the help', () => {
    const help = helpText(SPEC);
    expect(help.split('\n')[0]).toBe('Usage: npm run thing -- [flags] [stack ...]');
    expect(help).toMatch(/--config <file> +configuration file \(default: \$SESSION_PREFS_CONFIG, then config\/example\.yaml\)/);
    expect(help).toMatch(/--only <stack> +only these \(repeatable\)/);
    expect(help).toMatch(/-h, --help +show this help and exit/);
    expect(help).toContain('Exit status: 0 ok, 1 problems, 2 usage error.');
  });
});
