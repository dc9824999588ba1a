/**
 * The direction of imports (docs/architecture.md, Layers), read from the source files themselves:
 * every relative import of every TypeScript file is resolved and its layer checked against the
 * layers the importing file may use. A new directory must be given a layer here first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { importsOf } from './support/imports';

const ROOT = join(__dirname, '..');

/** Layers, lowest first. A file's layer is the first whose test matches its repository path. */
const LAYERS = [
  { name: 'model', test: (p: string) => p.startsWith('src/model/') },
  // The updater is one module (src/updater/) whose files keep the layer of what they are: the
  // contract as low as the model (the handler bundles it), the policy a pure builder, the construct
  // a construct, the bundler build tooling.
  { name: 'updater-contract', test: (p: string) => p === 'src/updater/contract.ts' },
  { name: 'documents', test: (p: string) => p.startsWith('src/documents/') },
  { name: 'policies', test: (p: string) => p.startsWith('src/policies/') || p === 'src/updater/policy.ts' },
  { name: 'plan', test: (p: string) => p.startsWith('src/plan/') },
  { name: 'constructs', test: (p: string) => p.startsWith('src/constructs/') || p === 'src/updater/construct.ts' },
  { name: 'compliance', test: (p: string) => p.startsWith('src/compliance/') },
  { name: 'config', test: (p: string) => p.startsWith('src/config/') },
  { name: 'updater-build', test: (p: string) => p.startsWith('src/updater/') },
  { name: 'terraform-harness', test: (p: string) => p.startsWith('src/terraform/') },
  // The tool libraries, lowest first: the command registry sits on top of them all.
  { name: 'state', test: (p: string) => p.startsWith('src/state/') },
  { name: 'command-registry', test: (p: string) => /^src\/cli\/(commands|registry)\.ts$/.test(p) },
  { name: 'cli', test: (p: string) => p.startsWith('src/cli/') },
  { name: 'aws', test: (p: string) => p.startsWith('src/aws/') },
  { name: 'organization', test: (p: string) => p.startsWith('src/organization/') },
  { name: 'preflight', test: (p: string) => p.startsWith('src/preflight/') },
  { name: 'drift', test: (p: string) => p.startsWith('src/drift/') },
  { name: 'review', test: (p: string) => /^src\/(review|ci)\//.test(p) },
  { name: 'sandbox', test: (p: string) => p.startsWith('src/sandbox/') },
  { name: 'bootstrap', test: (p: string) => p.startsWith('src/bootstrap/') },
  { name: 'workspaces', test: (p: string) => p.startsWith('src/workspaces/') },
  { name: 'testing', test: (p: string) => p.startsWith('src/testing/') },
  { name: 'stacks', test: (p: string) => p.startsWith('stacks/') },
  { name: 'lambda', test: (p: string) => p.startsWith('lambda-src/') },
  { name: 'main', test: (p: string) => p === 'main.ts' },
  { name: 'scripts', test: (p: string) => p.startsWith('scripts/') },
  { name: 'bench', test: (p: string) => p.startsWith('bench/') },
  { name: 'tests', test: (p: string) => p.startsWith('__tests__/') },
] as const;

type Layer = (typeof LAYERS)[number]['name'];

/** The layers the tools build on: everything of src/ below the composition except the constructs and the updater. */
const TOOL_BASE: readonly Layer[] = ['model', 'updater-contract', 'documents', 'policies', 'plan', 'compliance', 'config', 'terraform-harness'];

const TOOLS: readonly Layer[] = ['state', 'cli', 'aws', 'organization', 'preflight', 'drift', 'review', 'sandbox', 'bootstrap', 'workspaces', 'command-registry'];

/** What production code may import: every src/ layer except the testing layer. */
const LIBRARY: readonly Layer[] = [
  'model',
  'updater-contract',
  'documents',
  'policies',
  'plan',
  'constructs',
  'compliance',
  'config',
  'updater-build',
  'terraform-harness',
  ...TOOLS,
];

/** What each layer may import besides itself. */
const MAY_IMPORT: Readonly<Record<Layer, readonly Layer[]>> = {
  model: [],
  'updater-contract': ['model'],
  documents: ['model'],
  policies: ['model', 'updater-contract'],
  // The resource plan: every resource decided once, from the model with the pure builders.
  plan: ['model', 'documents', 'policies'],
  constructs: ['model', 'updater-contract', 'documents', 'policies', 'plan'],
  // The compliance engine knows nothing of the app; stacks/compliance.ts wires it in. It reads the
  // updater's input through the updater's contract.
  compliance: ['model', 'updater-contract'],
  // The configuration's compliance defaults are the rules' own; planned names size the policies.
  config: ['model', 'updater-contract', 'documents', 'policies', 'plan', 'compliance'],
  'updater-build': ['model', 'updater-contract'],
  'terraform-harness': ['model'],
  // Read-only AWS tools, CI batching, argument parsing, state: never the composition, and each only
  // the tools below it (the shared command-line frame below the tools that use it).
  state: TOOL_BASE,
  cli: [...TOOL_BASE, 'state'],
  aws: [...TOOL_BASE, 'cli'],
  organization: [...TOOL_BASE, 'cli', 'aws'],
  preflight: [...TOOL_BASE, 'state', 'cli', 'aws'],
  drift: [...TOOL_BASE, 'state', 'cli', 'aws'],
  // The review of a plan and the CI runner that renders it are one layer (plan-json is shared both ways).
  review: [...TOOL_BASE, 'cli'],
  sandbox: [...TOOL_BASE, 'cli'],
  bootstrap: [...TOOL_BASE, 'cli'],
  workspaces: [...TOOL_BASE, 'cli', 'aws'],
  // Every command's spec, so it may import every tool.
  'command-registry': [...TOOL_BASE, ...TOOLS],
  // Fakes and writers only tests and benchmarks use: they may use any library; production may not use them.
  testing: LIBRARY,
  stacks: LIBRARY,
  // Bundled on its own into the updater Lambda: the updater's contract and the model's pure facts only.
  lambda: ['updater-contract', 'model'],
  main: [...LIBRARY, 'stacks'],
  scripts: [...LIBRARY, 'stacks'],
  bench: [...LIBRARY, 'stacks', 'testing'],
  tests: [...LIBRARY, 'stacks', 'lambda', 'testing'],
};

function layerOf(path: string): Layer | undefined {
  return LAYERS.find((l) => l.test(path))?.name;
}

/** Every TypeScript file of the project, as repository paths. */
function sourceFiles(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name.startsWith('.') || ['node_modules', 'cdktf.out', 'dist', 'state', 'coverage'].includes(e.name)) return [];
    const full = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [relative(ROOT, full).split(sep).join('/')] : [];
  });
}

