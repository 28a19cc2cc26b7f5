// Small text helpers shared by the client switches: line endings, TOML validation with a
// readable message, and the unified diff shown before switching on.
import { parse as parseToml, TomlError } from 'smol-toml';
import { AppError, type SwitchPreview } from '../../../shared/contract';
import type { ClientName } from '../../../shared/snapshot';

export type LineEnding = '\n' | '\r\n';

/** A file that has any CRLF is treated as CRLF so inserted lines match what is already there. */
export function detectLineEnding(text: string): LineEnding {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Parses TOML or throws a `refused` AppError naming the file, line and column. */
export function parseTomlOrRefuse(text: string, file: string): Record<string, unknown> {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof TomlError) {
      const first = err.message.split('\n')[0] ?? err.message;
      throw new AppError(
        'refused',
        `${file} is not valid TOML (${first} at line ${err.line}, column ${err.column}); it was left untouched`,
      );
    }
    throw new AppError('refused', `${file} is not valid TOML; it was left untouched`);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  // A trailing newline does not start another line.
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

type Op = { kind: ' ' | '-' | '+'; line: string; a: number; b: number };

/** Line-level edit script by longest common subsequence; inputs are config files, so small. */
function diffOps(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if ((n + 1) * (m + 1) > 16_000_000) {
    // Too big for the table: fall back to one change block between a common prefix and suffix.
    let p = 0;
    while (p < n && p < m && a[p] === b[p]) p++;
    let s = 0;
    while (s < n - p && s < m - p && a[n - 1 - s] === b[m - 1 - s]) s++;
    const ops: Op[] = [];
    for (let i = 0; i < p; i++) ops.push({ kind: ' ', line: a[i] ?? '', a: i, b: i });
    for (let i = p; i < n - s; i++) ops.push({ kind: '-', line: a[i] ?? '', a: i, b: p });
    for (let j = p; j < m - s; j++) ops.push({ kind: '+', line: b[j] ?? '', a: n - s, b: j });
    for (let k = s; k > 0; k--) ops.push({ kind: ' ', line: a[n - k] ?? '', a: n - k, b: m - k });
    return ops;
  }
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * w + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * w + j] ?? 0, lcs[i * w + j + 1] ?? 0);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i] ?? '', a: i++, b: j++ });
    } else if (i < n && (j >= m || (lcs[(i + 1) * w + j] ?? 0) >= (lcs[i * w + j + 1] ?? 0))) {
      // On a tie the removed line goes first, as every unified diff writes a changed line.
      ops.push({ kind: '-', line: a[i] ?? '', a: i++, b: j });
    } else {
      ops.push({ kind: '+', line: b[j] ?? '', a: i, b: j++ });
    }
  }
  return ops;
}

/**
 * A unified diff (LF-joined, for display) of `before` → `after`; empty when the lines are equal.
 * Only line content is compared, so a change of the final newline alone shows no hunk.
 */
export function unifiedDiff(
  before: string,
  after: string,
  oldName: string,
  newName: string,
  context = 3,
): string {
  const ops = diffOps(splitLines(before), splitLines(after));
  const changed = ops.map((op, k) => (op.kind !== ' ' ? k : -1)).filter((k) => k >= 0);
  if (changed.length === 0) return '';
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, (changed[k] ?? 0) - context);
    let end = Math.min(ops.length, (changed[k] ?? 0) + context + 1);
    k++;
    // Merge changes whose context windows touch into one hunk.
    while (k < changed.length && (changed[k] ?? 0) - context <= end) {
      end = Math.min(ops.length, (changed[k] ?? 0) + context + 1);
      k++;
    }
    const hunk = ops.slice(start, end);
    const first = hunk[0];
    const oldLen = hunk.filter((op) => op.kind !== '+').length;
    const newLen = hunk.filter((op) => op.kind !== '-').length;
    const oldStart = first ? first.a + (oldLen > 0 ? 1 : 0) : 0;
    const newStart = first ? first.b + (newLen > 0 ? 1 : 0) : 0;
    out.push(`@@ -${oldStart},${oldLen} +${newStart},${newLen} @@`);
    for (const op of hunk) out.push(`${op.kind}${op.line}`);
  }
  return out.join('\n') + '\n';
}

/**
 * What switching `client` on would change in `file` (shown by `name`), as a diff; when the switch
 * cannot be planned (an unreadable file, a conflict), why not.
 */
export function switchPreview(
  client: ClientName,
  file: string,
  name: string,
  plan: () => { before: string; after: string },
): SwitchPreview {
  try {
    const { before, after } = plan();
    const diff = unifiedDiff(before, after, name, `${name} (switched on)`);
    return { client, file, diff, allowed: true, reason: null };
  } catch (err) {
    return { client, file, diff: '', allowed: false, reason: (err as Error).message };
  }
}
