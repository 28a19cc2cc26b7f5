import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { forEachLoggedSince } from './read';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const line = (id: string, iso: string) => `${JSON.stringify({ requestId: id, time: iso })}\n`;

describe('reading the request log back', () => {
  it('visits newest first across rotated files and stops at the first line before `since`', async () => {
    dir = mkdtempSync(join(tmpdir(), 'chd-read-'));
    writeFileSync(
      join(dir, 'requests.1.jsonl'),
      line('old', '2026-10-31T23:00:00.000Z') + line('b', '2026-11-02T00:00:00.000Z'),
    );
    writeFileSync(
      join(dir, 'requests.jsonl'),
      line('c', '2026-11-03T00:00:00.000Z') + 'not json\n' + line('d', '2026-11-04T00:00:00.000Z'),
    );
    const seen: string[] = [];
    await forEachLoggedSince(dir, Date.parse('2026-11-01T00:00:00.000Z'), (l) =>
      seen.push(String(l.requestId)),
    );
    expect(seen).toEqual(['d', 'c', 'b']);
  });

  it('stops when cancelled and finds nothing in a folder without a log', async () => {
    dir = mkdtempSync(join(tmpdir(), 'chd-read-'));
    const seen: unknown[] = [];
    await forEachLoggedSince(dir, 0, (l) => seen.push(l));
    expect(seen).toEqual([]);
    writeFileSync(join(dir, 'requests.jsonl'), line('a', '2026-11-03T00:00:00.000Z').repeat(5));
    await forEachLoggedSince(dir, 0, (l) => seen.push(l), { cancelled: () => seen.length >= 2 });
    expect(seen).toHaveLength(2);
  });
});
