// Committing a 2xx answer to the client (docs/behaviour.md §3.6): chunks go out as they arrive,
// usage is read on the way, a break mid-stream or a silent upstream ends the client connection.
import type { ServerResponse } from 'node:http';
import type { UpstreamBody } from './body';
import type { TokenUsage } from '../../../shared/snapshot';
import { clientResponseHeaders } from './headers';
import { SseUsageScanner } from './sse';
import { usageFromJsonBytes } from './usage';
import { decodedBody, type UpstreamResponse } from './upstream';
import { IdleWatchdog } from './watchdog';

const MAX_JSON_USAGE_BYTES = 8 * 1024 * 1024;

export interface RelayResult {
  /** Null when the whole body reached the client; else why it broke. */
  broken: 'reset' | 'idle-timeout' | 'decode' | 'client-gone' | null;
  usage: TokenUsage | null;
  /** Clock time of the first body byte (or the headers when there is no body). */
  firstByteAt: number;
}

/** What holdOpening (hold.ts) already read: it goes out first, then the rest of `body`. */
export interface HeldStart {
  chunks: Buffer[];
  /** Paused by the hold; what arrived after its decision waits in it. */
  body: UpstreamBody;
  decoded: boolean;
  /** The body ended while held: nothing more will come. */
  ended: boolean;
  /** The whole JSON answer, when the hold read it to the end. */
  whole?: Buffer | undefined;
  /** The hold's idle watchdog, still running: the relay carries on with it. */
  watchdog: IdleWatchdog;
  /** Already written to the client by `sendOpening`, headers included. */
  sent?: Buffer[] | undefined;
}

/** Our headers for a committed 2xx answer. */
export function writeAnswerHead(up: UpstreamResponse, res: ServerResponse, decoded: boolean): void {
  res.writeHead(up.status, clientResponseHeaders(up.headers, decoded));
}

/**
 * Writes what the hold kept back, as one chunk of the answer, then what arrived after the hold
 * decided (waiting in the paused body): all in one socket write, as Node corks the socket until
 * the next tick, rather than one write later (docs/benchmarks.md). Returns what it wrote, for
 * the relay to read for usage afterwards: the client's first event waits for neither the scan
 * nor the relay's set-up.
 */
export function sendOpening(res: ServerResponse, chunks: Buffer[], body: UpstreamBody): Buffer[] {
  const first: Buffer[] = [];
  if (chunks.length > 0) first.push(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
  if (body.queued > 0) first.push(...body.take());
  for (const chunk of first) res.write(chunk);
  // Node corks the socket on a response's write and uncorks it in the next tick, after whatever
  // the rest of this tick does (the hold settling, undici's parser, queued ticks). The opening is
  // all written: it leaves now, as one write; Node's own uncork then finds nothing to do.
  if (res.socket?.writableCorked) res.socket.uncork();
  return first;
}

export function relayResponse(
  up: UpstreamResponse,
  abortUpstream: () => void,
  res: ServerResponse,
  method: string,
  idleTimeoutMs: number,
  now: () => number,
  held: HeldStart | null = null,
): Promise<RelayResult> {
  const { body, decoded } = held ?? decodedBody(up);
  if (held?.sent === undefined) writeAnswerHead(up, res, decoded);
  const contentType = up.headers['content-type'] ?? '';
  const isSse = contentType.includes('text/event-stream');
  const scanner = isSse ? new SseUsageScanner() : null;
  const wantJson = !isSse && contentType.includes('json');
  const jsonChunks: Buffer[] = [];
  let jsonSize = 0;
  let firstByteAt: number | null = null;

  if (method === 'HEAD' || up.status === 204 || up.status === 304) {
    held?.watchdog.stop();
    // Nothing to relay: whatever comes is read and dropped, so the connection can be reused.
    body.read(IGNORE);
    body.resume();
    res.end();
    return Promise.resolve({ broken: null, usage: null, firstByteAt: now() });
  }
  if (held?.whole !== undefined) {
    // The usual non-streaming answer: read whole by the hold, it leaves in one write.
    held.watchdog.stop();
    const firstByteAt = now();
    res.end(held.whole);
    const usage =
      wantJson && held.whole.length <= MAX_JSON_USAGE_BYTES ? usageFromJsonBytes(held.whole) : null;
    return Promise.resolve({ broken: null, usage, firstByteAt });
  }
  // SSE clients may wait for the headers before the first event; others get them with the
  // body. When the first event came in the same read as the upstream's headers it is already
  // waiting and goes out in the same write as our headers (below, as the body is read);
  // otherwise the headers leave now, on their own.
  if (isSse && !held && (decoded || body.queued === 0)) res.flushHeaders();

  return new Promise((resolve) => {
    let settled = false;
    const finish = (broken: RelayResult['broken']) => {
      if (settled) return;
      settled = true;
      idle.stop();
      let usage: TokenUsage | null = null;
      if (scanner) {
        if (!broken) scanner.end();
        usage = scanner.usage.result();
      } else if (wantJson && !broken && jsonSize > 0 && jsonSize <= MAX_JSON_USAGE_BYTES) {
        const whole =
          jsonChunks.length === 1 ? jsonChunks[0]! : Buffer.concat(jsonChunks, jsonSize);
        usage = usageFromJsonBytes(whole);
      }
      if (broken) {
        abortUpstream();
        // The client must see the break rather than a clean (truncated) end.
        res.destroy();
      } else {
        res.end();
      }
      resolve({ broken, usage, firstByteAt: firstByteAt ?? now() });
    };
    const onIdle = (): void => finish('idle-timeout');
    const idle = held?.watchdog ?? new IdleWatchdog(idleTimeoutMs, onIdle);
    idle.onIdle = onIdle;

    const keep = (chunk: Buffer): void => {
      scanner?.push(chunk);
      if (wantJson && jsonSize <= MAX_JSON_USAGE_BYTES) {
        jsonChunks.push(chunk);
        jsonSize += chunk.length;
      }
    };
    let room = true;
    if (held) {
      const first = held.sent ?? sendOpening(res, held.chunks, body);
      room = !res.writableNeedDrain;
      if (first.length > 0) {
        idle.touch();
        firstByteAt = now();
      }
      // Already on the wire: read for usage now, before anything after it.
      for (const chunk of first) keep(chunk);
      if (held.ended) {
        finish(null);
        return;
      }
    }
    body.read({
      data(chunk) {
        idle.touch();
        if (firstByteAt === null) firstByteAt = now();
        keep(chunk);
        if (!res.write(chunk)) body.pause();
      },
      end: () => finish(null),
      error(why) {
        // 'aborted' is our own doing (finish aborted the upstream): already decided.
        if (why !== 'aborted') finish(why === 'decode' ? 'decode' : 'reset');
      },
    });
    res.on('drain', () => body.resume());
    // Paused by the hold: reading again now, or on 'drain' when the client is behind.
    if (held && room) body.resume();
    res.once('close', () => {
      if (!res.writableFinished) finish('client-gone');
    });
  });
}

const IGNORE = { data: () => undefined, end: () => undefined, error: () => undefined };