interface Edge {
  readonly from: string;
  readonly line: number;
  readonly to: string;
  readonly spec: string;
}

/** The imports that break MAY_IMPORT, each said as `file:line (layer) imports spec (layer); layer may import ...`. */
function upwardImports(list: readonly Edge[]): string[] {
  return list.flatMap((e) => {
    const from = layerOf(e.from)!;
    const to = layerOf(`${e.to}.ts`) ?? layerOf(e.to);
    if (to === undefined || to === from || MAY_IMPORT[from].includes(to)) return [];
    return [`${e.from}:${e.line} (${from}) imports ${e.spec} (${to}); ${from} may import ${[from, ...MAY_IMPORT[from]].join(', ')}`];
  });
}

const files = sourceFiles();
const edges: Edge[] = files.flatMap((from) => {
  const text = readFileSync(join(ROOT, from), 'utf8');
  return importsOf(text).map(({ spec, line }) => ({
    from,
    line,
    spec,
    to: spec.startsWith('.')
      ? relative(ROOT, resolve(ROOT, dirname(from), spec))
          .split(sep)
          .join('/')
      : spec,
  }));
});
const relativeEdges = edges.filter((e) => e.spec.startsWith('.'));

describe('import direction', () => {
  it('reads the imports of the whole project (the check sees what it checks)', () => {
    expect(files.length).toBeGreaterThan(150);
    expect(relativeEdges.length).toBeGreaterThan(500);
    const edge = relativeEdges.find((e) => e.from === 'stacks/app.ts' && e.to === 'src/model/stack-plan');
    expect(edge).toBeDefined();
  });

  it('gives every source file a layer', () => {
    expect(files.filter((f) => layerOf(f) === undefined)).toEqual([]);
  });

  it('never imports upwards: each layer uses only the layers below it', () => {
    expect(upwardImports(relativeEdges)).toEqual([]);
  });

  it('imports nothing outside the project by a relative path', () => {
    const outside = relativeEdges.filter((e) => e.to.startsWith('..') || e.to.startsWith('node_modules/'));
    expect(outside.map((e) => `${e.from}:${e.line} ${e.spec}`)).toEqual([]);
  });

  it('imports provider classes by deep path, never the barrel', () => {
    const barrels = edges.filter((e) => /^@cdktf\/provider-(aws|archive)$/.test(e.spec));
    expect(barrels.map((e) => `${e.from}:${e.line} ${e.spec}: import from '${e.spec}/lib/<resource>' instead`)).toEqual([]);
  });

  it('keeps the updater bundle free of dev-only packages (the Lambda runtime provides only the AWS SDK)', () => {
    const lambdaPackages = edges.filter((e) => layerOf(e.from) === 'lambda' && !e.spec.startsWith('.') && !e.spec.startsWith('node:'));
    expect([...new Set(lambdaPackages.map((e) => e.spec))].every((spec) => spec.startsWith('@aws-sdk/'))).toBe(true);
  });
  it('keeps the testing layer out of production: only tests and benchmarks import src/testing', () => {
    const fake = (from: string, to: string) => ({ from, line: 1, spec: to, to });
    expect(
      upwardImports([
        fake('stacks/app.ts', 'src/testing/fake-world'),
        fake('src/drift/check.ts', 'src/testing/fake-world'),
        fake('scripts/drift.ts', 'src/testing/zip'),
        fake('main.ts', 'src/testing/zip'),
        fake('lambda-src/index.ts', 'src/testing/zip'),
      ]),
    ).toHaveLength(5);
    expect(upwardImports([fake('__tests__/drift.test.ts', 'src/testing/fake-world'), fake('bench/lambda-size.ts', 'src/testing/zip')])).toEqual([]);
    expect(relativeEdges.some((e) => layerOf(e.from) === 'tests' && e.to.startsWith('src/testing/'))).toBe(true);
  });

  it('keeps the updater one module whose handler sees only its contract and the model', () => {
    const fake = (from: string, to: string) => ({ from, line: 1, spec: to, to });
    expect(
      upwardImports([
        fake('lambda-src/handler.ts', 'src/updater/construct'),
        fake('lambda-src/handler.ts', 'src/updater/policy'),
        fake('lambda-src/handler.ts', 'src/updater/bundle'),
        fake('src/updater/contract.ts', 'src/policies/types'),
      ]),
    ).toHaveLength(4);
    const handlerImports = relativeEdges.filter((e) => layerOf(e.from) === 'lambda' && !e.to.startsWith('lambda-src/')).map((e) => e.to);
    expect(handlerImports).toContain('src/updater/contract');
    expect(handlerImports.filter((to) => to !== 'src/updater/contract' && !to.startsWith('src/model/'))).toEqual([]);
    expect(['contract', 'policy', 'construct', 'bundle'].map((f) => layerOf(`src/updater/${f}.ts`))).toEqual(['updater-contract', 'policies', 'constructs', 'updater-build']);
  });

  it('orders the tools: the command-line frame below the tools, the command registry above them', () => {
    const fake = (from: string, to: string) => ({ from, line: 1, spec: to, to });
    expect(
      upwardImports([
        fake('src/cli/args.ts', 'src/drift/cli'),
        fake('src/aws/runner.ts', 'src/preflight/checks'),
        fake('src/drift/check.ts', 'src/cli/registry'),
        fake('src/preflight/checks.ts', 'src/drift/collect'),
      ]),
    ).toHaveLength(4);
    expect(upwardImports([fake('src/drift/cli.ts', 'src/cli/args'), fake('src/cli/registry.ts', 'src/drift/cli'), fake('src/preflight/checks.ts', 'src/aws/runner')])).toEqual([]);
  });
});

