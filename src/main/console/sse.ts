// One Server-Sent Events stream per client: the current snapshot first, then every snapshot the
// engine publishes (already rate-limited there), and a comment line now and then so proxies and
// browsers keep an idle stream open.
import type { ServerResponse } from 'node:http';
import { SNAPSHOT_EVENT, type EngineApi } from '../../shared/contract';
import type { Snapshot } from '../../shared/snapshot';
import type { Scheduler } from '../engine/types';

export interface SseOptions {
  heartbeatMs: number;
  scheduler: Scheduler;
}

export function snapshotEvent(snapshot: Snapshot): string {
  // JSON.stringify never emits a raw newline, so the payload is a single `data:` line.
  return `event: ${SNAPSHOT_EVENT}\nid: ${snapshot.version}\ndata: ${JSON.stringify(snapshot)}\n\n`;
}

/** Starts the stream; returns a function that ends it (also called when the client goes away). */
export function openSnapshotStream(
  res: ServerResponse,
  engine: EngineApi,
  opts: SseOptions,
): () => void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write(snapshotEvent(engine.snapshot()));

  const unsubscribe = engine.onSnapshot((snapshot) => res.write(snapshotEvent(snapshot)));

  let heartbeat: unknown = null;
  const beat = (): void => {
    res.write(': keep-alive\n\n');
    heartbeat = opts.scheduler.setTimeout(beat, opts.heartbeatMs);
  };
  heartbeat = opts.scheduler.setTimeout(beat, opts.heartbeatMs);

  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    unsubscribe();
    if (heartbeat !== null) opts.scheduler.clearTimeout(heartbeat);
    if (!res.writableEnded) res.end();
  };
  res.on('close', end);
  return end;
}
