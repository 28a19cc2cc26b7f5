// Reading the request log back, newest first, one page at a time (`listRequests`, docs/behaviour.md
// §4): the files are read backwards in chunks from the end, so a page near the top costs a few
// chunks however long the log is. Rotated files (requests.1.jsonl …) continue the log.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { RequestPage } from '../../../shared/contract';
import type { AttemptRecord, RequestSummary } from '../../../shared/snapshot';

const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

/** The log's files, newest first: requests.jsonl, requests.1.jsonl, … requests.{keep}.jsonl. */
export function logFiles(dir: string, keep: number): string[] {
  const files = [join(dir, 'requests.jsonl')];
  for (let n = 1; n <= keep; n++) files.push(join(dir, `requests.${n}.jsonl`));
  return files;
}

/** Lines of one file, last first. A missing file has none. */
export async function* linesBackward(file: string): AsyncGenerator<string> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return;
  }
  try {
    let pos = (await handle.stat()).size;
    let tail = Buffer.alloc(0);
    while (pos > 0) {
      const start = Math.max(0, pos - CHUNK);
      const chunk = Buffer.alloc(pos - start);
      await handle.read(chunk, 0, chunk.length, start);
      pos = start;
      // Lines are split on bytes, so a multi-byte character is never cut in two.
      const buf = tail.length > 0 ? Buffer.concat([chunk, tail]) : chunk;
      let end = buf.length;
      for (
        let i = buf.lastIndexOf(NEWLINE, end - 1);
        i !== -1;
        i = buf.lastIndexOf(NEWLINE, i - 1)
      ) {
        if (end - i > 1) yield buf.toString('utf8', i + 1, end);
        end = i;
        if (i === 0) break;
      }
      tail = buf.subarray(0, end);
    }
    if (tail.length > 0) yield tail.toString('utf8');
  } finally {
    await handle.close();
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** One log line as the console shows a request; null for a line that is not a request. */
export function summaryOfLine(line: string): RequestSummary | null {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
  const time = Date.parse(String(raw.time));
  const requestId = str(raw.requestId);
  if (!Number.isFinite(time) || requestId === null) return null;
  const attempts = Array.isArray(raw.attempts) ? (raw.attempts as Record<string, unknown>[]) : [];
  return {
    ...(raw as object),
    time,
    requestId,
    // Lines written before attempts carried their host have none.
    attempts: attempts.map((a) => ({ ...a, host: str(a.host) ?? '' }) as unknown as AttemptRecord),
    ttfbMs: num(raw.ttfbMs),
    // Lines written before requests were priced have no cost.
    costUsd: num(raw.costUsd),
  } as unknown as RequestSummary;
}

/**
 * The `limit` requests logged before the one with id `before` (or the newest ones), newest first.
 * An id no longer in the log (rotated away) gives an empty page.
 */
export async function readRequests(
  files: readonly string[],
  before: string | undefined,
  limit: number,
): Promise<RequestPage> {
  const requests: RequestSummary[] = [];
  const marker = before === undefined ? null : `"requestId":${JSON.stringify(before)}`;
  let passed = marker === null;
  for (const file of files) {
    for await (const line of linesBackward(file)) {
      if (!passed) {
        passed = line.includes(marker as string);
        continue;
      }
      const r = summaryOfLine(line);
      if (!r) continue;
      if (requests.length === limit) return { requests, more: true };
      requests.push(r);
    }
  }
  return { requests, more: false };
}
