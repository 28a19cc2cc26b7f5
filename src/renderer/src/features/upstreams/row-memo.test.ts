import { describe, expect, it } from 'vitest';
import type { StationSnapshot, UpstreamSnapshot } from '../../../../shared/snapshot';
import { rowPropsEqual } from './row-memo';
import { rowNow } from './row-now';

const up = (index: number, over: Partial<UpstreamSnapshot> = {}) =>
  ({ id: `u${index}`, index, cooldownUntil: null, ...over }) as UpstreamSnapshot;

const stationOf = (upstreams: UpstreamSnapshot[], next = 0, name = 'main') =>
  ({ name, upstreams, nextPick: { index: next, skipped: [] } }) as unknown as StationSnapshot;

const noop = () => undefined;
const props = (station: StationSnapshot, upstream: UpstreamSnapshot) => ({
  station,
  upstream,
  count: station.upstreams.length,
  onMove: noop,
  onEdit: noop,
  onDelete: noop,
});

describe('upstream row memo', () => {
  const a = up(0);
  const b = up(1);
  const c = up(2);
  const before = stationOf([a, b, c]);

  it('does not re-render a row when only another upstream of the station changed', () => {
    const after = stationOf([a, up(1, { usageExhausted: true }), c]);
    expect(rowPropsEqual(props(before, c), props(after, c))).toBe(true);
  });

  it('re-renders the row whose upstream changed, and the rows whose next-pick mark moved', () => {
    const b2 = up(1, { usageExhausted: true });
    const after = stationOf([a, b2, c], 2);
    expect(rowPropsEqual(props(before, b), props(after, b2))).toBe(false);
    expect(rowPropsEqual(props(before, a), props(after, a))).toBe(false); // was next
    expect(rowPropsEqual(props(before, c), props(after, c))).toBe(false); // is next now
  });

  it('re-renders every row when the station is renamed or its length changes', () => {
    expect(rowPropsEqual(props(before, c), props(stationOf([a, b, c], 0, 'other'), c))).toBe(false);
    expect(rowPropsEqual(props(before, b), props(stationOf([a, b, c, up(3)]), b))).toBe(false);
  });

  it('re-renders when a callback or another prop is new', () => {
    expect(rowPropsEqual(props(before, c), { ...props(before, c), onEdit: () => undefined })).toBe(
      false,
    );
  });

  it('follows the 1 s clock only while the row has a cooldown to count down', () => {
    const st = stationOf([up(0), up(1)], 1);
    expect(rowNow(up(0), st)({ now: 5000 })).toBe(0);
    expect(rowNow(up(0, { cooldownUntil: 9000 }), st)({ now: 5000 })).toBe(5000);
  });

  it("follows the clock on the next pick's row while its why? counts down a skipped cooldown", () => {
    const cooling = up(0, { cooldownUntil: 9000 });
    const next = up(1);
    const st = {
      ...stationOf([cooling, next], 1),
      nextPick: {
        index: 1,
        rule: 'sticky',
        skipped: [{ index: 0, reason: 'cooling', detail: '', until: 9000 }],
      },
    } as unknown as StationSnapshot;
    // Read from time 0, "why?" said "cooling down (29,934,203m 46s left)" beside "Cooling 23s".
    expect(rowNow(next, st)({ now: 5000 })).toBe(5000);
    expect(rowNow(up(1), stationOf([up(0), up(1)], 1))({ now: 5000 })).toBe(0);
  });
});
