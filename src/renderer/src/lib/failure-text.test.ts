import { describe, expect, it } from 'vitest';
import { failureText } from './failure-text';

describe('failure text', () => {
  it("reads a relay's JSON error as one sentence and keeps the raw body for details", () => {
    const raw = 'status 500: {"error":{"type":"server_error","message":"relay is down"}}';
    expect(failureText(500, raw)).toEqual({ sentence: 'HTTP 500 — relay is down', raw });
  });

  it("drops the proxy's error type and upstream ids from the sentence, keeping them in the raw text", () => {
    const raw =
      'codex-helper-desktop upstream_unavailable: all 1 upstream tried failed (relay-a/default: 500 relay is down, cooling 30s)';
    expect(failureText(500, raw)).toEqual({
      sentence: 'HTTP 500 — all 1 upstream tried failed',
      raw,
    });
    expect(
      failureText(
        429,
        'codex-helper-desktop all_upstreams_cooling: no upstream can take the request (1 cooling down, 3 disabled); retry in 30s',
      ).sentence,
    ).toBe(
      'HTTP 429 — no upstream can take the request (1 cooling down, 3 disabled); retry in 30s',
    );
  });

  it('names a transport failure in words', () => {
    expect(failureText(null, 'connect: ECONNREFUSED 127.0.0.1:9').sentence).toBe(
      'could not connect',
    );
  });

  it('shortens a long plain-text body and shows just the status when there is no body', () => {
    expect(failureText(502, 'x'.repeat(300)).sentence).toHaveLength('HTTP 502 — '.length + 160);
    expect(failureText(503, null)).toEqual({ sentence: 'HTTP 503', raw: null });
  });
});
