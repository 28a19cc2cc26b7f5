// Surgical edits of a JSON object's members by source position, so a settings file keeps its key
// order, indentation and every byte we did not mean to change. Inputs are checked with
// JSON.parse first; the scanner here only has to find positions in valid JSON.

export interface Member {
  key: string;
  keyStart: number;
  valueStart: number;
  valueEnd: number;
}

export interface ObjectSpan {
  start: number;
  end: number;
  members: Member[];
}

function skipWs(text: string, i: number): number {
  while (i < text.length && ' \t\r\n'.includes(text[i] ?? '')) i++;
  return i;
}

function stringEnd(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
  return j + 1;
}

function valueEnd(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return stringEnd(text, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    let j = i;
    while (j < text.length) {
      const ch = text[j];
      if (ch === '"') {
        j = stringEnd(text, j);
        continue;
      }
      if (ch === '{' || ch === '[') depth++;
      if (ch === '}' || ch === ']') depth--;
      j++;
      if (depth === 0) return j;
    }
    return j;
  }
  let j = i;
  while (j < text.length && !',}] \t\r\n'.includes(text[j] ?? '')) j++;
  return j;
}

/** The object starting at `start` (a `{`) with its members' positions. */
export function scanObject(text: string, start: number): ObjectSpan {
  const members: Member[] = [];
  let i = skipWs(text, start + 1);
  while (text[i] === '"') {
    const keyEnd = stringEnd(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    const vStart = skipWs(text, skipWs(text, keyEnd) + 1);
    const vEnd = valueEnd(text, vStart);
    members.push({ key, keyStart: i, valueStart: vStart, valueEnd: vEnd });
    i = skipWs(text, vEnd);
    if (text[i] === ',') i = skipWs(text, i + 1);
  }
  return { start, end: i + 1, members };
}

export function rootObject(text: string): ObjectSpan {
  return scanObject(text, skipWs(text, 0));
}

/** The file's indentation unit: the first indented line's leading whitespace (tab or spaces). */
export function detectIndent(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  if (!m || !m[1]) return '  ';
  return m[1].startsWith('\t') ? '\t' : ' '.repeat(m[1].length);
}

export function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

/** Inserts `"key": valueText` as the last member of `obj` at nesting depth `depth` (root = 0). */
export function insertMember(
  text: string,
  obj: ObjectSpan,
  key: string,
  valueText: string,
  depth: number,
  indent: string,
  eol: string,
): string {
  const member = `${JSON.stringify(key)}: ${valueText}`;
  const last = obj.members[obj.members.length - 1];
  if (!last) {
    const inner = indent.repeat(depth + 1);
    return splice(
      text,
      obj.start,
      obj.end,
      `{${eol}${inner}${member}${eol}${indent.repeat(depth)}}`,
    );
  }
  const oneLine = !text.slice(obj.start, obj.end).includes('\n');
  const sep = oneLine ? ', ' : `,${eol}${indent.repeat(depth + 1)}`;
  return splice(text, last.valueEnd, last.valueEnd, sep + member);
}

/** Removes a member (the inverse of insertMember); an object left empty becomes `{}`. */
export function removeMember(text: string, obj: ObjectSpan, key: string): string {
  const idx = obj.members.findIndex((m) => m.key === key);
  const m = obj.members[idx];
  if (!m) return text;
  const prev = obj.members[idx - 1];
  const next = obj.members[idx + 1];
  if (prev) return splice(text, prev.valueEnd, m.valueEnd, '');
  if (next) return splice(text, m.keyStart, next.keyStart, '');
  return splice(text, obj.start, obj.end, '{}');
}

/**
 * The first key written twice in one object (JSON.parse silently keeps the last one, so an edit
 * of the first would change nothing), with its path and line; null when every key is unique.
 * `text` must be valid JSON.
 */
export function findDuplicateKey(text: string): { path: string; line: number } | null {
  interface Frame {
    keys: Set<string> | null;
    path: string;
    key: string | null;
    index: number;
  }
  const stack: Frame[] = [];
  const childPath = (f: Frame | undefined): string => {
    if (!f) return '';
    const seg = f.keys ? (f.key ?? '') : `[${f.index}]`;
    return f.keys && f.path ? `${f.path}.${seg}` : `${f.path}${seg}`;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (top?.keys && text[skipWs(text, end)] === ':') {
        const key = JSON.parse(text.slice(i, end)) as string;
        if (top.keys.has(key)) {
          const line = text.slice(0, i).split('\n').length;
          return { path: top.path ? `${top.path}.${key}` : key, line };
        }
        top.keys.add(key);
        top.key = key;
      }
      i = end;
      continue;
    }
    if (c === '{' || c === '[') {
      const path = childPath(stack[stack.length - 1]);
      stack.push({ keys: c === '{' ? new Set() : null, path, key: null, index: 0 });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top && !top.keys) top.index++;
    }
    i++;
  }
  return null;
}
