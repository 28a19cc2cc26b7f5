// A located view of a TOML file: every table and key with its full key path and the text range
// it owns, so edits can splice the original text and leave everything else byte-for-byte.
import type { AST } from 'toml-eslint-parser';
import { parseTomlText } from './toml-long';
import { AppError } from '../../../shared/contract';
import { detectEol, isCommentLine, lineEnd, lineStart } from './toml-text';

export type KeyPath = readonly (string | number)[];

export interface TableInfo {
  node: AST.TOMLTable;
  path: (string | number)[];
  /** Start of the attached comment lines above the header (or of the header line). */
  start: number;
  /** Just past the newline of the table's last line (header or last key). */
  end: number;
}

export interface KeyInfo {
  node: AST.TOMLKeyValue;
  path: (string | number)[];
  /** How many path elements come before this key's own (dotted) segments. */
  segStart: number;
  inline: boolean;
}

export interface TomlDoc {
  text: string;
  eol: string;
  tables: TableInfo[];
  keys: KeyInfo[];
  /** Offset where the first table (with its attached comments) starts; text.length if none. */
  rootEnd: number;
}

export function samePath(a: KeyPath, b: KeyPath): boolean {
  return a.length === b.length && a.every((seg, i) => seg === b[i]);
}

export function startsWith(path: KeyPath, prefix: KeyPath): boolean {
  return prefix.length <= path.length && prefix.every((seg, i) => seg === path[i]);
}

function keySegments(key: AST.TOMLKey): string[] {
  return key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value));
}

function collectKeys(
  body: readonly AST.TOMLKeyValue[],
  prefix: (string | number)[],
  inline: boolean,
  out: KeyInfo[],
): void {
  for (const node of body) {
    const path = [...prefix, ...keySegments(node.key)];
    out.push({ node, path, segStart: prefix.length, inline });
    if (node.value.type === 'TOMLInlineTable') collectKeys(node.value.body, path, true, out);
  }
}

export function parseDoc(text: string): TomlDoc {
  let program: AST.TOMLProgram;
  try {
    program = parseTomlText(text);
  } catch (err) {
    const reason = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
    throw new AppError('config_invalid', `config.toml cannot be edited until it parses: ${reason}`);
  }
  const top = program.body[0];
  const keys: KeyInfo[] = [];
  const tables: TableInfo[] = [];
  // Where the previous content ends: attached comments above a header never reach past it.
  let prevEnd = 0;
  for (const item of top.body) {
    if (item.type === 'TOMLKeyValue') {
      collectKeys([item], [], false, keys);
      prevEnd = item.range[1];
      continue;
    }
    let start = lineStart(text, item.range[0]);
    while (start > prevEnd) {
      const above = lineStart(text, start - 1);
      if (above < prevEnd || !isCommentLine(text.slice(above, start))) break;
      start = above;
    }
    tables.push({
      node: item,
      path: [...item.resolvedKey],
      start,
      end: lineEnd(text, item.range[1]),
    });
    collectKeys(item.body, [...item.resolvedKey], false, keys);
    prevEnd = item.range[1];
  }
  return {
    text,
    eol: detectEol(text),
    tables,
    keys,
    rootEnd: tables[0]?.start ?? text.length,
  };
}

export interface Splice {
  from: number;
  to: number;
  insert: string;
}

/**
 * Applies non-overlapping splices (any order) to the text in one pass: the text is cut once and
 * joined once, so moving one of 10 000 upstream blocks stays linear (docs/behaviour.md §1). Two
 * insertions at the same place land in reverse order of the list, as if applied one by one.
 */
export function applySplices(text: string, splices: readonly Splice[]): string {
  const sorted = splices
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.from - b.s.from || a.s.to - b.s.to || b.i - a.i);
  const parts: string[] = [];
  let at = 0;
  for (const { s } of sorted) {
    parts.push(text.slice(at, s.from), s.insert);
    at = Math.max(at, s.to);
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** End of the blank lines that follow `offset` (a line start). */
export function skipBlankLines(text: string, offset: number): number {
  let at = offset;
  while (at < text.length) {
    const next = lineEnd(text, at);
    if (text.slice(at, next).trim() !== '') break;
    at = next;
  }
  return at;
}

/**
 * Splices that delete whole blocks and the blank lines after each. Overlaps are merged; at the
 * end of the file the blank lines before the last block go too, so none dangle.
 */
export function removalSplices(
  text: string,
  blocks: readonly { start: number; end: number }[],
): Splice[] {
  const ranges = blocks
    .map((b) => ({ from: b.start, to: skipBlankLines(text, b.end) }))
    .sort((a, b) => a.from - b.from);
  const merged: { from: number; to: number }[] = [];
  for (const r of ranges) {
    const prev = merged[merged.length - 1];
    if (prev && r.from <= prev.to) prev.to = Math.max(prev.to, r.to);
    else merged.push({ ...r });
  }
  const last = merged[merged.length - 1];
  if (last && last.to >= text.length) {
    while (last.from > 0) {
      const above = text.lastIndexOf('\n', last.from - 2) + 1;
      if (text.slice(above, last.from).trim() !== '') break;
      last.from = above;
    }
  }
  return merged.map((r) => ({ ...r, insert: '' }));
}

/**
 * Line and column (1-based) of the key or table header a validation path names, so a banner can
 * point at it. Null when it cannot be found (or the text does not parse here).
 */
export function locatePath(
  text: string,
  target: string,
  show: (path: readonly (string | number)[]) => string,
): { line: number; column: number } | null {
  let doc: TomlDoc;
  try {
    doc = parseDoc(text);
  } catch {
    return null;
  }
  const hit =
    doc.keys.find((k) => show(k.path) === target)?.node ??
    doc.tables.find((t) => show(t.path) === target)?.node;
  return hit ? { line: hit.loc.start.line, column: hit.loc.start.column + 1 } : null;
}
