// Reading logs/requests.jsonl back for the figures rebuilt at start (docs/behaviour.md §9.1):
// newest line first, across the rotated files, until the first line older than asked for.
// Unreadable lines are skipped; a missing file is simply no history.
import { linesBackward, logFiles } from './pages';

export type LoggedLine = Record<string, unknown> & { time: number };

/** A line's JSON with its ISO time as epoch ms, or null when it is not a logged request. */
function parseLine(line: string): LoggedLine | null {
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return null;
  const rec = doc as Record<string, unknown>;
  const time = typeof rec.time === 'string' ? Date.parse(rec.time) : NaN;
  return Number.isFinite(time) ? { ...rec, time } : null;
}

/**
 * Visits every logged request at or after `since` (epoch ms), newest first, stopping at the first
 * older line (or as soon as `cancelled()` says so: stopping the engine does not wait for it).
 */
export async function forEachLoggedSince(
  dir: string,
  since: number,
  visit: (line: LoggedLine) => void,
  opts: { keep?: number; cancelled?: () => boolean } = {},
): Promise<void> {
  const cancelled = opts.cancelled ?? (() => false);
  for (const file of logFiles(dir, opts.keep ?? 10)) {
    for await (const text of linesBackward(file)) {
      if (cancelled()) return;
      const line = parseLine(text);
      if (!line) continue;
      if (line.time < since) return;
      visit(line);
    }
  }
}
