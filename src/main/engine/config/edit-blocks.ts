// Whole-block edits: upstreams ([[svc.stations.X.upstreams]] with any sub-tables) and stations.
// Blocks move as text, so comments inside a block travel with it and the blank lines between
// blocks stay where they were.
import type { ServiceName, UpstreamConfig } from '../../../shared/config-types';
import { AppError } from '../../../shared/contract';
import type { ConfigEdit } from '../types';
import { appendBlock, showPath, stationExists } from './edit-keys';
import {
  applySplices,
  removalSplices,
  samePath,
  startsWith,
  type Splice,
  type TomlDoc,
} from './toml-doc';
import {
  formatHeader,
  formatKey,
  formatString,
  formatValue,
  isCommentLine,
  lineEnd,
} from './toml-text';

interface Block {
  start: number;
  end: number;
}

function stationPath(service: ServiceName, station: string): string[] {
  return [service, 'stations', station];
}

function requireStation(doc: TomlDoc, service: ServiceName, station: string): void {
  if (!stationExists(doc, stationPath(service, station))) {
    throw new AppError(
      'not_found',
      `there is no station "${station}" in [${service}]`,
      `${service}.stations`,
    );
  }
}

/** The [[...upstreams]] blocks of a station, in order; refuses inline upstream arrays. */
function upstreamBlocks(doc: TomlDoc, service: ServiceName, station: string): Block[] {
  requireStation(doc, service, station);
  const listPath = [...stationPath(service, station), 'upstreams'];
  if (doc.keys.some((k) => samePath(k.path, listPath))) {
    throw new AppError(
      'invalid_argument',
      `${showPath(listPath)} is written as an inline array, which cannot be edited here; ` +
        `rewrite it as [[${showPath(listPath)}]] blocks`,
      showPath(listPath),
    );
  }
  const blocks: Block[] = [];
  for (const t of doc.tables) {
    if (!startsWith(t.path, listPath) || t.path.length <= listPath.length) continue;
    const index = t.path[listPath.length];
    if (typeof index !== 'number') continue;
    const block = blocks[index];
    if (block) block.end = t.end;
    else blocks[index] = { start: t.start, end: t.end };
  }
  return blocks;
}

function blockAt(blocks: Block[], index: number, what: string): Block {
  const block = blocks[index];
  if (!block) {
    throw new AppError(
      'not_found',
      `${what} has no upstream at index ${index} (it has ${blocks.length})`,
    );
  }
  return block;
}

export function upstreamLines(service: ServiceName, station: string, u: UpstreamConfig): string[] {
  const lines = [formatHeader([...stationPath(service, station), 'upstreams'], true)];
  lines.push(`base_url = ${formatString(u.base_url)}`);
  if (u.alias !== undefined) lines.push(`alias = ${formatString(u.alias)}`);
  if (!u.enabled) lines.push('enabled = false');
  const maps = [
    ['auth', u.auth],
    ['tags', u.tags],
    ['supported_models', u.supported_models],
    ['model_mapping', u.model_mapping],
  ] as const;
  for (const [key, map] of maps) {
    const defined = Object.fromEntries(Object.entries(map).filter(([, v]) => v !== undefined));
    if (Object.keys(defined).length > 0) lines.push(`${key} = ${formatValue(defined)}`);
  }
  return lines;
}

function insertBlockAt(doc: TomlDoc, at: number, lines: string[]): string {
  const { text, eol } = doc;
  const block = lines.join(eol) + eol;
  if (at >= text.length) return appendBlock(text, eol, block);
  return applySplices(text, [{ from: at, to: at, insert: eol + block }]);
}

/**
 * Past the comment lines right below a table's last line when a blank line (or the end) follows
 * them: they belong to that table (the starter config's commented-out station keys). A run that
 * runs into the next header is that header's attached comment and stays with it.
 */
function pastOwnComments(text: string, at: number): number {
  let p = at;
  while (p < text.length) {
    const next = lineEnd(text, p);
    const line = text.slice(p, next);
    if (line.trim() === '') return p;
    if (!isCommentLine(line)) return at;
    p = next;
  }
  return p;
}

function appendUpstream(doc: TomlDoc, e: Extract<ConfigEdit, { kind: 'appendUpstream' }>): string {
  const blocks = upstreamBlocks(doc, e.service, e.station);
  const last = blocks[blocks.length - 1];
  const stationTable = doc.tables.find((t) => samePath(t.path, stationPath(e.service, e.station)));
  const at =
    last?.end ?? (stationTable ? pastOwnComments(doc.text, stationTable.end) : doc.text.length);
  return insertBlockAt(doc, at, upstreamLines(e.service, e.station, e.upstream));
}

function moveUpstream(doc: TomlDoc, e: Extract<ConfigEdit, { kind: 'moveUpstream' }>): string {
  return moveBlocks(doc.text, upstreamBlocks(doc, e.service, e.station), e);
}

