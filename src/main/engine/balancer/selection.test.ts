// The wave-2 selection rules (docs/behaviour.md §2.7): key present, exhausted_fallback,
// return_to_preferred_secs, the rule a pick names, Go back to #1, Reset all, availability.
import { describe, expect, it } from 'vitest';
import type { BalancerPolicy } from '../types';
import { Balancer } from './index';
import { ManualClock } from '../../../../tests/fixtures/clock';
import { BACKUP, defaultPolicy, PRIMARY, view } from '../../../../tests/fixtures/balancer';

const THIRD = 'https://third.example';

function setup(policy: Partial<BalancerPolicy> = {}, env: Record<string, string> = {}) {
  const clock = new ManualClock();
  const lb = new Balancer({ clock, policy: { ...defaultPolicy, ...policy }, env });
  return { clock, lb };
}

describe('key present', () => {
  const st = view('s', [{ url: PRIMARY, tokenEnv: 'RELAY_A_KEY' }, BACKUP]);

  it('never picks an upstream whose key variable is unset, and says why', () => {
    const { lb } = setup();
    expect(lb.choose(st, { strict: true })).toEqual({ index: 1, rule: 'in-order' });
    expect(lb.explain(st).skipped).toEqual([
      { index: 0, reason: 'key-missing', detail: 'RELAY_A_KEY is not set', until: null },
    ]);
  });

  it('picks it once the variable is set', () => {
    const { lb } = setup({}, { RELAY_A_KEY: 'sk-a' });
    expect(lb.select(st, { strict: true })).toBe(0);
  });

  it('does not pick it by the last-resort steps either, nor as last good', () => {
    const { lb } = setup();
    const only = view('s', [{ url: PRIMARY, tokenEnv: 'RELAY_A_KEY' }]);
    expect(lb.select(only)).toBeNull();
    lb.prefer(only, 0);
    expect(lb.select(only, { strict: true })).toBeNull();
    const two = view('t', [{ url: PRIMARY, tokenEnv: 'RELAY_A_KEY' }, BACKUP]);
    lb.penalize(two, 1, 30, 'x');
    // Non-strict: the cooling upstream rather than the one without a key.
    expect(lb.select(two)).toBe(1);
  });

  it('counts an inline token as the key even when the variable is unset', () => {
    const { lb } = setup();
    const auth: Record<string, string> = {
      auth_token: 'sk-inline',
      auth_token_env: 'UNSET',
      api_key_env: 'ALSO_UNSET',
    };
    const st2 = {
      ...view('s', [PRIMARY]),
      upstreams: [{ base_url: PRIMARY, tags: {}, enabled: true, auth }],
    };
    expect(lb.explain(st2).skipped).toEqual([
      { index: 0, reason: 'key-missing', detail: 'ALSO_UNSET is not set', until: null },
    ]);
    delete auth['api_key_env'];
    expect(lb.select({ ...st2, upstreams: [...st2.upstreams] }, { strict: true })).toBe(0);
  });
});

describe('exhausted_fallback', () => {
  const st = view('s', [PRIMARY, BACKUP]);

  it('uses an exhausted upstream as the last resort by default (the reference rule)', () => {
    const { lb } = setup();
    lb.setExhausted(st, 0, true);
    lb.setExhausted(st, 1, true);
    expect(lb.choose(st, { strict: true })).toEqual({ index: 0, rule: 'exhausted-fallback' });
  });

  it('never picks an exhausted upstream when false, not even non-strict', () => {
    const { lb } = setup({ exhaustedFallback: false });
    lb.setExhausted(st, 0, true);
    expect(lb.select(st, { strict: true })).toBe(1);
    lb.setExhausted(st, 1, true);
    expect(lb.select(st, { strict: true })).toBeNull();
    expect(lb.select(st)).toBeNull();
    expect(lb.explain(st)).toMatchObject({ index: null, rule: null });
  });
});

