import { describe, expect, it } from 'vitest';
import { createCoalescer } from './coalesce';
import { ManualClock } from '../../../tests/fixtures/clock';

describe('createCoalescer', () => {
  it('delivers the first value at once and only the latest of a burst after the interval', () => {
    const clock = new ManualClock();
    const seen: number[] = [];
    const c = createCoalescer<number>((v) => seen.push(v), 100, clock);
    c.push(1);
    c.push(2);
    c.push(3);
    expect(seen).toEqual([1]);
    clock.advance(99);
    expect(seen).toEqual([1]);
    clock.advance(1);
    expect(seen).toEqual([1, 3]);
  });

  it('never delivers more than one value per interval under a steady stream', () => {
    const clock = new ManualClock();
    const seen: { v: number; at: number }[] = [];
    const c = createCoalescer<number>((v) => seen.push({ v, at: clock.now() }), 100, clock);
    for (let i = 0; i < 50; i++) {
      c.push(i);
      clock.advance(10);
    }
    clock.advance(100);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.at - seen[i - 1]!.at).toBeGreaterThanOrEqual(100);
    }
    expect(seen.at(-1)?.v).toBe(49);
    expect(seen.length).toBeLessThanOrEqual(6);
  });

  it('delivers a value pushed now inside the interval at once, and the next one a full interval later', () => {
    const clock = new ManualClock(0);
    const seen: { v: number; at: number }[] = [];
    const c = createCoalescer<number>((v) => seen.push({ v, at: clock.now() }), 100, clock);
    c.push(1);
    clock.advance(30);
    c.push(2); // waits for the interval
    clock.advance(10);
    c.pushNow(3); // replaces it, at once
    expect(seen).toEqual([
      { v: 1, at: 0 },
      { v: 3, at: 40 },
    ]);
    expect(clock.pending()).toBe(0);
    c.push(4);
    clock.advance(99);
    expect(seen).toHaveLength(2);
    clock.advance(1);
    expect(seen.at(-1)).toEqual({ v: 4, at: 140 });
  });

  it('drops the pending value and its timer when closed', () => {
    const clock = new ManualClock();
    const seen: number[] = [];
    const c = createCoalescer<number>((v) => seen.push(v), 100, clock);
    c.push(1);
    c.push(2);
    c.close();
    expect(clock.pending()).toBe(0);
    clock.advance(500);
    c.push(3);
    expect(seen).toEqual([1]);
  });
});
