import { describe, expect, it } from 'vitest';
import type { RequestSummary } from '../../shared/snapshot';
import { Activity } from './activity';

const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);

function request(n: number, over: Partial<RequestSummary> = {}): RequestSummary {
  return {
    time: T0 + n,
    requestId: `r${n}`,
    service: 'codex',
    method: 'POST',
    path: '/v1/responses',
    status: 200,
    durationMs: 10,
    ttfbMs: 5,
    sessionId: null,
    model: 'gpt-5',
    mappedModel: null,
    station: 'main',
    upstream: { id: 'a/default', host: 'a.example' },
    usage: null,
    costUsd: null,
    attempts: [
      {
        upstream: 'a/default',
        station: 'main',
        host: 'a.example',
        status: 200,
        error: null,
        decision: 'success',
        cooldownSecs: null,
        durationMs: 10,
      },
    ],
    error: null,
    ...over,
  };
}

describe('activity', () => {
  it('keeps the last 200 requests, oldest first, and never changes a list it handed out', () => {
    const a = new Activity();
    for (let i = 0; i < 10; i++) a.record(request(i));
    const early = a.recentRequests();
    for (let i = 10; i < 250; i++) a.record(request(i));
    expect(early).toHaveLength(10);
    const recent = a.recentRequests();
    expect(recent).toHaveLength(200);
    expect(recent[0]?.requestId).toBe('r50');
    expect(recent.at(-1)?.requestId).toBe('r249');
  });

  it('counts a retried upstream once per request and does not blame it for a returned client error', () => {
    const a = new Activity();
    const retry = {
      upstream: 'a/default',
      station: 'main',
      host: 'a.example',
      error: 'x',
      cooldownSecs: null,
      durationMs: 3,
    } as const;
    a.record(
      request(1, {
        attempts: [
          { ...retry, status: 500, decision: 'retry-same' },
          { ...retry, status: 200, decision: 'success' },
        ],
      }),
    );
    a.record(
      request(2, { status: 400, attempts: [{ ...retry, status: 400, decision: 'returned' }] }),
    );
    expect(a.statsOf('codex', 'main', 'a/default')).toEqual({
      requests: 2,
      failures: 0,
      lastStatus: 400,
      lastLatencyMs: 3,
    });
  });

  it('counts failovers over the last hour', () => {
    const a = new Activity();
    const usage = {
      inputTokens: 1,
      outputTokens: 2,
      totalTokens: 3,
      reasoningTokens: 0,
      cachedInputTokens: 0,
      cacheCreationTokens: 0,
    };
    a.record(request(1, { usage }));
    a.record(
      request(2, {
        usage,
        attempts: [
          {
            upstream: 'b/default',
            station: 'main',
            host: 'b',
            status: 502,
            error: 'x',
            decision: 'failover',
            cooldownSecs: 30,
            durationMs: 1,
          },
          {
            upstream: 'a/default',
            station: 'main',
            host: 'a',
            status: 200,
            error: null,
            decision: 'success',
            cooldownSecs: null,
            durationMs: 1,
          },
        ],
      }),
    );
    const m = a.metrics(T0 + 1000);
    expect(m.lastHour).toEqual({ requests: 2, successes: 2, failovers: 1 });
    expect(a.metrics(T0 + 2 * 3_600_000).lastHour.requests).toBe(0);
  });

  it('keeps the newest 50 000 hour entries and counts them all once the burst is over', () => {
    const a = new Activity();
    const failed = request(0, { status: 502 });
    for (let i = 0; i < 100_010; i++) a.record(i < 10 ? failed : request(i));
    const m = a.metrics(T0 + 200_000);
    expect(m.lastHour.requests).toBe(50_000);
    // The ten failures were the oldest: gone with the overflow.
    expect(m.lastHour.successes).toBe(50_000);
    a.record(request(200_001));
    expect(a.metrics(T0 + 200_002).lastHour.requests).toBe(50_000);
  });
});