describe('return_to_preferred_secs', () => {
  const st = view('s', [PRIMARY, BACKUP, THIRD]);

  function failedOver(secs: number) {
    const s = setup({ returnToPreferredSecs: secs });
    s.lb.penalize(st, 0, 30, 'down');
    s.lb.recordResult(st, 1, true);
    return s;
  }

  it("stays on the last good when 0 (today's behaviour)", () => {
    const { lb, clock } = failedOver(0);
    clock.advance(3_600_000);
    expect(lb.choose(st, { strict: true })).toEqual({ index: 1, rule: 'sticky' });
  });

  it('tries the first selectable upstream again once the wait has passed', () => {
    const { lb, clock } = failedOver(120);
    clock.advance(60_000);
    // The cooldown is over but the wait is not: still sticky.
    expect(lb.choose(st, { strict: true })).toEqual({ index: 1, rule: 'sticky' });
    clock.advance(60_000);
    expect(lb.choose(st, { strict: true })).toEqual({ index: 0, rule: 'return-to-preferred' });
    expect(lb.explain(st).rule).toBe('return-to-preferred');
    lb.recordResult(st, 0, true);
    expect(lb.choose(st, { strict: true })).toEqual({ index: 0, rule: 'sticky' });
  });

  it('restarts the wait when the try fails, and fails over to the last good', () => {
    const { lb, clock } = failedOver(120);
    clock.advance(120_000);
    expect(lb.select(st, { strict: true })).toBe(0);
    lb.recordResult(st, 0, false);
    expect(lb.choose(st, { strict: true, avoid: new Set([0]) })).toEqual({
      index: 1,
      rule: 'sticky',
    });
    clock.advance(119_000);
    expect(lb.choose(st, { strict: true })).toEqual({ index: 1, rule: 'sticky' });
    clock.advance(1_000);
    expect(lb.choose(st, { strict: true })).toEqual({ index: 0, rule: 'return-to-preferred' });
  });

  it('does not apply to a session that has its upstream', () => {
    const { lb, clock } = failedOver(120);
    const route = lb.route('codex', 'sess-1')!;
    lb.bind(route, st, 1);
    clock.advance(600_000);
    expect(lb.choose(st, { strict: true, session: lb.route('codex', 'sess-1') })).toEqual({
      index: 1,
      rule: 'session',
    });
    expect(lb.choose(st, { strict: true, session: lb.route('codex', 'new') })).toEqual({
      index: 0,
      rule: 'return-to-preferred',
    });
  });
});

describe('Go back to #1 and Reset all', () => {
  it('preferUpstream makes the given upstream the last good', () => {
    const { lb } = setup();
    const st = view('s', [PRIMARY, BACKUP]);
    lb.penalize(st, 0, 1, 'x');
    lb.recordResult(st, 1, true);
    lb.prefer(st, 0);
    expect(lb.state(st).lastGoodIndex).toBe(0);
  });

  it('resetAll clears counts, cooldowns and streaks on every station but keeps exhaustion', () => {
    const { lb } = setup();
    const a = view('a', [PRIMARY, BACKUP]);
    const b = view('b', [THIRD]);
    lb.penalize(a, 0, 30, 'x');
    lb.recordResult(a, 1, false);
    lb.setExhausted(a, 1, true, 'quota');
    lb.penalize(b, 0, 30, 'x');
    lb.resetAll([a, b]);
    expect(lb.state(a)).toMatchObject({
      failureCounts: [0, 0],
      cooldownUntil: [null, null],
      penaltyStreak: [0, 0],
      usageExhausted: [false, true],
    });
    expect(lb.state(b).cooldownUntil).toEqual([null]);
  });
});

describe('availability over a try order', () => {
  it('is available while anything is selectable', () => {
    const { lb } = setup();
    const a = view('a', [PRIMARY]);
    const b = view('b', [BACKUP]);
    lb.penalize(a, 0, 30, 'x');
    expect(lb.availability([a, b])).toMatchObject({ available: true, availableAgainAt: null });
  });

  it('names the first cooldown end that frees an upstream when everything is cooling', () => {
    const { lb, clock } = setup();
    const a = view('a', [PRIMARY, BACKUP]);
    const b = view('b', [THIRD]);
    lb.penalize(a, 0, 90, 'x');
    lb.penalize(a, 1, 60, 'x');
    lb.penalize(b, 0, 45, 'x');
    expect(lb.availability([a, b])).toMatchObject({
      available: false,
      availableAgainAt: clock.now() + 45_000,
    });
  });

  it('ignores cooldowns that would not free anything, and lists the reasons', () => {
    const { lb, clock } = setup({ exhaustedFallback: false });
    const a = view('a', [
      { url: PRIMARY, tokenEnv: 'RELAY_A_KEY' },
      { url: BACKUP, enabled: false },
      THIRD,
    ]);
    lb.penalize(a, 0, 10, 'x');
    lb.setExhausted(a, 2, true, 'quota');
    lb.penalize(a, 2, 20, 'x');
    const blocked = lb.availability([a], { withReasons: true });
    expect(blocked).toMatchObject({ available: false, availableAgainAt: null });
    expect(blocked.reasons).toEqual([
      'a#0/0 in station "a": key missing (RELAY_A_KEY is not set)',
      'a#1/1 in station "a": disabled',
      'a#2/2 in station "a": exhausted (quota)',
    ]);
    lb.setExhausted(a, 2, false);
    expect(lb.availability([a]).availableAgainAt).toBe(clock.now() + 20_000);
  });
});
