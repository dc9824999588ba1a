/**
 * Messages a newcomer meets on the first day (issue 26): "did you mean" for unknown fields and
 * values, YAML syntax errors with the line, a caret and the fix, a missing file with what to do,
 * dependent checks skipped while their premise is invalid, and each name rule reported alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, modelFromText } from '../src/config/load';
import { closest, editDistance } from '../src/config/suggest';
import { EXAMPLE_CONFIG, configProblems, minimalConfig, problemsOf, tempDir } from './helpers';

const example = readFileSync(EXAMPLE_CONFIG, 'utf8');
const textProblems = (text: string): string[] => problemsOf(() => modelFromText(text, 'test.yaml'));
/** The example with one line replaced (the line must be there). */
function exampleWith(line: string, replacement: string): string {
  expect(example).toContain(line);
  return example.replace(line, replacement);
}

describe('did you mean', () => {
  it('measures edits, a swap of neighbours counting as one', () => {
    expect(editDistance('maxSessionDuraton', 'maxSessionDuration')).toBe(1);
    expect(editDistance('regoins', 'regions')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests only a close word, and nothing for a known one', () => {
    expect(closest('denny', ['allow', 'deny'])).toBe('deny');
    expect(closest('DENY', ['allow', 'deny'])).toBe('deny');
    expect(closest('retention', ['enabled', 'retentionDays', 'logGroupName'])).toBeUndefined();
    expect(closest('deny', ['allow', 'deny'])).toBeUndefined();
    expect(closest('xyz', ['allow', 'deny'])).toBeUndefined();
  });

  it.each([
    [
      'an unknown field',
      exampleWith('  maxSessionDuration: 120', '  maxSessionDuraton: 120'),
      'preferences.maxSessionDuraton: is not a known field; did you mean maxSessionDuration?',
    ],
    ['an unknown top-level field', minimalConfig({ customDocument: [] }), 'customDocument: is not a known field; did you mean customDocuments?'],
    ['an unknown field in a list item', minimalConfig({ accounts: [{ id: '111111111111', nmae: 'sandbox' }] }), 'accounts[0].nmae: is not a known field; did you mean name?'],
    ['an enum value', exampleWith('  ssh: deny ', '  ssh: denny'), 'access.ssh: must be allow, deny or restricted; did you mean deny?'],
    ['a Region', minimalConfig({ regions: ['eu-wset-1'] }), "regions[0]: must be a known AWS Region (for example eu-west-1), got 'eu-wset-1'; did you mean eu-west-1?"],
    ['a document name', exampleWith('documents: [SessionManager-BreakGlass]', 'documents: [SessionManager-Breakglass]'), 'did you mean SessionManager-BreakGlass?'],
  ])('for %s', (_name, config, expected) => {
    const problems = typeof config === 'string' ? textProblems(config) : configProblems(config);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  it('says nothing more when no known field is close, or the close one is written already', () => {
    expect(configProblems(minimalConfig({ preferences: { cloudWatch: { retention: 3 } } }))).toEqual(['preferences.cloudWatch.retention: is not a known field']);
    expect(configProblems(minimalConfig({ regionz: [] }))).toEqual(['regionz: is not a known field']);
  });
});

describe('YAML syntax errors', () => {
  it('name the line and column, show the whole line with a caret under the column, and say what to do', () => {
    const text = exampleWith('  idleSessionTimeout: 20\n', '  idleSessionTimeout: 20\n  shells: [bash, zsh\n');
    const [problem, ...others] = textProblems(text);
    expect(others).toEqual([]);
    const lines = problem.split('\n');
    expect(lines[0]).toBe('not valid YAML/JSON: line 16, column 3: Flow sequence in block collection must be sufficiently indented and end with a ]');
    expect(lines[1]).toBe('    15 |   shells: [bash, zsh');
    expect(lines[2]).toBe('    16 |   maxSessionDuration: 120');
    expect(lines[3]).toBe('       |   ^');
    expect(lines[4]).toMatch(/^ {4}fix: .*close any \[ or \{ on the line where it opens$/);
    expect(problem).not.toMatch(/:\s*$/m);
  });

  it.each([
    ['a tab', 'version: 1\nregions:\n\t- eu-west-1\n', 3, 1, 'indent with spaces, not tabs'],
    ['an unclosed quote', 'version: 1\nregions: ["eu-west-1]\n', 3, 1, 'add the missing character'],
    ['a value holding "key: value"', 'version: 1\nregions: eu-west-1: x\n', 2, 10, 'a value cannot hold another "key: value" on its line'],
    ['a reserved first character', 'version: @1\n', 1, 10, 'quote the value'],
  ])('%s', (_name, text, line, column, fix) => {
    const [problem] = textProblems(text);
    expect(problem.split('\n')[0]).toMatch(new RegExp(`^not valid YAML/JSON: line ${line}, column ${column}: `));
    const caret = problem.split('\n').find((l) => l.trim().startsWith('|'));
    expect(caret?.indexOf('^')).toBe(`    ${line} | `.length + column - 1);
    expect(problem).toContain(`fix: ${fix}`);
  });

  it('report every duplicated key, each with its line', () => {
    const problems = textProblems('version: 1\nregions: [eu-west-1]\nversion: 1\nregions: [eu-west-2]\n');
    expect(problems.map((p) => p.split('\n')[0])).toEqual([
      'not valid YAML/JSON: line 3, column 1: Map keys must be unique',
      'not valid YAML/JSON: line 4, column 1: Map keys must be unique',
    ]);
    expect(problems[0]).toContain('fix: keep one of the entries with this key');
  });
});

describe('a missing configuration file', () => {
  it('names the path, the default and how to start', () => {
    const path = join(tempDir('firstday-missing'), 'prod.yaml');
    const [problem, ...others] = problemsOf(() => loadConfig(path));
    expect(others).toEqual([]);
    expect(problem).toContain(`no such file (looked for ${path})`);
    expect(problem).toContain('else config/example.yaml (the default)');
    expect(problem).toContain(`cp config/example.yaml ${path}`);
    expect(problem).not.toContain('ENOENT');
  });
});

describe('checks that depend on another field are skipped while that field is invalid', () => {
  it('runAs.enabled: yes with a defaultUser is one problem for the block', () => {
    const problems = textProblems(exampleWith('  runAs:\n    enabled: true\n', '  runAs:\n    enabled: yes\n'));
    expect(problems.filter((p) => p.startsWith('preferences.runAs'))).toEqual([
      'preferences.runAs.enabled: must be true or false: YAML reads yes as the text "yes" (yes, no, on and off are booleans only in YAML 1.1); write true',
    ]);
    expect(problems).toHaveLength(1);
  });

  it('the same holds for the switches of the created log group and bucket', () => {
    const problems = configProblems(
      minimalConfig({ preferences: { cloudWatch: { enabled: true, createLogGroup: 'no', retentionDays: 30 }, s3: { enabled: true, createBucket: 1, bucketNamePrefix: 'logs' } } }),
    );
    expect(problems).toEqual([
      'preferences.cloudWatch.createLogGroup: must be true or false: YAML reads no as the text "no" (yes, no, on and off are booleans only in YAML 1.1); write false',
      'preferences.s3.createBucket: must be true or false',
    ]);
  });

  it('the check still fires when the switch is valid and left out', () => {
    expect(configProblems(minimalConfig({ preferences: { runAs: { defaultUser: 'ssm-user' } } }))).toEqual([
      'preferences.runAs.defaultUser: has no effect: Run As is off unless preferences.runAs.enabled is true; add enabled: true (or remove the field)',
    ]);
  });
});

describe('each name rule reports only the rules it breaks', () => {
  it('a document name with a space is told about its characters only', () => {
    const problems = textProblems(exampleWith('  - name: SessionManager-BreakGlass', '  - name: Session Manager BreakGlass'));
    expect(problems).toEqual(['customDocuments[0].name: must be 3-128 characters of letters, digits and _.-']);
  });

  it('a reserved prefix is still reported for a name of valid characters', () => {
    const problems = textProblems(
      exampleWith('  - name: SessionManager-BreakGlass', '  - name: AWS-BreakGlass').replace('documents: [SessionManager-BreakGlass]', 'documents: [AWS-BreakGlass]'),
    );
    expect(problems).toEqual(['customDocuments[0].name: must not start with the reserved prefixes aws, amazon or amzn (in any letter case)']);
  });
});
