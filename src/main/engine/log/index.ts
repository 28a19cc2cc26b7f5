// The request log (docs/behaviour.md §4): `logs/requests.jsonl`, one JSON line per finished
// request, rotated at `maxBytes` into requests.1.jsonl … requests.{keep}.jsonl. Appends never block
// the proxy: lines queue in memory as bytes (log/bytes.ts) and one background loop writes them in
// batches.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Logger, RequestRecord } from '../types';
import { silentLogger } from '../types';
import { firstLineBytes, LineBytes, wholeLinesWithin } from './bytes';
import { requestLine } from './line';

const BATCH_MS = 50;
/** Rotated files kept by default (requests.1.jsonl … requests.10.jsonl). */
export const LOG_KEEP = 10;

export interface RequestLogOptions {
  dir: string;
  logger?: Logger;
  /** Rotate when the file would grow beyond this (default 50 MiB). */
  maxBytes?: number;
  /** Rotated files kept (default 10). */
  keep?: number;
  /** File name without `.jsonl` (default `requests`; the event log uses `events`). */
  name?: string;
}

export class RequestLog {
  readonly file: string;
  private readonly dir: string;
  private readonly logger: Logger;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly name: string;
  private readonly queue = new LineBytes();
  private handle: fs.FileHandle | null = null;
  private size = 0;
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private failed = false;

  constructor(opts: RequestLogOptions) {
    this.dir = opts.dir;
    this.name = opts.name ?? 'requests';
    this.file = join(opts.dir, `${this.name}.jsonl`);
    this.logger = opts.logger ?? silentLogger;
    this.maxBytes = opts.maxBytes ?? 50 * 1024 * 1024;
    this.keep = opts.keep ?? LOG_KEEP;
  }

  append(record: RequestRecord): void {
    // Records carry no secrets by construction (the proxy redacts); the line only shapes them.
    this.appendLine(requestLine(record));
  }

  /** Appends one already-serialised JSON line (ending in a newline). */
  appendLine(line: string): void {
    if (this.closed) return;
    this.queue.add(line);
    if (!this.running && !this.timer) this.schedule();
  }

  /** Resolves once every line appended so far is written (or given up on). */
  async flush(): Promise<void> {
    for (;;) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
        this.start();
      }
      if (!this.running) return;
      await this.running;
    }
  }

  // Under load a write per finished request costs more than building the line: lines gather for
  // a short while and leave in one write. What a crash can lose is that short while.
  private schedule(): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.start();
    }, BATCH_MS);
  }

  private start(): void {
    this.running = this.drain().finally(() => {
      this.running = null;
      if (!this.queue.empty && !this.timer) this.schedule();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    await this.handle?.close().catch(() => undefined);
    this.handle = null;
  }

  private async open(): Promise<fs.FileHandle> {
    if (this.handle) return this.handle;
    await fs.mkdir(this.dir, { recursive: true });
    this.handle = await fs.open(this.file, 'a', 0o600);
    this.size = (await this.handle.stat()).size;
    return this.handle;
  }

  private async rotate(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
    const name = (n: number) => join(this.dir, `${this.name}.${n}.jsonl`);
    await fs.rm(name(this.keep), { force: true });
    for (let n = this.keep - 1; n >= 1; n--) {
      await fs.rename(name(n), name(n + 1)).catch(() => undefined);
    }
    await fs.rename(this.file, name(1));
  }

  private async drain(): Promise<void> {
    if (this.queue.empty) return;
    const batch = this.queue.take();
    try {
      await this.writeBatch(batch);
      this.failed = false;
    } catch (err) {
      // A full disk must not take the proxy down; say it once, keep trying on later appends.
      if (!this.failed) {
        this.logger.warn(`log ${this.file}: ${err instanceof Error ? err.message : String(err)}`);
      }
      this.failed = true;
      await this.handle?.close().catch(() => undefined);
      this.handle = null;
    }
  }

  /**
   * Writes the queued bytes in as few writes as possible, rotating between two lines where the
   * next would take the file past the limit; a line longer than the limit gets a file of its own.
   */
  private async writeBatch(chunks: Buffer[]): Promise<void> {
    let total = 0;
    for (const c of chunks) total += c.length;
    const h = await this.open();
    if (this.size + total <= this.maxBytes) {
      await h.writev(chunks);
      this.size += total;
      return;
    }
    for (let rest of chunks) {
      while (rest.length > 0) {
        const handle = await this.open();
        let cut = wholeLinesWithin(rest, this.maxBytes - this.size);
        if (cut === 0 && this.size === 0) cut = firstLineBytes(rest);
        if (cut > 0) {
          await handle.write(rest.subarray(0, cut));
          this.size += cut;
          rest = rest.subarray(cut);
        }
        if (rest.length > 0) await this.rotate();
      }
    }
  }
}
