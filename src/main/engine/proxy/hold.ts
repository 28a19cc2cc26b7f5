// Failures inside a 200 (docs/behaviour.md §3.6): before a 2xx answer is committed to the client,
// what can still be a failure is held back. An SSE stream's headers and opening events
// (`response.created`, `response.in_progress`, `message_start`, `ping`, comments) wait for the
// first other event: an error event, or the end of the stream before any content, makes the
// attempt a failure that can fail over. A JSON request's non-streaming answer is read whole (up
// to a cap) and must be a JSON document. Anything else is committed at once, as before.
import type { UpstreamBody } from './body';
import { decodedBody, type UpstreamResponse } from './upstream';
import { IdleWatchdog } from './watchdog';
import { isJsonWs } from './json-bytes';

/** Past this a non-streaming answer is streamed unchecked (it has content, whatever it is). */
const MAX_HELD_JSON = 8 * 1024 * 1024;

const OPENING = new Set(['response.created', 'response.in_progress', 'message_start', 'ping']);
const ERRORS = new Set(['error', 'response.failed']);

export type Held =
  /**
   * Commit: write these chunks (already read from `body`), then relay the rest. `whole`: the
   * whole JSON answer, read to judge it. `watchdog`: the idle watchdog, still running, for the
   * relay to carry on with.
   */
  | {
      kind: 'ok';
      chunks: Buffer[];
      body: UpstreamBody;
      decoded: boolean;
      ended: boolean;
      whole?: Buffer;
      watchdog: IdleWatchdog;
      /** What `sendOpening` already wrote to the client (held chunks and what followed). */
      sent?: Buffer[];
    }
  /** A failed attempt: `why` for the record, `text` for classification (error body). */
  | { kind: 'failed'; why: string; text: string }
  /** The stream broke or went silent while held. */
  | { kind: 'broken'; why: string };

interface EventInfo {
  name: string | null;
  data: string;
}

function eventOf(raw: string): EventInfo {
  let name: string | null = null;
  const data: string[] = [];
  for (const line of raw.split(/\r?\n/)) {
    if (line.startsWith('event:')) name = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  let text = data.join('\n');
  if (text.startsWith('{')) {
    try {
      const doc = JSON.parse(text) as { type?: unknown; response?: { error?: unknown } };
      if (name === null && typeof doc.type === 'string') name = doc.type;
      // `response.failed` carries its error inside the response: classify that.
      if (doc.response?.error) text = JSON.stringify({ error: doc.response.error });
    } catch {
      // not JSON: no name
    }
  }
  return { name, data: text };
}

/**
 * What the held SSE text says so far: wait, commit, or a failure. Only the events after the ones
 * already judged are passed: every earlier complete event was an opening one (anything else
 * decided), so `rest` (the incomplete event at the end) is all the next call needs.
 */
function judgeSse(
  text: string,
  ended: boolean,
): { verdict: Held | 'wait' | 'commit'; rest: string } {
  const parts = text.split(/\r?\n\r?\n/);
  // The last part is incomplete unless the stream ended.
  const rest = ended ? '' : parts.pop()!;
  const verdict = judgeEvents(parts, ended);
  return { verdict, rest };
}

/**
 * The name on an event's first `event:` line, or null without one. Lines end at CR or LF;
 * searched with indexOf, as this runs on the way to the client's first event.
 */
function eventName(raw: string): string | null {
  let at = 0;
  if (!raw.startsWith('event:')) {
    const lf = raw.indexOf('\nevent:');
    const cr = raw.indexOf('\revent:');
    at = (lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr)) + 1;
    if (at === 0) return null;
  }
  let end = at + 6;
  while (end < raw.length && raw[end] !== '\n' && raw[end] !== '\r') end++;
  return raw.slice(at + 6, end).trim();
}

function judgeEvents(complete: readonly string[], ended: boolean): Held | 'wait' | 'commit' {
  for (const raw of complete) {
    if (raw.trim() === '') continue;
    // Most streams name their events on an `event:` line: an opening or content event is judged
    // by that name alone; the data is parsed only to name an unnamed event or to read an error.
    const named = eventName(raw);
    if (named !== null && OPENING.has(named)) continue;
    if (named !== null && !ERRORS.has(named)) return 'commit';
    const ev = eventOf(raw);
    const commentOnly = raw.split(/\r?\n/).every((l) => l.startsWith(':') || l.trim() === '');
    if (commentOnly || (ev.name !== null && OPENING.has(ev.name))) continue;
    if (ev.name !== null && ERRORS.has(ev.name)) {
      return {
        kind: 'failed',
        why: `stream failed before any content (${ev.name})`,
        text: ev.data,
      };
    }
    return 'commit';
  }
  if (ended) {
    return { kind: 'failed', why: 'stream ended before any content', text: '' };
  }
  return 'wait';
}

