import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../types';
import { isoTime, requestLine } from './line';
import { successAttempt } from '../../../../tests/fixtures/records';

/** What the log wrote before the hand-written line: JSON.stringify of the fields, in order. */
function reference(r: RequestRecord): string {
  return (
    JSON.stringify({
      time: new Date(r.time).toISOString(),
      requestId: r.requestId,
      service: r.service,
      method: r.method,
      path: r.path,
      status: r.status,
      durationMs: r.durationMs,
      ttfbMs: r.ttfbMs,
      sessionId: r.sessionId,
      model: r.model,
      mappedModel: r.mappedModel,
      station: r.station,
      upstream: r.upstream,
      usage: r.usage,
      costUsd: r.costUsd,
      attempts: r.attempts,
      error: r.error,
      ...(r.affinity ? { affinity: r.affinity, affinityReason: r.affinityReason ?? null } : {}),
    }) + '\n'
  );
}

const base: RequestRecord = {
  time: 1_764_520_692_007,
  requestId: '5b0c7a4e-2f51-4c77-9d0e-5b8f2f7e9d11',
  service: 'codex',
  method: 'POST',
  path: '/v1/responses',
  status: 200,
  durationMs: 12.5,
  ttfbMs: 3,
  sessionId: 'sess-1',
  model: 'gpt-5',
  mappedModel: null,
  station: 'main',
  upstream: { id: 'relay-a/default', host: 'relay-a.example' },
  usage: {
    inputTokens: 1200,
    outputTokens: 300,
    totalTokens: 1500,
    reasoningTokens: 0,
    cachedInputTokens: 200,
    cacheCreationTokens: 0,
  },
  costUsd: 0.004275,
  attempts: [successAttempt()],
  error: null,
};

describe('the request-log line', () => {
  const cases: [string, RequestRecord][] = [
    ['a plain success', base],
    [
      'a failover with errors that need escaping',
      {
        ...base,
        status: 502,
        upstream: null,
        usage: null,
        costUsd: null,
        ttfbMs: null,
        sessionId: null,
        model: null,
        error: 'relay said "no"\n\tand \u0001 \u2028 \ud800 中文',
        attempts: [
          {
            ...base.attempts[0]!,
            status: null,
            error: 'connect: refused',
            decision: 'failover',
            cooldownSecs: 30,
          },
          {
            ...base.attempts[0]!,
            upstream: 'b',
            status: 429,
            error: '\\"quoted\\"',
            decision: 'returned',
          },
        ],
      },
    ],
    ['no attempts', { ...base, attempts: [] }],
    [
      'numbers JSON cannot hold',
      { ...base, durationMs: Number.NaN, costUsd: Number.POSITIVE_INFINITY, ttfbMs: -0 },
    ],
    ['a session kept on its upstream', { ...base, affinity: 'kept', affinityReason: undefined }],
    ['a session moved', { ...base, affinity: 'moved', affinityReason: 'relay-a cooling down' }],
    ['a mapped model', { ...base, mappedModel: 'gpt-5.4' }],
    [
      'names that need escaping',
      {
        ...base,
        station: 'ma"in',
        model: 'gpt\u2028\ud800',
        path: '/v1/\\x',
        upstream: { id: 'a\\b/default', host: 'h\u0001' },
        attempts: [{ ...base.attempts[0]!, station: 'ma"in', upstream: 'a\\b/default' }],
      },
    ],
  ];
  for (const [name, r] of cases) {
    it(`is what JSON.stringify wrote for ${name}`, () => {
      const line = requestLine(r);
      expect(line).toBe(reference(r));
      // The second time its names come from the quoting cache.
      expect(requestLine(r)).toBe(line);
      expect(JSON.parse(line)).toEqual(JSON.parse(reference(r)));
    });
  }

  it('writes the same ISO time as Date for every millisecond around second and day boundaries', () => {
    const starts = [0, 999, 1_764_547_199_990, 1_764_520_692_000, 951_782_399_995, -1_500];
    for (const start of starts) {
      for (let ms = start; ms < start + 25; ms++) {
        expect(isoTime(ms)).toBe(new Date(ms).toISOString());
      }
    }
    // Going back in time (a clock set back) must not reuse the later second's prefix.
    expect(isoTime(1_764_520_692_500)).toBe(new Date(1_764_520_692_500).toISOString());
    expect(isoTime(1_764_520_601_001)).toBe(new Date(1_764_520_601_001).toISOString());
    expect(isoTime(12.75)).toBe(new Date(12.75).toISOString());
  });
});
