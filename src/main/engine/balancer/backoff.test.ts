import { describe, expect, it } from 'vitest';
import { effectiveCooldownSecs } from './index';

describe('effectiveCooldownSecs', () => {
  it('never grows with factor 1 (or below)', () => {
    for (const streak of [0, 1, 5, 70]) {
      expect(effectiveCooldownSecs(30, streak, { factor: 1, maxSecs: 600 })).toBe(30);
      expect(effectiveCooldownSecs(30, streak, { factor: 0, maxSecs: 600 })).toBe(30);
    }
  });

  it('doubles per streak step with factor 2 until the cap', () => {
    const b = { factor: 2, maxSecs: 600 };
    expect([0, 1, 2, 3, 4, 5, 6].map((s) => effectiveCooldownSecs(30, s, b))).toEqual([
      30, 60, 120, 240, 480, 600, 600,
    ]);
  });

  it('triples per step with factor 3 and stops at the cap', () => {
    const b = { factor: 3, maxSecs: 100 };
    expect([0, 1, 2, 3].map((s) => effectiveCooldownSecs(2, s, b))).toEqual([2, 6, 18, 54]);
    expect(effectiveCooldownSecs(2, 4, b)).toBe(100);
  });

  it('treats max 0 as "no growth beyond the base"', () => {
    expect(effectiveCooldownSecs(30, 5, { factor: 2, maxSecs: 0 })).toBe(30);
  });

  it('never shrinks the base when max is below it', () => {
    expect(effectiveCooldownSecs(30, 0, { factor: 2, maxSecs: 10 })).toBe(30);
    expect(effectiveCooldownSecs(30, 3, { factor: 2, maxSecs: 10 })).toBe(30);
  });

  it('returns 0 for a base of 0 whatever the streak', () => {
    expect(effectiveCooldownSecs(0, 10, { factor: 2, maxSecs: 600 })).toBe(0);
  });

  it('stays finite and capped for streaks 0 to 70 with a huge cap', () => {
    const b = { factor: 2, maxSecs: Number.MAX_SAFE_INTEGER };
    let previous = 0;
    for (let streak = 0; streak <= 70; streak++) {
      const secs = effectiveCooldownSecs(30, streak, b);
      expect(Number.isSafeInteger(secs)).toBe(true);
      expect(secs).toBeGreaterThanOrEqual(previous);
      previous = secs;
    }
    expect(previous).toBe(Number.MAX_SAFE_INTEGER);
    expect(effectiveCooldownSecs(30, 70, { factor: 1e300, maxSecs: 1e308 })).toBe(
      Number.MAX_SAFE_INTEGER,
    );
  });
});
