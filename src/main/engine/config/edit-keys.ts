// 'set' and 'delete' edits: change one key's value in place, or insert/remove one line, or
// rebuild one inline table. Nothing outside that span changes.
import { getStaticTOMLValue } from 'toml-eslint-parser';
import { AppError } from '../../../shared/contract';
import type { TomlValue } from '../types';
import {
  applySplices,
  removalSplices,
  samePath,
  startsWith,
  type KeyPath,
  type TableInfo,
  type TomlDoc,
} from './toml-doc';
import { formatHeader, formatKey, formatValue, lineEnd, lineStart } from './toml-text';

type Tree = { [key: string]: TomlValue };

export function showPath(path: KeyPath): string {
  return path
    .map((seg) => (typeof seg === 'number' ? `[${seg}]` : `.${seg}`))
    .join('')
    .slice(1);
}

function nest(rest: readonly string[], value: TomlValue): TomlValue {
  return rest.reduceRight<TomlValue>((inner, key) => ({ [key]: inner }), value);
}

function setIn(tree: Tree, rest: readonly string[], value: TomlValue | undefined): void {
  const [head, ...tail] = rest;
  if (head === undefined) return;
  if (tail.length === 0) {
    if (value === undefined) delete tree[head];
    else tree[head] = value;
    return;
  }
  const child = tree[head];
  if (child === undefined && value === undefined) return;
  const next: Tree =
    typeof child === 'object' && child !== null && !Array.isArray(child) ? child : {};
  tree[head] = next;
  setIn(next, tail, value);
}

function stringTail(path: KeyPath, from: number): string[] {
  const rest = path.slice(from);
  if (rest.some((seg) => typeof seg !== 'string')) {
    throw new AppError('invalid_argument', `cannot address an array element in ${showPath(path)}`);
  }
  return rest as string[];
}

/** Where a new key for `path` belongs: an upstream's keys live in its [[...]] block. */
function naturalTableLength(path: KeyPath): number {
  if (path.length >= 6 && typeof path[4] === 'number') return 5;
  return path.length - 1;
}

function rebuildInline(doc: TomlDoc, path: KeyPath, value: TomlValue | undefined): string | null {
  const holder = doc.keys
    .filter((k) => k.path.length < path.length && startsWith(path, k.path))
    .sort((a, b) => a.path.length - b.path.length)[0];
  if (!holder) return null;
  const node = holder.node.value;
  if (node.type !== 'TOMLInlineTable') {
    throw new AppError(
      'invalid_argument',
      `${showPath(holder.path)} is not a table`,
      showPath(path),
    );
  }
  const tree = getStaticTOMLValue(node) as Tree;
  setIn(tree, stringTail(path, holder.path.length), value);
  return applySplices(doc.text, [
    { from: node.range[0], to: node.range[1], insert: formatValue(tree) },
  ]);
}

function insertAfterLastKey(doc: TomlDoc, table: TableInfo | null, line: string): string {
  const { text, eol } = doc;
  if (table) {
    return applySplices(text, [{ from: table.end, to: table.end, insert: line + eol }]);
  }
  const rootKeys = doc.keys.filter((k) => !k.inline && k.node.parent.type === 'TOMLTopLevelTable');
  const last = rootKeys[rootKeys.length - 1];
  const at = last ? lineEnd(text, last.node.range[1]) : doc.rootEnd;
  const spacer = !last && at < text.length ? eol : '';
  return applySplices(text, [{ from: at, to: at, insert: line + eol + spacer }]);
}

export function setKey(doc: TomlDoc, path: KeyPath, value: TomlValue): string {
  if (path.length === 0) throw new AppError('invalid_argument', 'set needs a key path');
  const exact = doc.keys.find((k) => samePath(k.path, path));
  if (exact) {
    const node = exact.node.value;
    return applySplices(doc.text, [
      { from: node.range[0], to: node.range[1], insert: formatValue(value) },
    ]);
  }
  const viaInline = rebuildInline(doc, path, value);
  if (viaInline !== null) return viaInline;

  const natural = naturalTableLength(path);
  const host = doc.tables
    .filter(
      (t) => t.path.length >= natural && t.path.length < path.length && startsWith(path, t.path),
    )
    .sort((a, b) => b.path.length - a.path.length)[0];
  const tableLen = host ? host.path.length : natural;
  const [key, ...rest] = stringTail(path, tableLen);
  if (key === undefined) throw new AppError('invalid_argument', `${showPath(path)} is a table`);
  const line = `${formatKey(key)} = ${formatValue(nest(rest, value))}`;
  if (host) return insertAfterLastKey(doc, host, line);
  if (tableLen === 0) return insertAfterLastKey(doc, null, line);

  const tablePath = path.slice(0, tableLen);
  if (tablePath.some((seg) => typeof seg === 'number')) {
    throw new AppError(
      'not_found',
      `there is no ${showPath(tablePath)} in config.toml`,
      showPath(path),
    );
  }
  if (path[1] === 'stations' && path.length > 3 && !stationExists(doc, path.slice(0, 3))) {
    throw new AppError(
      'not_found',
      `there is no station ${showPath(path.slice(0, 3))}`,
      showPath(path),
    );
  }
  return createTable(doc, tablePath as string[], line);
}

export function stationExists(doc: TomlDoc, stationPath: KeyPath): boolean {
  return (
    doc.tables.some((t) => startsWith(t.path, stationPath)) ||
    doc.keys.some((k) => startsWith(k.path, stationPath))
  );
}

/** A missing table goes before its first sub-table if it has one (keeps related tables together), else at the end. */
function createTable(doc: TomlDoc, tablePath: string[], line: string): string {
  const { text, eol } = doc;
  const block = formatHeader(tablePath, false) + eol + line + eol;
  const child = doc.tables.find((t) => startsWith(t.path, tablePath));
  if (child)
    return applySplices(text, [{ from: child.start, to: child.start, insert: block + eol }]);
  return appendBlock(text, eol, block);
}

/** Appends a block at the end of the text, separated by one blank line. */
export function appendBlock(text: string, eol: string, block: string): string {
  if (text === '') return block;
  const sep =
    text.endsWith(eol + eol) || text.trim() === '' ? '' : text.endsWith('\n') ? eol : eol + eol;
  return text + sep + block;
}

export function deleteKey(doc: TomlDoc, path: KeyPath): string {
  const exact = doc.keys.find((k) => samePath(k.path, path));
  if (exact && !exact.inline) {
    const from = lineStart(doc.text, exact.node.range[0]);
    return applySplices(doc.text, [
      { from, to: lineEnd(doc.text, exact.node.range[1]), insert: '' },
    ]);
  }
  if (exact) return rebuildInline(doc, path, undefined) ?? doc.text;
  const tables = doc.tables.filter((t) => startsWith(t.path, path));
  if (tables.length > 0) return applySplices(doc.text, removalSplices(doc.text, tables));
  // Deleting what is not there is already done.
  return rebuildInline(doc, path, undefined) ?? doc.text;
}
