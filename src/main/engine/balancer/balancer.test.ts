// NEW behaviours beyond the reference (docs/behaviour.md §2.3, §2.4, §2.6).
import { describe, expect, it } from 'vitest';
import { Balancer, stationKey } from './index';
import { ManualClock } from '../../../../tests/fixtures/clock';
import { BACKUP, defaultPolicy, PRIMARY, view } from '../../../../tests/fixtures/balancer';
import type { BalancerPolicy, Logger } from '../types';

const THIRD = 'https://third.example';

function setup(policy: BalancerPolicy = defaultPolicy, logger?: Logger) {
  const clock = new ManualClock();
  return { clock, lb: new Balancer({ clock, policy, ...(logger ? { logger } : {}) }) };
}

describe('balancer selection and recording', () => {
  it('returns null in strict mode and index 0 otherwise when avoid covers every upstream', () => {
    const { lb } = setup();
    const st = view('s', [PRIMARY, BACKUP]);
    const avoid = new Set([0, 1]);
    expect(lb.select(st, { avoid, strict: true })).toBeNull();
    expect(lb.select(st, { avoid })).toBe(0);
  });

  it('returns null for a station without upstreams', () => {
    expect(setup().lb.select(view('s', []))).toBeNull();
  });

  it('ignores out-of-range indices in record, penalize, setExhausted and reset', () => {
    const { lb } = setup();
    const st = view('s', [PRIMARY]);
    const before = lb.state(st);
    let changes = 0;
    lb.onChange(() => changes++);
    for (const i of [1, -1, 0.5, 99]) {
      lb.recordResult(st, i, false);
      lb.recordResult(st, i, true);
      lb.penalize(st, i, 30, 'x');
      lb.setExhausted(st, i, true);
      lb.reset(st, i);
    }
    expect(lb.state(st)).toEqual(before);
    expect(changes).toBe(0);
  });

  it('only extends a cooldown on record, never shortens a longer penalty', () => {
    const { lb, clock } = setup();
    const st = view('s', [PRIMARY, BACKUP]);
    lb.penalize(st, 0, 600, 'retry-after');
    const long = lb.state(st).cooldownUntil[0];
    expect(long).toBe(clock.now() + 600_000);
    lb.recordResult(st, 0, false);
    expect(lb.state(st).cooldownUntil[0]).toBe(long);
  });

  it('honours a configurable failure threshold', () => {
    const { lb } = setup({ ...defaultPolicy, failureThreshold: 5 });
    const st = view('s', [PRIMARY, BACKUP]);
    for (let i = 0; i < 4; i++) lb.recordResult(st, 0, false);
    expect(lb.select(st)).toBe(0);
    expect(lb.state(st).cooldownUntil[0]).toBeNull();
    lb.recordResult(st, 0, false);
    expect(lb.select(st)).toBe(1);
    lb.penalize(st, 1, 10, 'x');
    expect(lb.state(st).failureCounts[1]).toBe(5);
  });

  it('gives a cooldown to upstreams a lowered threshold now blocks', () => {
    const { lb, clock } = setup({ ...defaultPolicy, failureThreshold: 5 });
    const st = view('s', [PRIMARY, BACKUP]);
    for (let i = 0; i < 3; i++) lb.recordResult(st, 0, false);
    lb.recordResult(st, 1, false);
    expect(lb.state(st).cooldownUntil).toEqual([null, null]);
    let changes = 0;
    lb.onChange(() => changes++);
    lb.setPolicy({ ...defaultPolicy, failureThreshold: 3, failureCooldownSecs: 0 });
    expect(lb.state(st).cooldownUntil).toEqual([clock.now() + 30_000, null]);
    expect(changes).toBe(1);
    clock.advance(31_000);
    expect(lb.select(st)).toBe(0);
  });

  it('leaves existing cooldowns alone when the threshold changes', () => {
    const { lb, clock } = setup();
    const st = view('s', [PRIMARY]);
    lb.penalize(st, 0, 600, 'x');
    lb.setPolicy({ ...defaultPolicy, failureThreshold: 2 });
    expect(lb.state(st).cooldownUntil[0]).toBe(clock.now() + 600_000);
  });

  it('never selects a disabled upstream, even as the last resort', () => {
    const { lb } = setup();
    const st = view('s', [{ url: PRIMARY, enabled: false }, BACKUP, THIRD]);
    expect(lb.select(st)).toBe(1);
    lb.recordResult(st, 0, true);
    expect(lb.select(st)).toBe(1);
    for (let i = 0; i < 3; i++) {
      lb.recordResult(st, 1, false);
      lb.recordResult(st, 2, false);
    }
    expect(lb.select(st, { strict: true })).toBeNull();
    expect(lb.select(st)).toBe(1);
    expect(lb.select(st, { avoid: new Set([1]) })).toBe(2);
    expect(lb.select(st, { avoid: new Set([1, 2]) })).toBe(1);
  });

  it('selects nothing when every upstream is disabled', () => {
    const { lb } = setup();
    const st = view('s', [
      { url: PRIMARY, enabled: false },
      { url: BACKUP, enabled: false },
    ]);
    expect(lb.select(st)).toBeNull();
    expect(lb.select(st, { strict: true })).toBeNull();
  });

  it('clears exhaustion and its reason on success', () => {
    const { lb } = setup();
    const st = view('s', [PRIMARY]);
    lb.setExhausted(st, 0, true, 'quota used up');
    expect(lb.state(st).exhaustedReason).toEqual(['quota used up']);
    lb.recordResult(st, 0, true);
    expect(lb.state(st).usageExhausted).toEqual([false]);
    expect(lb.state(st).exhaustedReason).toEqual([null]);
  });

  it('keeps an exhaustion set by a balance poll through a success (only a poll lifts it)', () => {
    const { lb } = setup();
    const st = view('s', [PRIMARY, BACKUP]);
    lb.setExhausted(st, 0, true, 'balance 0.4 USD is at or below the threshold 0.5 USD', 'balance');
    let changes = 0;
    lb.onChange(() => changes++);
    lb.recordResult(st, 0, true);
    expect(lb.state(st)).toMatchObject({ usageExhausted: [true, false], lastGoodIndex: 0 });
    expect(lb.exhaustedBy(st, 0)).toBe('balance');
    // A second success changes nothing and says nothing.
    lb.recordResult(st, 0, true);
    expect(changes).toBe(1);
  });

  it('resets count, cooldown and streak but keeps exhaustion', () => {
    const { lb } = setup();
    const st = view('s', [PRIMARY]);
    lb.setExhausted(st, 0, true);
    lb.penalize(st, 0, 30, 'x');
    lb.reset(st, 0);
    expect(lb.state(st)).toMatchObject({
      failureCounts: [0],
      cooldownUntil: [null],
      penaltyStreak: [0],
      usageExhausted: [true],
    });
  });

  it('logs the penalty reason', () => {
    const lines: string[] = [];
    const logger: Logger = { info: (m) => lines.push(m), warn() {}, error() {} };
    const { lb } = setup(defaultPolicy, logger);
    lb.penalize(view('s', [PRIMARY]), 0, 30, 'connect refused');
    expect(lines.join('\n')).toContain('connect refused');
  });

  it('reports the earliest future cooldown end', () => {
    const { lb, clock } = setup();
    const st = view('s', [PRIMARY, BACKUP, THIRD]);
    expect(lb.earliestCooldownEnd(st)).toBeNull();
    lb.penalize(st, 0, 60, 'x');
    lb.penalize(st, 2, 20, 'x');
    expect(lb.earliestCooldownEnd(st)).toBe(clock.now() + 20_000);
    clock.advance(30_000);
    expect(lb.earliestCooldownEnd(st)).toBe(clock.now() + 30_000);
  });
});

