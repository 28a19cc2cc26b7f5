// Reads usage out of an SSE stream as it passes. The bytes sent to the client are the upstream's
// own chunks; this only looks at them, as bytes: a line is decoded (and parsed) only when it is a
// `data:` line that mentions usage, so the usual chunk costs a byte search and nothing else.
import { UsageAccumulator } from './usage';

const MAX_PENDING = 8 * 1024 * 1024;
const USAGE = Buffer.from('usage');
const DATA = Buffer.from('data:');
const NL = 0x0a;
const CR = 0x0d;

export class SseUsageScanner {
  readonly usage = new UsageAccumulator();
  /** The start of a line whose end has not arrived yet, in the pieces it came in (copied). */
  private parts: Buffer[] = [];
  private partsSize = 0;

  push(chunk: Buffer): void {
    let start = 0;
    if (this.parts.length > 0) {
      const nl = chunk.indexOf(NL);
      if (nl === -1) {
        this.keep(chunk);
        return;
      }
      // Only a line cut between chunks is joined, once its end has come.
      this.parts.push(chunk.subarray(0, nl));
      const line = Buffer.concat(this.parts, this.partsSize + nl);
      this.parts = [];
      this.partsSize = 0;
      if (line.indexOf(USAGE) !== -1) this.line(line, 0, line.length);
      start = nl + 1;
    }
    // One forward search for "usage" serves every line up to it: searching per line would scan
    // to the next mention (often the last event) again for each line of a big chunk.
    let usageAt = -2;
    for (;;) {
      const nl = chunk.indexOf(NL, start);
      if (nl === -1) break;
      if (usageAt !== -1 && usageAt < start) usageAt = chunk.indexOf(USAGE, start);
      if (usageAt !== -1 && usageAt < nl) this.line(chunk, start, nl);
      start = nl + 1;
    }
    if (start < chunk.length) this.keep(chunk.subarray(start));
  }

  end(): void {
    const rest = Buffer.concat(this.parts, this.partsSize);
    this.parts = [];
    this.partsSize = 0;
    if (rest.indexOf(USAGE) !== -1) this.line(rest, 0, rest.length);
  }

  private keep(piece: Buffer): void {
    this.partsSize += piece.length;
    // A runaway line without newlines must not grow memory forever: past the cap it is dropped.
    if (this.partsSize > MAX_PENDING) {
      this.parts = [];
      this.partsSize = 0;
      return;
    }
    this.parts.push(Buffer.from(piece));
  }

  private line(buf: Buffer, from: number, to: number): void {
    // Only `data:` lines that mention usage are worth parsing.
    if (
      to - from < DATA.length ||
      buf.compare(DATA, 0, DATA.length, from, from + DATA.length) !== 0
    ) {
      return;
    }
    let end = to;
    if (buf[end - 1] === CR) end--;
    this.usage.addJsonBytes(buf, from + DATA.length, end);
  }
}
