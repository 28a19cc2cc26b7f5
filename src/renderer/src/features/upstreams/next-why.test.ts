import { describe, expect, it } from 'vitest';
import type { NextPick, StationSnapshot, UpstreamSnapshot } from '../../../../shared/snapshot';
import { preferredOverSticky, whyLines } from './NextWhy';

const NOW = 1_800_000_000_000;
const up = (index: number, alias: string) =>
  ({
    index,
    id: `${alias.toLowerCase()}/default`,
    alias,
    host: `${alias}.example`,
  }) as UpstreamSnapshot;
const station = (nextPick: NextPick) =>
  ({
    name: 'main',
    nextPick,
    upstreams: [up(0, 'A'), up(1, 'B'), up(2, 'C')],
  }) as unknown as StationSnapshot;

describe('why the next upstream is next', () => {
  it('names the sticky rule first, then the healthy upstream it passes over', () => {
    const st = station({
      index: 2,
      rule: 'sticky',
      skipped: [{ index: 0, reason: 'sticky', detail: '', until: null }],
    });
    const lines = whyLines(st, NOW);
    expect(lines[0]).toMatch(/^Staying with C: it answered last/);
    expect(lines[1]).toBe('Skipped #1 A: staying on the last good upstream');
    expect(preferredOverSticky(st)?.alias).toBe('A');
  });

  it('counts a cooldown down from its end, past a minute in minutes and seconds', () => {
    const st = station({
      index: 1,
      rule: 'in-order',
      skipped: [{ index: 0, reason: 'cooling', detail: '286s left', until: NOW + 286_000 }],
    });
    expect(whyLines(st, NOW)[1]).toBe('Skipped #1 A: cooling down (4m 46s left)');
    expect(whyLines(st, NOW + 1_000)[1]).toBe('Skipped #1 A: cooling down (4m 45s left)');
    expect(preferredOverSticky(st)).toBeNull();
  });

  it('says nothing for the first upstream taken in order', () => {
    expect(whyLines(station({ index: 0, rule: 'in-order', skipped: [] }), NOW)).toEqual([]);
  });
});
