// Per-conversation use from the request log (docs/behaviour.md §10): read back once, then live.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../types';
import { SessionUsage } from './usage';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'chd-usage-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function record(requestId: string, sessionId: string | null): RequestRecord {
  return {
    time: 1_800_000_000_000,
    requestId,
    service: 'codex',
    method: 'POST',
    path: '/v1/responses',
    status: 200,
    durationMs: 1,
    ttfbMs: 1,
    sessionId,
    model: 'm',
    mappedModel: null,
    station: 'main',
    upstream: { id: 'relay-a/default', host: 'relay-a.example' },
    usage: {
      inputTokens: 5,
      outputTokens: 5,
      totalTokens: 10,
      reasoningTokens: 0,
      cachedInputTokens: 0,
      cacheCreationTokens: 0,
    },
    costUsd: 0.5,
    attempts: [],
    error: null,
  };
}

const line = (r: RequestRecord) => JSON.stringify({ ...r, time: new Date(r.time).toISOString() });

describe('SessionUsage', () => {
  it('counts each request once: logged before the first load, or live after it', async () => {
    const queued: RequestRecord[] = [];
    const usage = new SessionUsage({
      logsDir: dir,
      keep: 2,
      // The engine's queue: lines written when the load asks.
      flushLog: async () => {
        writeFileSync(join(dir, 'requests.jsonl'), queued.map(line).join('\n') + '\n');
      },
    });
    const early = record('r1', 's1');
    queued.push(early);
    usage.record(early); // before the first load: the log has it
    await usage.load();
    usage.record(record('r2', 's1'));
    usage.record(record('r3', null));
    const use = usage.of('codex', 's1')!;
    expect(use.requests).toBe(2);
    expect(use.tokens).toBe(20);
    expect(use.costUsd).toBe(1);
    expect([...use.upstreams.values()]).toEqual([
      { station: 'main', id: 'relay-a/default', host: 'relay-a.example', requests: 2 },
    ]);
    expect(usage.of('claude', 's1')).toBeNull();
  });
});