describe('the import reader', () => {
  it('finds static, multi-line, type-only, side-effect, dynamic and re-export imports with their lines', () => {
    const text = [
      "import { a } from './a';",
      'import {',
      '  b,',
      "} from '../b';",
      "import type { C } from './c';",
      "import './d';",
      "const e = require('./e');",
      "export { f } from './f';",
      "jest.mock('./g');",
      "await import('./h');",
    ].join('\n');
    expect(importsOf(text).sort((x, y) => x.line - y.line)).toEqual([
      { spec: './a', line: 1 },
      { spec: '../b', line: 4 },
      { spec: './c', line: 5 },
      { spec: './d', line: 6 },
      { spec: './e', line: 7 },
      { spec: './f', line: 8 },
      { spec: './g', line: 9 },
      { spec: './h', line: 10 },
    ]);
  });

  it('reports an upward import with its place and what the layer may import, and passes a downward one', () => {
    const up = { from: 'src/compliance/attach.ts', line: 3, spec: '../../stacks/app', to: 'stacks/app' };
    const intoScript = { from: '__tests__/x.test.ts', line: 1, spec: '../scripts/ci', to: 'scripts/ci' };
    const down = { from: 'stacks/app.ts', line: 2, spec: '../src/model/stack-plan', to: 'src/model/stack-plan' };
    expect(upwardImports([up, intoScript, down])).toEqual([
      'src/compliance/attach.ts:3 (compliance) imports ../../stacks/app (stacks); compliance may import compliance, model, updater-contract',
      expect.stringMatching(/^__tests__\/x\.test\.ts:1 \(tests\) imports \.\.\/scripts\/ci \(scripts\); tests may import /),
    ]);
  });
});