describe('balancer station bookkeeping and persistence', () => {
  it('carries state to the new name when a station is renamed', () => {
    const { lb } = setup();
    const tagged = { url: BACKUP, p: 'b', e: 'x' };
    const old = view('old', [PRIMARY, tagged]);
    lb.recordResult(old, 0, false);
    lb.setExhausted(old, 1, true, 'quota');
    lb.recordResult(old, 1, false);
    lb.renameStation('codex', 'old', 'new');
    const s = lb.state(view('new', [PRIMARY, tagged]));
    expect(s.failureCounts).toEqual([1, 1]);
    expect(s.usageExhausted).toEqual([false, true]);
    expect(Object.keys(lb.toJSON().stations)).toEqual(['codex/new']);
  });

  it('removes and retains stations by key', () => {
    const { lb } = setup();
    lb.recordResult(view('a', [PRIMARY]), 0, false);
    lb.recordResult(view('b', [PRIMARY]), 0, false);
    lb.recordResult(view('c', [PRIMARY], 'claude'), 0, false);
    lb.removeStation('codex', 'a');
    lb.retainStations(new Set([stationKey('claude', 'c')]));
    expect(Object.keys(lb.toJSON().stations)).toEqual(['claude/c']);
  });

  it('fires onChange after mutations, cooldown expiry and migration, and stops after unsubscribe', () => {
    const { lb, clock } = setup();
    const st = view('s', [PRIMARY, BACKUP]);
    lb.state(st);
    let changes = 0;
    const off = lb.onChange(() => changes++);
    lb.select(st);
    expect(changes).toBe(0);
    lb.penalize(st, 0, 10, 'x');
    expect(changes).toBe(1);
    clock.advance(11_000);
    lb.select(st);
    expect(changes).toBe(2);
    lb.state(view('s', [BACKUP, PRIMARY]));
    expect(changes).toBe(3);
    off();
    lb.recordResult(st, 0, true);
    expect(changes).toBe(3);
  });

  it('stays silent when a success changes nothing (the hot path of every request)', () => {
    const { lb } = setup();
    const st = view('s', [PRIMARY, BACKUP]);
    lb.recordResult(st, 0, true);
    let changes = 0;
    lb.onChange(() => changes++);
    lb.recordResult(st, 0, true);
    expect(changes).toBe(0);
    lb.recordResult(st, 1, true);
    expect(changes).toBe(1);
    expect(lb.state(st).lastGoodIndex).toBe(1);
  });

  it('round-trips through toJSON/restore and migrates the restored state on next access', () => {
    const { lb, clock } = setup();
    const a = { url: PRIMARY, p: 'p', e: 'x' };
    const b = { url: BACKUP, p: 'b', e: 'x' };
    lb.penalize(view('s', [a, b]), 0, 60, 'x');
    lb.recordResult(view('s', [a, b]), 1, true);
    const saved = JSON.parse(JSON.stringify(lb.toJSON())) as ReturnType<Balancer['toJSON']>;

    const other = new Balancer({ clock, policy: defaultPolicy });
    other.restore(saved);
    expect(other.toJSON()).toEqual(saved);
    const s = other.state(view('s', [b, a]));
    expect(s.failureCounts).toEqual([0, 3]);
    expect(s.cooldownUntil).toEqual([null, clock.now() + 60_000]);
    expect(s.lastGoodIndex).toBe(0);
    expect(other.select(view('s', [b, a]))).toBe(0);
  });

  it('brings a restored cooldown of 1e308 and a huge Retry-After within seven days', () => {
    const { lb, clock } = setup();
    const a = { url: PRIMARY, p: 'p', e: 'x' };
    lb.penalize(view('s', [a]), 0, 1e12, 'relay said retry-after 1e12');
    const week = clock.now() + 7 * 24 * 3600 * 1000;
    expect(lb.state(view('s', [a])).cooldownUntil).toEqual([week]);
    const saved = JSON.parse(JSON.stringify(lb.toJSON())) as ReturnType<Balancer['toJSON']>;
    for (const st of Object.values(saved.stations)) st.cooldownUntil = [1e308];
    const other = new Balancer({ clock, policy: defaultPolicy });
    other.restore(saved);
    expect(other.state(view('s', [a])).cooldownUntil).toEqual([week]);
  });
});
