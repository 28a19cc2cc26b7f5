import { describe, expect, it } from 'vitest';
import type { RequestSummary } from '../../../../shared/snapshot';
import {
  affinityText,
  attemptText,
  costText,
  duration,
  isErrorRequest,
  modelText,
  requestReport,
} from './format';

const failed = {
  time: Date.UTC(2026, 0, 2, 3, 4, 5),
  requestId: 'r1',
  service: 'codex',
  method: 'POST',
  path: '/v1/responses',
  status: 502,
  durationMs: 1234,
  ttfbMs: null,
  sessionId: null,
  model: 'gpt-5',
  mappedModel: 'gpt-5.4',
  station: 'main',
  upstream: null,
  usage: null,
  costUsd: null,
  attempts: [
    {
      upstream: 'relay-a/default',
      station: 'main',
      host: 'relay-a.example',
      status: null,
      error: 'connect',
      decision: 'failover',
      cooldownSecs: 30,
      durationMs: 12,
    },
  ],
  error: 'every upstream failed',
} as RequestSummary;

describe('request texts', () => {
  it('treats a 4xx/5xx or an error text as an error', () => {
    expect(isErrorRequest(failed)).toBe(true);
    expect(isErrorRequest({ status: 200, error: null })).toBe(false);
  });

  it('shows the model mapping with an arrow only when it changed the model', () => {
    expect(modelText(failed)).toBe('gpt-5 → gpt-5.4');
    expect(modelText({ model: 'gpt-5', mappedModel: 'gpt-5' })).toBe('gpt-5');
    expect(modelText({ model: null, mappedModel: null })).toBe('—');
  });

  it('formats durations in ms below a second and seconds above', () => {
    expect(duration(340)).toBe('340 ms');
    expect(duration(1234)).toBe('1.23 s');
    expect(duration(null)).toBe('—');
  });

  it('describes an attempt with its outcome, decision and cooldown', () => {
    expect(attemptText(failed.attempts[0]!)).toBe(
      'relay-a/default (relay-a.example) → connect: failover, cooled 30s, 12 ms',
    );
  });

  it('copies a report with the attempt chain and the error', () => {
    const text = requestReport(failed);
    expect(text).toContain('2026-01-02T03:04:05.000Z POST /v1/responses → 502');
    expect(text).toContain('attempt 1: relay-a/default');
    expect(text).toMatch(/error: every upstream failed$/);
  });

  it('says what a request cost, or that its model has no price', () => {
    expect(costText({ costUsd: 0.0049, model: 'gpt-5', mappedModel: null })).toBe('Cost $0.0049');
    expect(costText({ costUsd: null, model: 'gpt-5', mappedModel: 'my-model' })).toBe(
      'No price for my-model: cost not counted',
    );
  });
});

describe('affinity text', () => {
  it('says whether a conversation stayed on its relay, and why it moved', () => {
    expect(affinityText({})).toBeNull();
    expect(affinityText({ affinity: 'kept' })).toBe('kept on its relay');
    expect(affinityText({ affinity: 'new', affinityReason: null })).toBe('new conversation');
    expect(
      affinityText({ affinity: 'moved', affinityReason: 'bound upstream is cooling (12s left)' }),
    ).toBe('moved: bound upstream is cooling (12s left)');
  });
});
