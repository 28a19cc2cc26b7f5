import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdleWatchdog } from './watchdog';

describe('the idle watchdog of an answer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls onIdle after the silence, within a quarter of it, and not before', () => {
    let idle = 0;
    const w = new IdleWatchdog(400, () => idle++);
    vi.advanceTimersByTime(399);
    expect(idle).toBe(0);
    vi.advanceTimersByTime(100);
    expect(idle).toBe(1);
    vi.advanceTimersByTime(2000);
    expect(idle).toBe(1);
    w.stop();
  });

  it('starts the silence again on every chunk, and a stopped one never fires', () => {
    let idle = 0;
    const w = new IdleWatchdog(400, () => idle++);
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(300);
      w.touch();
    }
    expect(idle).toBe(0);
    w.stop();
    vi.advanceTimersByTime(5000);
    expect(idle).toBe(0);
  });

  it('calls the onIdle it was handed on to', () => {
    const seen: string[] = [];
    const w = new IdleWatchdog(400, () => seen.push('hold'));
    w.onIdle = () => seen.push('relay');
    vi.advanceTimersByTime(600);
    expect(seen).toEqual(['relay']);
  });

  it('watches many answers at once: each fires once, stopped ones never, whatever order they stop in', () => {
    const fired: number[] = [];
    const dogs: IdleWatchdog[] = [];
    for (let i = 0; i < 12; i++) {
      dogs.push(
        new IdleWatchdog(200, () => {
          fired.push(i);
          // An answer that goes idle may end another one (stopping its watchdog) on the way.
          if (i === 9) dogs[3]!.stop();
        }),
      );
    }
    for (const i of [0, 5, 11]) dogs[i]!.stop();
    dogs[7]!.stop();
    dogs[7]!.stop();
    vi.advanceTimersByTime(100);
    for (const i of [3, 4]) dogs[i]!.touch();
    vi.advanceTimersByTime(150);
    expect(fired.sort((a, b) => a - b)).toEqual([1, 2, 6, 8, 9, 10]);
    vi.advanceTimersByTime(150);
    expect(fired.sort((a, b) => a - b)).toEqual([1, 2, 4, 6, 8, 9, 10]);
    vi.advanceTimersByTime(5000);
    expect(fired).toHaveLength(7);
    for (const d of dogs) d.stop();
  });

  it('leaves no timer running once no answer is watched', () => {
    const before = vi.getTimerCount();
    const a = new IdleWatchdog(1000, () => undefined);
    const b = new IdleWatchdog(1000, () => undefined);
    expect(vi.getTimerCount()).toBe(before + 1);
    a.stop();
    b.stop();
    vi.advanceTimersByTime(1000);
    expect(vi.getTimerCount()).toBe(before);
  });
});
