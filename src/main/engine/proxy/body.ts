// An upstream answer's body as undici's parser hands it over, chunk by chunk, with no stream in
// between (docs/architecture.md, "Per-request work"): a Readable costs a buffer, a state machine
// and a tick per chunk, and an SSE answer is many small chunks. One reader at a time takes the
// chunks (the hold, then the relay, or whoever reads an error body); chunks that arrive while
// nobody reads, or while the reader paused, wait in a queue, and past QUEUE_LIMIT bytes undici
// stops reading the socket until the reader resumes.

/** How a body ended early: the upstream broke it, its coding could not be undone, or we stopped. */
export type BodyBreak = 'reset' | 'decode' | 'aborted';

export interface BodyReader {
  data(chunk: Buffer): void;
  end(): void;
  /** Once, instead of `end`; queued chunks are dropped. */
  error(why: BodyBreak): void;
}

/** What the body needs from whoever feeds it (undici's handler, or a decoder). */
export interface BodyFeed {
  /** Start reading again after `push` returned false. */
  resume(): void;
  /** Stop the exchange: nothing more will be read. */
  abort(): void;
}

const QUEUE_LIMIT = 64 * 1024;

export class UpstreamBody {
  private reader: BodyReader | null = null;
  private readonly queue: Buffer[] = [];
  private queuedBytes = 0;
  private paused = false;
  /** `push` returned false: the feed waits for `resume`. */
  private stalled = false;
  /** The upstream sent all of it. */
  private complete = false;
  /** `end` or `error` went to a reader (or nobody will ever read). */
  private settled = false;
  private broken: BodyBreak | null = null;
  private draining = false;

  constructor(private readonly feed: BodyFeed) {}

  // ---- the feed's side ---------------------------------------------------------------------

  /** A chunk from the upstream; false asks the feed to stop reading until `resume`. */
  push(chunk: Buffer): boolean {
    if (this.settled) return true;
    const reader = this.reader;
    if (reader !== null && !this.paused && this.queue.length === 0) {
      reader.data(chunk);
      return true;
    }
    this.queue.push(chunk);
    this.queuedBytes += chunk.length;
    if (this.queuedBytes <= QUEUE_LIMIT) return true;
    this.stalled = true;
    return false;
  }

  /** The upstream finished the body. */
  finish(): void {
    if (this.settled || this.complete) return;
    this.complete = true;
    if (this.reader !== null && !this.paused && this.queue.length === 0) this.settle(null);
  }

  /** The exchange broke (the upstream, or the decoder): reported at once, queued chunks dropped. */
  fail(why: BodyBreak): void {
    if (this.settled) return;
    this.broken = why;
    this.queue.length = 0;
    this.queuedBytes = 0;
    if (this.reader !== null) this.settle(why);
  }

  // ---- the reader's side -------------------------------------------------------------------

  /** Chunks waiting (arrived before a reader, or while paused). */
  get queued(): number {
    return this.queue.length;
  }

  /** Everything arrived and was handed over: only `end` is left to deliver. */
  get drained(): boolean {
    return this.complete && this.queue.length === 0;
  }

  /**
   * Makes `reader` the one that gets what follows (replacing any earlier one) and, unless paused,
   * hands it the queued chunks at once.
   */
  read(reader: BodyReader): void {
    this.reader = reader;
    if (this.settled) return;
    if (this.broken !== null) this.settle(this.broken);
    else if (!this.paused) this.drain();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    if (this.reader !== null && !this.settled) this.drain();
  }

  /** Takes the queued chunks without delivering them (the hold writes them itself). */
  take(): Buffer[] {
    const out = this.queue.splice(0);
    this.queuedBytes = 0;
    this.unstall();
    return out;
  }

  /** We stop reading: the exchange is aborted and the reader, if any, hears 'aborted'. */
  destroy(): void {
    if (this.settled) return;
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.feed.abort();
    if (this.reader !== null) this.settle('aborted');
    else this.settled = true;
  }

  private drain(): void {
    // A reader may pause (or read again) from inside `data`: the loop looks again every time.
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0 && !this.paused && !this.settled) {
        const chunk = this.queue.shift()!;
        this.queuedBytes -= chunk.length;
        this.reader!.data(chunk);
      }
    } finally {
      this.draining = false;
    }
    if (this.settled) return;
    if (this.queue.length === 0) {
      if (this.complete && !this.paused) this.settle(null);
      else this.unstall();
    }
  }

  private unstall(): void {
    if (!this.stalled || this.queuedBytes > QUEUE_LIMIT) return;
    this.stalled = false;
    this.feed.resume();
  }

  private settle(why: BodyBreak | null): void {
    this.settled = true;
    const reader = this.reader!;
    if (why === null) reader.end();
    else reader.error(why);
  }
}

/** Reads a whole body, keeping at most `cap` bytes; a break rejects with its kind. */
export function readAll(body: UpstreamBody, cap: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.read({
      data(c) {
        if (size >= cap) return;
        const part = size + c.length > cap ? c.subarray(0, cap - size) : c;
        chunks.push(part);
        size += part.length;
      },
      end: () => resolve(Buffer.concat(chunks, size)),
      // Stopped by us (a timer): what arrived is all there is.
      error: (why) => (why === 'aborted' ? resolve(Buffer.concat(chunks, size)) : reject(why)),
    });
  });
}
