// The publisher is the one rate limit on snapshots: subscribers (SSE, the Electron window) get at
// most one push per interval, always the latest version, and a refresh when a cooldown ends.
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/snapshot';
import { snapshotWith, upstream } from '../../../tests/fixtures/electron-fakes';
import { fakeSnapshot } from '../../../tests/fixtures/fake-engine';
import { ManualClock } from '../../../tests/fixtures/clock';
import { SnapshotPublisher } from './publisher';
import { silentLogger } from './types';

function publisher(
  clock: ManualClock,
  build: (version: number) => Snapshot = (v) => fakeSnapshot(v),
) {
  return new SnapshotPublisher({
    build,
    clock,
    scheduler: clock,
    logger: silentLogger,
    coalesceMs: 100,
  });
}

describe('SnapshotPublisher', () => {
  it('pushes at most one snapshot per interval, the latest, and never inside the change', () => {
    const clock = new ManualClock();
    const p = publisher(clock);
    const seen: number[] = [];
    p.subscribe((s) => seen.push(s.version));
    p.markChanged();
    expect(seen).toEqual([]);
    clock.advance(0);
    expect(seen).toEqual([1]);
    p.markChanged();
    p.markChanged();
    p.markChanged();
    clock.advance(99);
    expect(seen).toEqual([1]);
    clock.advance(1);
    expect(seen).toEqual([1, 2]);
  });

  it('gives a command the version that includes its change, without a second push for it', () => {
    const clock = new ManualClock();
    const p = publisher(clock);
    const seen: number[] = [];
    p.subscribe((s) => seen.push(s.version));
    expect(p.changedNow()).toBe(1);
    clock.advance(100);
    expect(seen).toEqual([1]);
    expect(p.current().version).toBe(1);
  });

  it("pushes a command's change without waiting for the interval traffic is held to", () => {
    const clock = new ManualClock(0);
    const p = publisher(clock);
    const seen: { v: number; at: number }[] = [];
    p.subscribe((s) => seen.push({ v: s.version, at: clock.now() }));
    p.markChanged(); // traffic
    clock.advance(0);
    clock.advance(20);
    p.markChanged(); // more traffic: waits for the interval
    expect(p.changedNow()).toBe(2);
    clock.advance(0);
    expect(seen).toEqual([
      { v: 1, at: 0 },
      { v: 2, at: 20 },
    ]);
  });

  it('refreshes the snapshot when the next cooldown ends, while running', () => {
    const clock = new ManualClock();
    const until = clock.now() + 30_000;
    const p = publisher(clock, (v) => snapshotWith([upstream(0, { cooldownUntil: until })], v));
    const seen: number[] = [];
    p.subscribe((s) => seen.push(s.version));
    p.start();
    clock.advance(100);
    expect(seen).toEqual([1]);
    clock.advance(29_000);
    expect(seen).toEqual([1]);
    clock.advance(1_000);
    expect(seen).toEqual([1, 2]);
    p.stop();
    expect(clock.pending()).toBe(0);
  });
});
