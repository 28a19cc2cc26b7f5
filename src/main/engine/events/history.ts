// The recent events a restart reads back from logs/events.jsonl (docs/behaviour.md §8.1), so the
// Overview's "Recent events" does not say "Nothing has happened yet" after a restart. Newest
// first; lines that are not events are skipped; a missing file is no history.
import { join } from 'node:path';
import type { EngineEvent, EventKind, RecoveredFrom } from '../../../shared/events';
import { linesBackward } from '../log/pages';

const KINDS: readonly EventKind[] = ['tripped', 'exhausted', 'all_down', 'recovered'];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** One logged line as an event (`id` given by the caller), or null. */
export function eventOfLine(line: string, id: number): EngineEvent | null {
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isRecord(doc)) return null;
  const at = typeof doc.time === 'string' ? Date.parse(doc.time) : NaN;
  const kind = KINDS.find((k) => k === doc.kind);
  const service = doc.service === 'codex' || doc.service === 'claude' ? doc.service : null;
  if (!Number.isFinite(at) || !kind || !service) return null;
  const from = KINDS.find((k) => k !== 'recovered' && k === doc.from) as RecoveredFrom | undefined;
  const up = doc.upstream;
  const relay =
    isRecord(up) && typeof up.id === 'string' && typeof up.name === 'string'
      ? { id: up.id, name: up.name }
      : null;
  const station = typeof doc.station === 'string' ? doc.station : null;
  return { id, at, kind, from: from ?? null, service, station, relay };
}

/**
 * The last `max` events logged before `before` (epoch ms), newest first, with ids -1, -2, …
 * (below every live event's). `stopped()` ends the read early.
 */
export async function readRecentEvents(
  logsDir: string,
  max: number,
  before: number,
  stopped: () => boolean,
): Promise<EngineEvent[]> {
  const out: EngineEvent[] = [];
  for await (const text of linesBackward(join(logsDir, 'events.jsonl'))) {
    if (stopped() || out.length >= max) break;
    const e = eventOfLine(text, -(out.length + 1));
    if (e && e.at < before) out.push(e);
  }
  return out;
}
