import { describe, expect, it } from 'vitest';
import type { UpstreamSnapshot } from '../../../../shared/snapshot';
import { shiftedUntagged } from './identity';

const row = (index: number, tagged: boolean) =>
  ({ index, tagged, id: `u${index}` }) as UpstreamSnapshot;

describe('rows a move shifts', () => {
  const rows = [row(0, true), row(1, false), row(2, true), row(3, false)];

  it('names the untagged rows between the start and the end of the move, the moved one included', () => {
    expect(shiftedUntagged(rows, rows[0] as UpstreamSnapshot, 2).map((u) => u.id)).toEqual(['u1']);
    expect(shiftedUntagged(rows, rows[3] as UpstreamSnapshot, 1).map((u) => u.id)).toEqual([
      'u1',
      'u3',
    ]);
  });

  it('finds nothing when only tagged rows move', () => {
    expect(shiftedUntagged(rows, rows[2] as UpstreamSnapshot, 2)).toEqual([]);
    expect(shiftedUntagged([row(0, true), row(1, true)], row(0, true), 1)).toEqual([]);
  });
});
