// A line scanner that finds a station's [[…upstreams]] blocks without a full TOML parse, so moving
// one of 10 000 upstreams does not parse 10 000 tables twice (docs/behaviour.md §1). It answers
// only for plain files: table headers on their own lines, no multi-line strings, every line that
// starts with `[` a header. Anything else → null, and the caller takes the full parser's path.
// Its blocks are the ones toml-doc.ts finds: from the attached comment lines above the header to
// the end of the block's last content line.
import { isCommentLine } from './toml-text';

export interface ScannedBlock {
  start: number;
  end: number;
}

const KEY = String.raw`(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')`;
const BARE = /^[A-Za-z0-9_-]+$/;
const HEADER = new RegExp(
  String.raw`^[ \t]*(\[\[?)[ \t]*(${KEY}(?:[ \t]*\.[ \t]*${KEY})*)[ \t]*(\]\]?)[ \t]*(?:#.*)?$`,
);

/** One key of a dotted header path; sticky, so keysOf walks the path with it. */
const DOTTED_KEY = new RegExp(String.raw`[ \t]*(${KEY})[ \t]*(?:\.|$)`, 'y');

function keysOf(dotted: string): string[] | null {
  const out: string[] = [];
  const re = DOTTED_KEY;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (re.lastIndex < dotted.length && (m = re.exec(dotted)) !== null) {
    const k = m[1]!;
    if (k.startsWith('"')) {
      try {
        out.push(JSON.parse(k) as string);
      } catch {
        return null;
      }
    } else out.push(k.startsWith("'") ? k.slice(1, -1) : k);
  }
  return re.lastIndex >= dotted.length ? out : null;
}

const samePrefix = (path: readonly string[], prefix: readonly string[]): boolean =>
  prefix.length <= path.length && prefix.every((s, i) => s === path[i]);

/**
 * The upstream blocks of `service.stations.station`, in order, or null when the file is not
 * plain enough to scan (or the station is not there): then the full parser decides.
 */
export function scanUpstreamBlocks(
  text: string,
  service: string,
  station: string,
): ScannedBlock[] | null {
  if (text.includes('"""') || text.includes("'''") || text.includes('\r')) return null;
  const list = [service, 'stations', station, 'upstreams'];
  const blocks: ScannedBlock[] = [];
  let stationSeen = false;
  /** The block being read (its index in `blocks`), or -1 outside this station's upstreams. */
  let current = -1;
  /** End of the last content line (key, value or header) seen so far. */
  let contentEnd = 0;
  let at = 0;
  // The header as the app writes it: taken as it is, without the regexes (10 000 of them).
  const plainHeader = BARE.test(station) ? `[[${service}.stations.${station}.upstreams]]` : null;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl === -1 ? text.length : nl + 1;
    const lineEnd = nl === -1 ? text.length : nl;
    let first = at;
    while (first < lineEnd && (text[first] === ' ' || text[first] === '\t')) first++;
    const lead = first < lineEnd ? text[first] : '';
    if (lead === '' || lead === '#') {
      at = end; // a blank or comment line
      continue;
    }
    const line = text.slice(at, lineEnd);
    const trimmed = line.trimStart();
    if (lead === '[') {
      const plain = plainHeader !== null && trimmed.trimEnd() === plainHeader;
      const m = plain ? null : HEADER.exec(line);
      if (!plain && (!m || (m[1] === '[[') !== (m[3] === ']]'))) return null;
      const path = plain ? list : keysOf(m![2]!);
      if (path === null) return null;
      const isList = plain || m![1] === '[[';
      if (current >= 0) blocks[current]!.end = contentEnd;
      if (samePrefix(path, list.slice(0, 3))) stationSeen = true;
      if (isList && path.length === list.length && samePrefix(path, list)) {
        // Comment lines right above the header travel with it (not past earlier content).
        let start = at;
        while (start > contentEnd) {
          const above = text.lastIndexOf('\n', start - 2) + 1;
          if (above < contentEnd || !isCommentLine(text.slice(above, start))) break;
          start = above;
        }
        blocks.push({ start, end });
        current = blocks.length - 1;
      } else if (!isList && samePrefix(path, list) && path.length > list.length) {
        // A sub-table ([…upstreams.tags]) belongs to the block above it; with none, let the
        // parser say what it means.
        if (current < 0) return null;
      } else {
        // Any other table ends the block.
        current = -1;
      }
      contentEnd = end;
    } else {
      // A dotted or inline `upstreams = […]` would be edited only by the full parser.
      if (/^upstreams[ \t]*=/.test(trimmed) || trimmed.includes('stations.')) return null;
      contentEnd = end;
    }
    at = end;
  }
  if (current >= 0) blocks[current]!.end = contentEnd;
  return stationSeen ? blocks : null;
}
