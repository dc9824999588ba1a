/**
 * Links between the Markdown documents resolve: every relative link in README.md, CONTRIBUTING.md
 * and docs/ names a file that exists and, with a `#fragment`, a heading of that file (GitHub's
 * anchors). Moving a section between documents cannot leave a dangling link behind, and moving a
 * source file cannot leave a document naming the old path.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ROOT } from './helpers';

const DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** GitHub's heading anchor: lowercase, punctuation other than - and _ removed, spaces as -. */
const anchor = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

/** Anchors of a Markdown file's headings (outside code blocks). */
function anchors(file: string): Set<string> {
  const out = new Set<string>();
  let fenced = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = !fenced && /^#{1,6} (.*)$/.exec(line);
    if (heading) out.add(anchor(heading[1]));
  }
  return out;
}

/** Relative links `[text](target)` of a Markdown file, outside code blocks and inline code. */
function links(file: string): string[] {
  const text = readFileSync(file, 'utf8')
    .replace(/```[\s\S]*?```/g, '')
    .replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/.test(t));
}

describe('documentation links', () => {
  it('name files that exist and headings those files have', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const doc of DOCS) {
      const from = join(ROOT, doc);
      for (const link of links(from)) {
        checked += 1;
        const [path, fragment] = link.split('#');
        const target = path === '' ? from : join(dirname(from), path);
        if (!existsSync(target)) broken.push(`${doc}: ${link} (no such file)`);
        else if (fragment !== undefined && target.endsWith('.md') && !anchors(target).has(fragment)) {
          broken.push(`${doc}: ${link} (no heading #${fragment} in ${relative(ROOT, target)})`);
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(broken).toEqual([]);
  });
});

describe('source paths named in the documents', () => {
  /** Placeholders that stand for a file of the reader's own. */
  const PLACEHOLDERS = new Set(['__tests__/x.test.ts', '__tests__/integration/x.test.ts']);

  it('exist (a moved file is renamed in the documents too)', () => {
    const missing: string[] = [];
    let named = 0;
    for (const doc of DOCS) {
      const text = readFileSync(join(ROOT, doc), 'utf8');
      for (const [path] of text.matchAll(/(?<![\w/.-])(?:src|lambda-src|stacks|scripts|bench|__tests__)\/[\w./-]+\.(?:ts|md|json|py)\b/g)) {
        named += 1;
        if (!PLACEHOLDERS.has(path) && !existsSync(join(ROOT, path))) missing.push(`${doc}: ${path}`);
      }
    }
    expect(named).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });
});
