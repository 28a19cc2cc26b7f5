import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../types';
import { RequestLog } from './index';
import { logFiles, readRequests } from './pages';
import { successAttempt } from '../../../../tests/fixtures/records';

function record(i: number): RequestRecord {
  return {
    time: 1_700_000_000_000 + i * 1000,
    requestId: `req-${i}`,
    service: 'claude',
    method: 'POST',
    path: '/v1/messages',
    status: i % 7 === 0 ? 502 : 200,
    durationMs: 12,
    ttfbMs: 3,
    sessionId: 's1',
    // Multi-byte text, so lines cross the reader's chunk boundaries mid-character somewhere.
    model: `模型-${'x'.repeat(i % 50)}`,
    mappedModel: null,
    station: 'main',
    upstream: { id: 'relay-a/default', host: 'relay-a.example' },
    usage: {
      inputTokens: 10,
      outputTokens: i,
      totalTokens: 10 + i,
      cachedInputTokens: 0,
      reasoningTokens: 0,
      cacheCreationTokens: 0,
    },
    attempts: [successAttempt()],
    error: null,
    costUsd: null,
  } as RequestRecord;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function writtenLog(count: number, maxBytes?: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'reqlog-read-'));
  dirs.push(dir);
  const log = new RequestLog({ dir, ...(maxBytes ? { maxBytes } : {}) });
  for (let i = 1; i <= count; i++) log.append(record(i));
  await log.close();
  return dir;
}

describe('reading the request log back in pages', () => {
  it('gives the newest requests first and says whether older ones remain', async () => {
    const dir = await writtenLog(30);
    const page = await readRequests(logFiles(dir, 10), undefined, 10);
    expect(page.requests.map((r) => r.requestId)).toEqual(
      Array.from({ length: 10 }, (_, k) => `req-${30 - k}`),
    );
    expect(page.more).toBe(true);
    const r = page.requests[0]!;
    expect(r.time).toBe(record(30).time);
    expect(r.model).toBe(record(30).model);
    expect(r.attempts[0]?.host).toBe('relay-a.example');
  });

  it('pages through every request exactly once, across chunk boundaries and rotated files', async () => {
    // ~500-byte lines rotated at 150 KB: two or more files, each read in several 64 KB chunks
    // that cut lines (and multi-byte characters) wherever they fall.
    const dir = await writtenLog(600, 150_000);
    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await readRequests(logFiles(dir, 10), before, 77);
      seen.push(...page.requests.map((r) => r.requestId));
      if (!page.more) break;
      before = page.requests.at(-1)?.requestId;
    }
    expect(seen).toEqual(Array.from({ length: 600 }, (_, k) => `req-${600 - k}`));
  });

  it('skips a line that is not a request instead of failing the page', async () => {
    const dir = await writtenLog(3);
    appendFileSync(join(dir, 'requests.jsonl'), 'not json\n{"no":"id"}\n');
    const page = await readRequests(logFiles(dir, 10), undefined, 10);
    expect(page.requests.map((r) => r.requestId)).toEqual(['req-3', 'req-2', 'req-1']);
    expect(page.more).toBe(false);
  });

  it('gives an empty page for an id that is not in the log, and for a log not yet written', async () => {
    const dir = await writtenLog(3);
    expect(await readRequests(logFiles(dir, 10), 'req-gone', 10)).toEqual({
      requests: [],
      more: false,
    });
    expect(await readRequests(logFiles(join(dir, 'none'), 10), undefined, 10)).toEqual({
      requests: [],
      more: false,
    });
  });
});
