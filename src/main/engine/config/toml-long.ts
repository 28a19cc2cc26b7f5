// toml-eslint-parser builds each string from an argument list of code points, which overflows the
// stack somewhere past 100 000 characters ("Maximum call stack size exceeded"). Long string
// values are hidden from it behind a filler of the same length and the same line breaks, then put
// back into the tree with their real value and range, so located edits work on any file.
import { parse } from 'smol-toml';
import { parseTOML, type AST } from 'toml-eslint-parser';

/** Strings this long are masked; well under the point where the parser breaks. */
const LONG = 10_000;

interface Span {
  start: number;
  end: number;
}

/** Where a string token starting at `i` ends (just past its closing quotes). */
function stringEnd(text: string, i: number): number {
  const q = text[i]!;
  const triple = text.startsWith(q.repeat(3), i);
  if (triple) {
    let j = i + 3;
    for (;;) {
      const k = text.indexOf(q.repeat(3), j);
      if (k === -1) return text.length;
      if (q === '"' && isEscaped(text, k)) {
        j = k + 1;
        continue;
      }
      // Up to two more quotes may belong to the content: `""""` ends one character later.
      let end = k + 3;
      while (text[end] === q && end < k + 5) end++;
      return end;
    }
  }
  let j = i + 1;
  while (j < text.length && text[j] !== q && text[j] !== '\n') {
    j += q === '"' && text[j] === '\\' ? 2 : 1;
  }
  return j + 1;
}

function isEscaped(text: string, k: number): boolean {
  let n = 0;
  for (let b = k - 1; b >= 0 && text[b] === '\\'; b--) n++;
  return n % 2 === 1;
}

/** Long string values (not keys) in the text, outside comments. */
function longStrings(text: string): Span[] {
  const out: Span[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = stringEnd(text, i);
      let after = end;
      while (text[after] === ' ' || text[after] === '\t') after++;
      const isKey = text[after] === '=' || text[after] === '.';
      if (!isKey && end - i > LONG) out.push({ start: i, end });
      i = end;
      continue;
    }
    i++;
  }
  return out;
}

function lineColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let k = text.indexOf('\n'); k !== -1 && k < index; k = text.indexOf('\n', k + 1)) {
    line++;
    last = k;
  }
  return { line, column: index - last - 1 };
}

type Node = { type: string; range: [number, number]; loc: AST.SourceLocation; parent?: Node };

function walk(node: unknown, visit: (n: Node) => void): void {
  if (!node || typeof node !== 'object') return;
  const n = node as Node & Record<string, unknown>;
  if (typeof n.type === 'string' && Array.isArray(n.range)) visit(n);
  for (const key of Object.keys(n)) {
    if (key === 'parent' || key === 'loc' || key === 'range' || key === 'tokens') continue;
    const v = n[key];
    if (Array.isArray(v)) for (const item of v) walk(item, visit);
    else if (v && typeof v === 'object') walk(v, visit);
  }
}

/** parseTOML for texts that may hold very long strings; ranges and values are the real ones. */
export function parseTomlText(text: string): AST.TOMLProgram {
  const spans = longStrings(text);
  if (spans.length === 0) return parseTOML(text);
  let masked = '';
  let at = 0;
  for (const s of spans) {
    // `0` then blanks, line breaks kept: one short integer token, same offsets and lines after it.
    masked += text.slice(at, s.start) + '0' + text.slice(s.start + 1, s.end).replace(/[^\n]/g, ' ');
    at = s.end;
  }
  masked += text.slice(at);
  const ast = parseTOML(masked);
  const byStart = new Map(spans.map((s) => [s.start, s]));
  walk(ast, (n) => {
    const span = byStart.get(n.range[0]);
    if (!span || n.type !== 'TOMLValue') return;
    const token = text.slice(span.start, span.end);
    const value = (parse(`v = ${token}`) as { v: string }).v;
    const quote = token[0] === "'" ? 'literal' : 'basic';
    Object.assign(n, {
      kind: 'string',
      value,
      style: quote,
      multiline: token.startsWith(token[0]!.repeat(3)),
      range: [span.start, span.end],
      loc: { start: n.loc.start, end: lineColumn(text, span.end) },
    });
    // The tables and key-values holding it end where the string ends.
    for (let p = n.parent; p; p = p.parent) {
      if (p.range[1] >= span.end) break;
      p.range = [p.range[0], span.end];
      p.loc = { start: p.loc.start, end: lineColumn(text, span.end) };
    }
  });
  return ast;
}
