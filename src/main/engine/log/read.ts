// Reading logs/requests.jsonl back (docs/behaviour.md §4): newest file first, for the figures
// rebuilt at start. Unreadable lines are skipped; a missing file is simply no history.
import { createReadStream, promises as fs } from 'node:fs';
import { createInterface } from 'node:readline';
import { logFiles } from './pages';

export type LoggedLine = Record<string, unknown> & { time: number };

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

async function readFile(
  file: string,
  since: number,
  visit: (line: LoggedLine) => void,
  cancelled: () => boolean,
): Promise<boolean> {
  let olderSeen = false;
  const input = createReadStream(file, 'utf8');
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (cancelled()) {
      lines.close();
      input.destroy();
      return true;
    }
    if (line.trim() === '') continue;
    let doc: unknown;
    try {
      doc = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof doc !== 'object' || doc === null) continue;
    const rec = doc as Record<string, unknown>;
    const time = typeof rec.time === 'string' ? Date.parse(rec.time) : NaN;
    if (!Number.isFinite(time)) continue;
    if (time < since) {
      olderSeen = true;
      continue;
    }
    visit({ ...rec, time });
  }
  return olderSeen;
}

/**
 * Visits every logged request at or after `since` (epoch ms), from requests.jsonl and its
 * rotated files, stopping after the first file that reaches back before `since` (or as soon as
 * `cancelled()` says so: the engine stopping does not wait for a long log).
 */
export async function forEachLoggedSince(
  dir: string,
  since: number,
  visit: (line: LoggedLine) => void,
  opts: { keep?: number; cancelled?: () => boolean } = {},
): Promise<void> {
  const keep = opts.keep ?? 10;
  const cancelled = opts.cancelled ?? (() => false);
  const files = logFiles(dir, keep);
  for (const file of files) {
    if (!(await exists(file))) {
      if (file === files[0]) continue;
      break;
    }
    const reachedBack = await readFile(file, since, visit, cancelled).catch(() => false);
    if (reachedBack || cancelled()) break;
  }
}
