// Every reference the code makes to the product's spec must lead somewhere a newcomer with only
// this repository can follow: `docs/behaviour.md §N(.M)` names a heading that exists there, and
// nothing points at design notes kept outside the repository.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const SPEC = 'docs/behaviour.md';
const SCANNED_DIRS = ['src', 'tests', 'e2e', 'bench', 'scripts', 'docs'];
const SCANNED_FILES = ['README.md'];
const TEXT_FILE = /\.(ts|tsx|mts|cts|js|mjs|cjs|md|css|html)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'out', 'dist', 'golden']);

/** Ways of pointing at a file that is not in this repository. */
const OUTSIDE_REFERENCES: { pattern: RegExp; what: string }[] = [
  { pattern: /\bBEHAVIOUR\b/, what: 'the design note BEHAVIOUR (use docs/behaviour.md §x.y)' },
  {
    pattern: /\b(SELECTION|QUOTA-AND-COST|IMPORT-FORMATS|TOOLCHAIN)(\.md)?\b/,
    what: 'a design note',
  },
  {
    pattern: /\bARCHITECTURE(\.md)?\b/,
    what: 'the design note ARCHITECTURE (use docs/architecture.md)',
  },
  { pattern: /(\.\.\/)+shared\/design\b|\/work\/shared\b/, what: 'the shared design folder' },
  { pattern: /(\.\.\/)+reference\//, what: 'the reference sources' },
];

function listFiles(dir: string): string[] {
  const out: string[] = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIPPED_DIRS.has(e.name)) out.push(...listFiles(full));
    } else if (TEXT_FILE.test(e.name)) {
      out.push(full);
    }
  }
  return out;
}

function scannedFiles(): string[] {
  const files = SCANNED_DIRS.flatMap((d) => listFiles(join(root, d)));
  files.push(...SCANNED_FILES.map((f) => join(root, f)));
  return files.map((f) => relative(root, f).split('\\').join('/'));
}

/** Section numbers of the spec's numbered headings: `## 3. Proxy` → 3, `### 3.5 …` → 3.5. */
export function sectionNumbers(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const line of markdown.split('\n')) {
    const m = /^#{1,6}\s+(\d+(?:\.\d+)*)\.?\s/.exec(line);
    if (m?.[1]) out.add(m[1]);
  }
  return out;
}

/** Every section a line cites: `docs/behaviour.md §3.2–§3.7`, `docs/behaviour.md §3.1, §3.3`. */
export function citedSections(line: string): string[] {
  const out: string[] = [];
  const ref = /docs\/behaviour\.md((?:\s*(?:,|–|-|and|or)?\s*§\d+(?:\.\d+)*)+)/g;
  for (const m of line.matchAll(ref)) {
    for (const s of (m[1] ?? '').matchAll(/§(\d+(?:\.\d+)*)/g)) if (s[1]) out.push(s[1]);
  }
  return out;
}

describe('references to the spec', () => {
  const spec = readFileSync(join(root, SPEC), 'utf8');
  const sections = sectionNumbers(spec);
  const files = scannedFiles();

  it('reads the spec headings and the forms a reference takes', () => {
    expect(sections.has('1')).toBe(true);
    expect(sections.has('3.5')).toBe(true);
    expect(citedSections('// x (docs/behaviour.md §3.2–§3.7, §4) y')).toEqual(['3.2', '3.7', '4']);
    expect(citedSections('see docs/behaviour.md §2.6 and §6.1.')).toEqual(['2.6', '6.1']);
    expect(citedSections('no reference here §9')).toEqual([]);
  });

  it('numbers each section of docs/behaviour.md once', () => {
    const seen = new Map<string, number>();
    const twice: string[] = [];
    spec.split('\n').forEach((line, i) => {
      const n = /^#{1,6}\s+(\d+(?:\.\d+)*)\.?\s/.exec(line)?.[1];
      if (n === undefined) return;
      const first = seen.get(n);
      if (first !== undefined) twice.push(`${SPEC}:${i + 1}: §${n} already heads line ${first}`);
      else seen.set(n, i + 1);
    });
    expect(twice).toEqual([]);
  });

  it('cites only sections that exist in docs/behaviour.md', () => {
    const broken: string[] = [];
    let cited = 0;
    for (const file of files) {
      if (file === 'tests/docs-references.test.ts') continue;
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const section of citedSections(line)) {
            cited++;
            if (!sections.has(section)) {
              broken.push(`${file}:${i + 1}: ${SPEC} §${section} has no heading`);
            }
          }
        });
    }
    expect(broken).toEqual([]);
    // The scan found the code's references at all (a wrong root would pass vacuously).
    expect(cited).toBeGreaterThan(40);
  });

  it('points at no file outside the repository', () => {
    const outside: string[] = [];
    for (const file of files) {
      if (file === 'tests/docs-references.test.ts') continue;
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const { pattern, what } of OUTSIDE_REFERENCES) {
            if (pattern.test(line)) outside.push(`${file}:${i + 1}: points at ${what}`);
          }
        });
    }
    expect(outside).toEqual([]);
  });
});
