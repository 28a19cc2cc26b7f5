// Lines waiting for the log's next write, kept as UTF-8 bytes in 64 KiB blocks (docs/architecture.md,
// "Per-request work"). A line is built as a tree of string pieces; queued as it is, that tree
// lived through the ~50 ms until the write and the garbage collector copied it at every minor
// collection, which cost more than building the line (docs/benchmarks.md). Encoded at once, the
// pieces die young and a block is one object the collector does not look into.
const BLOCK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

export class LineBytes {
  private done: Buffer[] = [];
  private block: Buffer | null = null;
  private used = 0;

  constructor(private readonly blockBytes = BLOCK_BYTES) {}

  get empty(): boolean {
    return this.done.length === 0 && this.used === 0;
  }

  add(line: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 unit: room for that means the line fits.
    const worst = line.length * 3;
    if (this.block === null || this.block.length - this.used < worst) {
      this.close();
      if (worst > this.blockBytes) {
        this.done.push(Buffer.from(line, 'utf8'));
        return;
      }
      this.block = Buffer.allocUnsafe(this.blockBytes);
    }
    this.used += this.block.write(line, this.used, 'utf8');
  }

  /** Everything added so far, in order; the queue starts empty again. */
  take(): Buffer[] {
    this.close();
    const out = this.done;
    this.done = [];
    return out;
  }

  private close(): void {
    if (this.block !== null && this.used > 0) this.done.push(this.block.subarray(0, this.used));
    this.block = null;
    this.used = 0;
  }
}

/**
 * How many leading bytes of `data` (whole lines) fit in `room` bytes: 0 when not even its first
 * line does.
 */
export function wholeLinesWithin(data: Buffer, room: number): number {
  if (data.length <= room) return data.length;
  if (room <= 0) return 0;
  return data.lastIndexOf(NEWLINE, room - 1) + 1;
}

/** The length of `data`'s first line, its newline included (all of it when it has none). */
export function firstLineBytes(data: Buffer): number {
  const end = data.indexOf(NEWLINE);
  return end === -1 ? data.length : end + 1;
}