/** The text with block `e.from` moved to `e.to`; the blocks come from the parser or a scan. */
export function moveBlocks(
  text: string,
  blocks: Block[],
  e: Extract<ConfigEdit, { kind: 'moveUpstream' }>,
): string {
  const what = `${e.service}.stations.${e.station}`;
  blockAt(blocks, e.from, what);
  blockAt(blocks, e.to, what);
  if (e.from === e.to) return text;
  const order = blocks.map((_, i) => i);
  order.splice(e.from, 1);
  order.splice(e.to, 0, e.from);
  // Each slot keeps its place in the file and receives the text of the block that moves there.
  const splices: Splice[] = blocks.map((slot, i) => {
    const src = blockAt(blocks, order[i] ?? i, what);
    return { from: slot.start, to: slot.end, insert: text.slice(src.start, src.end) };
  });
  return applySplices(text, splices);
}

function removeUpstream(doc: TomlDoc, e: Extract<ConfigEdit, { kind: 'removeUpstream' }>): string {
  const blocks = upstreamBlocks(doc, e.service, e.station);
  const block = blockAt(blocks, e.index, `${e.service}.stations.${e.station}`);
  return applySplices(doc.text, removalSplices(doc.text, [block]));
}

function addStation(doc: TomlDoc, e: Extract<ConfigEdit, { kind: 'addStation' }>): string {
  const path = stationPath(e.service, e.station.name);
  if (e.station.name.trim() === '')
    throw new AppError('invalid_argument', 'a station needs a name', 'name');
  if (stationExists(doc, path)) {
    throw new AppError(
      'invalid_argument',
      `station "${e.station.name}" already exists in [${e.service}]`,
      'name',
    );
  }
  const lines = [formatHeader(path, false)];
  if (e.station.alias !== undefined) lines.push(`alias = ${formatString(e.station.alias)}`);
  if (!e.station.enabled) lines.push('enabled = false');
  if (e.station.level !== 1) lines.push(`level = ${formatValue(e.station.level)}`);
  const ofService = doc.tables.filter((t) => t.path[0] === e.service);
  const at = ofService[ofService.length - 1]?.end ?? doc.text.length;
  return insertBlockAt(doc, at, lines);
}

function activeKey(doc: TomlDoc, service: ServiceName) {
  return doc.keys.find((k) => samePath(k.path, [service, 'active']));
}

function renameStation(doc: TomlDoc, e: Extract<ConfigEdit, { kind: 'renameStation' }>): string {
  requireStation(doc, e.service, e.from);
  if (e.to.trim() === '') throw new AppError('invalid_argument', 'a station needs a name', 'to');
  if (e.from === e.to) return doc.text;
  if (stationExists(doc, stationPath(e.service, e.to))) {
    throw new AppError(
      'invalid_argument',
      `station "${e.to}" already exists in [${e.service}]`,
      'to',
    );
  }
  const from = stationPath(e.service, e.from);
  const name = formatKey(e.to);
  const splices: Splice[] = [];
  for (const t of doc.tables) {
    const seg = t.node.key.keys[2];
    if (startsWith(t.path, from) && seg)
      splices.push({ from: seg.range[0], to: seg.range[1], insert: name });
  }
  for (const k of doc.keys) {
    const seg = k.node.key.keys[2 - k.segStart];
    if (k.segStart <= 2 && startsWith(k.path, from) && seg) {
      splices.push({ from: seg.range[0], to: seg.range[1], insert: name });
    }
  }
  const active = activeKey(doc, e.service);
  const value = active?.node.value;
  if (value?.type === 'TOMLValue' && value.value === e.from) {
    splices.push({ from: value.range[0], to: value.range[1], insert: formatString(e.to) });
  }
  return applySplices(doc.text, splices);
}

function removeStation(doc: TomlDoc, e: Extract<ConfigEdit, { kind: 'removeStation' }>): string {
  requireStation(doc, e.service, e.name);
  const path = stationPath(e.service, e.name);
  // Dotted or inline definitions would survive removing the tables and leave half a station.
  if (doc.keys.some((k) => k.segStart < path.length && startsWith(k.path, path))) {
    throw new AppError(
      'invalid_argument',
      `station "${e.name}" is written with dotted keys or inline; remove it in the file itself`,
    );
  }
  const ranges = doc.tables.filter((t) => startsWith(t.path, path));
  const splices: Splice[] = [];
  const active = activeKey(doc, e.service);
  const value = active?.node.value;
  if (active && value?.type === 'TOMLValue' && value.value === e.name) {
    const { text } = doc;
    const from = text.lastIndexOf('\n', active.node.range[0] - 1) + 1;
    const nl = text.indexOf('\n', active.node.range[1]);
    splices.push({ from, to: nl === -1 ? text.length : nl + 1, insert: '' });
  }
  return applySplices(doc.text, [...removalSplices(doc.text, ranges), ...splices]);
}

export function applyBlockEdit(
  doc: TomlDoc,
  edit: Exclude<ConfigEdit, { kind: 'set' | 'delete' }>,
): string {
  switch (edit.kind) {
    case 'appendUpstream':
      return appendUpstream(doc, edit);
    case 'moveUpstream':
      return moveUpstream(doc, edit);
    case 'removeUpstream':
      return removeUpstream(doc, edit);
    case 'addStation':
      return addStation(doc, edit);
    case 'renameStation':
      return renameStation(doc, edit);
    case 'removeStation':
      return removeStation(doc, edit);
  }
}
