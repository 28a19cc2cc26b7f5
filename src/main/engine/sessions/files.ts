// The conversation files of one client folder (docs/behaviour.md §10): found with async readdir,
// stat-ed in batches, newest first by last write; each file read from where the last read
// stopped (the clients only append), cached by path with its size and mtime, so listing again
// costs a stat per file and a read of what was added since.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { ServiceName } from '../../../shared/config-types';
import { emptyInfo, LINE_READERS, type TranscriptInfo } from './lines';

/** Bytes of one file read at most (turns beyond it are not counted: `turnsCapped`). */
export const SCAN_LIMIT = 32 * 1024 * 1024;
const CHUNK = 256 * 1024;
const STAT_BATCH = 64;
const READ_BATCH = 8;
const NEWLINE = 0x0a;

export interface FoundFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface ReadFile extends FoundFile {
  info: TranscriptInfo;
  /** The file is longer than SCAN_LIMIT: `info.turns` counts only its first part. */
  capped: boolean;
}

interface Cached extends ReadFile {
  /** Bytes consumed up to the end of the last whole line. */
  offset: number;
}

/** Which files are conversations, and how deep below the folder they are. */
export const LAYOUT: Record<ServiceName, { depth: number; match: RegExp }> = {
  // sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl
  codex: { depth: 4, match: /^rollout-.*\.jsonl$/ },
  // projects/<folder of the working directory>/<session id>.jsonl
  claude: { depth: 2, match: /^[^.].*\.jsonl$/ },
};

async function walk(dir: string, depth: number, match: RegExp, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return; // a missing folder has no conversations
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (depth > 1 && e.isDirectory()) await walk(path, depth - 1, match, out);
    else if (depth === 1 && e.isFile() && match.test(e.name)) out.push(path);
  }
}

async function inBatches<T, R>(items: T[], size: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  }
  return out;
}

export class TranscriptFiles {
  private cache = new Map<string, Cached>();
  /** How many files were read (wholly or from where they were left) since start: for tests. */
  reads = 0;

  constructor(
    private readonly service: ServiceName,
    private readonly dir: string,
    private readonly scanLimit = SCAN_LIMIT,
  ) {}

  /** Every conversation file, newest write first. */
  async list(): Promise<FoundFile[]> {
    const { depth, match } = LAYOUT[this.service];
    const paths: string[] = [];
    await walk(this.dir, depth, match, paths);
    const stats = await inBatches(paths, STAT_BATCH, async (path) =>
      fs.stat(path).then(
        (s): FoundFile => ({ path, size: s.size, mtimeMs: s.mtimeMs }),
        () => null,
      ),
    );
    const found = stats.filter((s): s is FoundFile => s !== null);
    found.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.path < b.path ? 1 : -1));
    this.forgetAllBut(found);
    return found;
  }

  /** What each file says, from the cache when it has not changed. */
  read(files: FoundFile[]): Promise<ReadFile[]> {
    return inBatches(files, READ_BATCH, (f) => this.readOne(f));
  }

  private async readOne(file: FoundFile): Promise<ReadFile> {
    const old = this.cache.get(file.path);
    if (old && old.size === file.size && old.mtimeMs === file.mtimeMs) return old;
    // Grown: go on from the last whole line. Shrunk or rewritten: start again.
    const resume = old && file.size > old.size ? old : null;
    const entry: Cached = {
      ...file,
      info: resume ? { ...resume.info } : emptyInfo(),
      offset: resume ? resume.offset : 0,
      capped: false,
    };
    try {
      await this.scan(entry);
    } catch {
      // Unreadable now (removed, no permission): listed with what is known.
    }
    this.reads += 1;
    this.cache.set(file.path, entry);
    return entry;
  }

  private async scan(entry: Cached): Promise<void> {
    const handle = await fs.open(entry.path, 'r');
    const readLine = LINE_READERS[this.service];
    try {
      const end = Math.min(entry.size, this.scanLimit);
      entry.capped = entry.size > this.scanLimit;
      let pos = entry.offset;
      let tail = Buffer.alloc(0);
      while (pos < end) {
        const chunk = Buffer.alloc(Math.min(CHUNK, end - pos));
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, pos);
        if (bytesRead === 0) break;
        pos += bytesRead;
        const got = chunk.subarray(0, bytesRead);
        const buf = tail.length > 0 ? Buffer.concat([tail, got]) : got;
        let start = 0;
        for (let i = buf.indexOf(NEWLINE); i !== -1; i = buf.indexOf(NEWLINE, start)) {
          if (i > start) readLine(buf.toString('utf8', start, i), entry.info);
          start = i + 1;
        }
        entry.offset = pos - (buf.length - start);
        tail = buf.subarray(start);
      }
    } finally {
      await handle.close();
    }
  }

  private forgetAllBut(files: FoundFile[]): void {
    if (this.cache.size <= files.length) return;
    const keep = new Set(files.map((f) => f.path));
    for (const path of this.cache.keys()) if (!keep.has(path)) this.cache.delete(path);
  }
}
