// The reference implementation's ten tests, restated (docs/behaviour.md §2.5).
import { describe, expect, it } from 'vitest';
import { Balancer, stationKey } from './index';
import { ManualClock } from '../../../../tests/fixtures/clock';
import {
  BACKUP,
  defaultPolicy,
  persisted,
  PRIMARY,
  view,
} from '../../../../tests/fixtures/balancer';
import type { PersistedBalancerState } from '../types';

function setup(policy = defaultPolicy) {
  const clock = new ManualClock();
  return { clock, lb: new Balancer({ clock, policy }) };
}

const tagged = (order: 'pb' | 'bp') =>
  view(
    'routing',
    order === 'pb'
      ? [
          { url: PRIMARY, p: 'primary', e: 'default' },
          { url: BACKUP, p: 'backup', e: 'default' },
        ]
      : [
          { url: BACKUP, p: 'backup', e: 'default' },
          { url: PRIMARY, p: 'primary', e: 'default' },
        ],
  );

describe('balancer: reference behaviours', () => {
  it('picks index 0 first and moves to 1 once 0 is marked exhausted', () => {
    const { lb } = setup();
    const st = view('codex-main', [PRIMARY, BACKUP]);
    expect(lb.select(st)).toBe(0);
    lb.setExhausted(st, 0, true);
    expect(lb.select(st)).toBe(1);
  });

  it('still returns 0 in non-strict mode when every upstream is exhausted', () => {
    const { lb } = setup();
    const st = view('codex-main', [PRIMARY, BACKUP]);
    lb.setExhausted(st, 0, true);
    lb.setExhausted(st, 1, true);
    expect(lb.select(st)).toBe(0);
  });

  it('returns 0 in strict mode too when every upstream is exhausted, since pass 2 ignores exhaustion', () => {
    const { lb } = setup();
    const st = view('codex-main', [PRIMARY, BACKUP]);
    lb.setExhausted(st, 0, true);
    lb.setExhausted(st, 1, true);
    expect(lb.select(st, { strict: true })).toBe(0);
  });

  it('resets counts and last_good when untagged upstreams are reordered', () => {
    const { lb } = setup();
    const before = view('codex-main', [PRIMARY, BACKUP]);
    lb.recordResult(before, 0, false);
    lb.recordResult(before, 1, false);
    lb.recordResult(before, 1, true);
    lb.recordResult(before, 0, false);
    expect(lb.state(before).lastGoodIndex).toBe(1);
    const after = view('codex-main', [BACKUP, PRIMARY]);
    expect(lb.select(after)).toBe(0);
    const s = lb.state(after);
    expect(s.failureCounts).toEqual([0, 0]);
    expect(s.lastGoodIndex).toBeNull();
  });

  it('moves count, cooldown, streak, exhaustion and last_good with tagged upstreams when they swap', () => {
    const { lb, clock } = setup();
    const stored: PersistedBalancerState = persisted({
      [stationKey('codex', 'routing')]: {
        signatures: lb.state(tagged('pb')).signatures,
        failureCounts: [2, 0],
        cooldownUntil: [clock.now() + 30_000, null],
        usageExhausted: [false, true],
        exhaustedReason: [null, null],
        penaltyStreak: [3, 0],
        lastGoodIndex: 1,
      },
    });
    lb.restore(stored);
    // The migrated primary is picked although it is cooling: selection looks at the count (2).
    expect(lb.select(tagged('bp'))).toBe(1);
    const s = lb.state(tagged('bp'));
    expect(s.failureCounts).toEqual([0, 2]);
    expect(s.usageExhausted).toEqual([true, false]);
    expect(s.penaltyStreak).toEqual([0, 3]);
    expect(s.cooldownUntil[0]).toBeNull();
    expect(s.cooldownUntil[1]).toBe(clock.now() + 30_000);
    expect(s.lastGoodIndex).toBe(0);
  });

  it('migrates state stored with URL-only signatures onto tagged, reordered upstreams by URL', () => {
    const { lb } = setup();
    lb.restore(
      persisted({
        'codex/routing': {
          signatures: [PRIMARY, BACKUP],
          failureCounts: [3, 0],
          cooldownUntil: [null, null],
          usageExhausted: [false, true],
          exhaustedReason: [null, null],
          exhaustedBy: [null, 'user'],
          penaltyStreak: [2, 0],
          lastGoodIndex: 1,
        },
      }),
    );
    const s = lb.state(tagged('bp'));
    expect(s.failureCounts).toEqual([0, 3]);
    expect(s.usageExhausted).toEqual([true, false]);
    expect(s.penaltyStreak).toEqual([0, 2]);
    expect(s.lastGoodIndex).toBe(0);
  });

  it('clears the state of a tagged upstream whose base URL changed', () => {
    const { lb } = setup();
    const old = view('routing', [{ url: 'https://old.example', p: 'input', e: 'default' }]);
    lb.restore(
      persisted({
        'codex/routing': {
          signatures: lb.state(old).signatures,
          failureCounts: [3],
          cooldownUntil: [Number.MAX_SAFE_INTEGER],
          usageExhausted: [true],
          exhaustedReason: ['quota'],
          exhaustedBy: ['quota-error'],
          penaltyStreak: [2],
          lastGoodIndex: 0,
        },
      }),
    );
    expect(lb.state(old).failureCounts).toEqual([3]);
    const updated = view('routing', [{ url: 'https://new.example', p: 'input', e: 'default' }]);
    expect(lb.select(updated)).toBe(0);
    expect(lb.state(updated)).toMatchObject({
      failureCounts: [0],
      cooldownUntil: [null],
      usageExhausted: [false],
      exhaustedReason: [null],
      exhaustedBy: [null],
      penaltyStreak: [0],
      lastGoodIndex: null,
    });
  });

  it('avoids an upstream that reached the failure threshold', () => {
    const { lb } = setup();
    const st = view('codex-main', [PRIMARY, BACKUP]);
    for (let i = 0; i < 3; i++) lb.recordResult(st, 0, false);
    expect(lb.select(st)).toBe(1);
  });

  it('picks the backup during a cooldown and the primary again once the cooldown has passed', () => {
    const { lb, clock } = setup({ ...defaultPolicy, failureCooldownSecs: 2 });
    const st = view('codex-main', [PRIMARY, BACKUP]);
    for (let i = 0; i < 3; i++) lb.recordResult(st, 0, false);
    expect(lb.state(st).failureCounts[0]).toBe(3);
    expect(lb.state(st).cooldownUntil[0]).not.toBeNull();
    expect(lb.select(st)).toBe(1);
    clock.advance(3_000);
    expect(lb.select(st)).toBe(0);
    expect(lb.state(st).failureCounts[0]).toBe(0);
    expect(lb.state(st).cooldownUntil[0]).toBeNull();
  });

  it('grows the threshold cooldown with backoff and a success resets the streak', () => {
    const { lb, clock } = setup({
      failureThreshold: 3,
      failureCooldownSecs: 2,
      backoff: { factor: 2, maxSecs: 10 },
    });
    const st = view('codex-main', [PRIMARY, BACKUP]);
    const remaining = () => ((lb.state(st).cooldownUntil[0] ?? 0) - clock.now()) / 1000;
    for (let i = 0; i < 3; i++) lb.recordResult(st, 0, false);
    expect(lb.state(st).penaltyStreak[0]).toBe(1);
    const first = remaining();
    expect(first).toBeLessThanOrEqual(2);
    expect(first).toBeGreaterThan(0);
    clock.advance((first + 1) * 1000);
    lb.select(st);
    for (let i = 0; i < 3; i++) lb.recordResult(st, 0, false);
    expect(lb.state(st).penaltyStreak[0]).toBe(2);
    const second = remaining();
    expect(second).toBeLessThanOrEqual(4);
    expect(second).toBeGreaterThanOrEqual(first);
    lb.recordResult(st, 0, true);
    const s = lb.state(st);
    expect(s.failureCounts[0]).toBe(0);
    expect(s.cooldownUntil[0]).toBeNull();
    expect(s.penaltyStreak[0]).toBe(0);
    expect(s.lastGoodIndex).toBe(0);
  });
});
