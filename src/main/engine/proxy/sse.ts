// Reads usage out of an SSE stream as it passes. The bytes sent to the client are the upstream's
// own chunks; this only looks at them.
import { StringDecoder } from 'node:string_decoder';
import { UsageAccumulator } from './usage';

const MAX_PENDING = 8 * 1024 * 1024;

export class SseUsageScanner {
  readonly usage = new UsageAccumulator();
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  push(chunk: Buffer): void {
    const text = this.pending + this.decoder.write(chunk);
    let start = 0;
    // One forward search for "usage" serves every line up to it: searching per line would scan
    // to the next mention (often the last event) again for each line of a big chunk.
    let usageAt = -2;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break;
      if (usageAt !== -1 && usageAt < start) usageAt = text.indexOf('usage', start);
      if (usageAt !== -1 && usageAt < nl) this.line(text, start, nl);
      start = nl + 1;
    }
    this.pending = start === 0 ? text : text.slice(start);
    // A runaway line without newlines must not grow memory forever.
    if (this.pending.length > MAX_PENDING) this.pending = '';
  }

  end(): void {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    if (rest.includes('usage')) this.line(rest, 0, rest.length);
  }

  private line(text: string, from: number, to: number): void {
    // Only `data:` lines that mention usage are worth parsing.
    if (!text.startsWith('data:', from)) return;
    let end = to;
    if (text.charCodeAt(end - 1) === 13) end--;
    this.usage.addJsonText(text.slice(from + 5, end));
  }
}
