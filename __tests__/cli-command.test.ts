/** The one command-line frame (src/cli/command.ts): parse, help, usage errors, the command's exit status, what it throws. */
import { UsageError, helpText, type CommandSpec } from '../src/cli/args';
import { errorMessage, startCommand, type CommandMain } from '../src/cli/command';
import { ConfigError } from '../src/config/load';

const SPEC: CommandSpec = {
  usage: 'npm run thing --',
  summary: 'Does a thing.',
  flags: [{ name: 'json', type: 'boolean', description: 'as JSON' }],
  examples: [{ command: 'npm run thing', what: 'do it' }],
  exit: { 0: 'done', 1: 'problems' },
};

/** Runs `main` in the frame with `argv`; what it printed, the status it ended with and the one it resolved to. */
async function run(argv: readonly string[], main: CommandMain, crash?: (e: unknown) => string) {
  const out: string[] = [];
  const err: string[] = [];
  const exits: number[] = [];
  const ran: string[][] = [];
  const code = await startCommand(
    SPEC,
    (args, raw) => {
      ran.push([...raw]);
      return main(args, raw);
    },
    {
      argv,
      io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } },
      exit: (c) => void exits.push(c),
      ...(crash ? { crash } : {}),
    },
  );
  return { code, exits, out: out.join(''), err: err.join(''), ran };
}

describe('startCommand', () => {
  it('prints the help and ends with 0 without running the command', async () => {
    const r = await run(['--json', '--help'], () => 1);
    expect(r).toMatchObject({ code: 0, exits: [0], out: helpText(SPEC), err: '', ran: [] });
  });

  it('prints a usage error with where the usage is and ends with 2 without running the command', async () => {
    const r = await run(['--js'], () => 0);
    expect(r).toMatchObject({ code: 2, exits: [2], out: '', ran: [] });
    expect(r.err).toBe('error: unknown flag --js (did you mean --json?)\nRun npm run thing -- --help for the usage.\n');
  });

  it('runs the command with the parsed and the raw arguments and ends with the status it returns (nothing: 0)', async () => {
    const seen: boolean[] = [];
    expect((await run(['--json'], (args) => void seen.push(args.flags.json === true))).exits).toEqual([0]);
    expect(seen).toEqual([true]);
    const findings = await run([], async () => 1);
    expect(findings).toMatchObject({ code: 1, exits: [1], ran: [[]] });
    expect((await run([], () => 3)).code).toBe(3);
  });

  it('reports a UsageError the command throws as a usage error (2), like one of the parser', async () => {
    const r = await run([], () => {
      throw new UsageError('name one directory');
    });
    expect(r).toMatchObject({ code: 2, exits: [2], err: 'error: name one directory\nRun npm run thing -- --help for the usage.\n' });
  });

  it('prints every problem of an invalid configuration and ends with 1', async () => {
    const problem = new ConfigError('c.yaml', [{ path: 'regions', message: 'must not be empty' }]);
    const r = await run([], () => {
      throw problem;
    });
    expect(r).toMatchObject({ code: 1, exits: [1], out: '', err: `${problem.message}\n` });
    expect(r.err).toContain('c.yaml: 1 problem in the configuration');
  });

  it('reports a crash on stderr (the stack, or as the command words it) and ends with 1', async () => {
    const boom = async () => {
      throw new Error('disk full');
    };
    const stack = await run([], boom);
    expect(stack).toMatchObject({ code: 1, exits: [1] });
    expect(stack.err).toMatch(/^Error: disk full\n {4}at /);
    const worded = await run([], boom, (e) => `thing: ${errorMessage(e)}\n`);
    expect(worded.err).toBe('thing: disk full\n');
  });

  it('sets the process exit code by default, so pipes still drain', async () => {
    const before = process.exitCode;
    try {
      const code = await startCommand(SPEC, () => 3, { argv: [], io: { stdout: { write: () => true }, stderr: { write: () => true } } });
      expect(code).toBe(3);
      expect(process.exitCode).toBe(3);
    } finally {
      process.exitCode = before;
    }
  });
});