/**
 * Null when `body` is a JSON document, else the failure. An object or array (what APIs answer)
 * is recognised by its first and last bytes, without parsing it; anything else is parsed.
 */
function judgeJson(body: Buffer): Held | null {
  let first = 0;
  while (isJsonWs(body[first])) first++;
  if (first === body.length) return { kind: 'failed', why: 'empty body in a 2xx answer', text: '' };
  let last = body.length - 1;
  while (isJsonWs(body[last])) last--;
  const open = body[first];
  const close = body[last];
  if ((open === 0x7b && close === 0x7d) || (open === 0x5b && close === 0x5d)) return null;
  const text = body.toString('utf8');
  try {
    JSON.parse(text);
    return null;
  } catch {
    return { kind: 'failed', why: 'a non-JSON body answered a JSON request', text };
  }
}

/**
 * Reads what must be seen before committing. `jsonRequest`: the client sent a JSON body (so a
 * non-streaming answer must be JSON). Resolves once it can decide; the idle watchdog applies.
 */
export function holdOpening(
  res: UpstreamResponse,
  opts: {
    method: string;
    jsonRequest: boolean;
    idleMs: number;
    /**
     * Called at the moment a stream is committed, before the promise settles, to write what was
     * held to the client at once (stream.ts `sendOpening`); returns what it wrote.
     */
    sendOpening?: (chunks: Buffer[], body: UpstreamBody, decoded: boolean) => Buffer[];
    /**
     * Called once when a stream's opening has to wait for a later event: the idle moment in which
     * to prepare what `sendOpening` will need, so the content event leaves sooner.
     */
    whileWaiting?: (decoded: boolean) => void;
  },
): Promise<Held | null> {
  const contentType = res.headers['content-type'] ?? '';
  const isSse = contentType.includes('text/event-stream');
  if (opts.method === 'HEAD' || res.status === 204 || res.status === 304) {
    return Promise.resolve(null);
  }
  if (!isSse && !opts.jsonRequest) return Promise.resolve(null);
  const { body, decoded } = decodedBody(res);
  const chunks: Buffer[] = [];
  let size = 0;
  let text = '';
  let waited = false;
  return new Promise<Held>((resolve) => {
    let done = false;
    const settle = (h: Held): void => {
      if (done) return;
      done = true;
      if (h.kind === 'ok') {
        // What arrives from now on waits in the body for the relay.
        body.pause();
        // A stream's first event leaves now, not after the promise and the relay's set-up.
        if (isSse && !h.ended && opts.sendOpening) {
          // This runs inside the parser's callback, where a throw (a header Node refuses to
          // write) would escape every handler: it is left to the relay, which meets the same
          // error inside the request's own handler and answers 500.
          try {
            h.sent = opts.sendOpening(chunks, body, decoded);
          } catch {
            h.sent = undefined;
          }
        }
      } else {
        watchdog.stop();
        body.destroy();
      }
      resolve(h);
    };
    const commit = (ended: boolean, whole?: Buffer): void =>
      settle({ kind: 'ok', chunks, body, decoded, ended, watchdog, whole });
    const watchdog = new IdleWatchdog(opts.idleMs, () =>
      settle({ kind: 'broken', why: `stream idle for ${opts.idleMs} ms` }),
    );
    body.read({
      data(chunk) {
        if (done) return;
        watchdog.touch();
        chunks.push(chunk);
        size += chunk.length;
        if (isSse) {
          const { verdict, rest } = judgeSse(text + chunk.toString('utf8'), false);
          text = rest;
          if (verdict === 'commit') commit(false);
          else if (verdict !== 'wait') settle(verdict);
          else if (!waited) {
            waited = true;
            opts.whileWaiting?.(decoded);
          }
        } else if (size > MAX_HELD_JSON) {
          commit(false);
        }
      },
      end() {
        if (done) return;
        if (isSse) {
          const { verdict } = judgeSse(text, true);
          if (verdict === 'commit' || verdict === 'wait') commit(true);
          else settle(verdict);
          return;
        }
        const whole = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
        const failed = judgeJson(whole);
        if (failed === null) commit(true, whole);
        else settle(failed);
      },
      error(why) {
        // 'aborted' is our own doing (settle destroyed it): already decided.
        if (why !== 'aborted') settle({ kind: 'broken', why: 'stream broke (reset)' });
      },
    });
  });
}
