// Re-render one upstream row only when what it shows changed (issue: 1 000 upstreams stay
// responsive). Snapshots share unchanged objects (store/share.ts), so an unchanged upstream keeps
// its object; the station around it changes whenever any row does, so it is compared by the parts
// a row uses.
import { memo, useCallback, useRef, type ComponentProps } from 'react';
import type { StationSnapshot, UpstreamSnapshot } from '../../../../shared/snapshot';
import { UpstreamRow } from './UpstreamRow';

type RowProps = ComponentProps<typeof UpstreamRow>;

const isNextRow = (station: StationSnapshot, u: UpstreamSnapshot) =>
  station.nextPick.index === u.index;

/**
 * Equal unless the row's upstream, any other prop, or the parts of the station it shows changed:
 * its name, its length (moves), whether this row is the next pick; the next row itself, which lists
 * why the others were skipped, follows every change of the station.
 */
export function rowPropsEqual(prev: RowProps, next: RowProps): boolean {
  for (const key of Object.keys(next) as (keyof RowProps)[]) {
    if (key !== 'station' && prev[key] !== next[key]) return false;
  }
  if (Object.keys(prev).length !== Object.keys(next).length) return false;
  const a = prev.station;
  const b = next.station;
  if (a === b) return true;
  if (a.name !== b.name || a.upstreams.length !== b.upstreams.length) return false;
  const wasNext = isNextRow(a, prev.upstream);
  if (wasNext !== isNextRow(b, next.upstream)) return false;
  return !wasNext;
}

export const MemoUpstreamRow = memo(UpstreamRow, rowPropsEqual);

/** A callback whose identity never changes but which always runs the latest `fn`. */
export function useStableCallback<A extends unknown[], R>(
  fn: (...args: A) => R,
): (...args: A) => R {
  const latest = useRef(fn);
  latest.current = fn;
  return useCallback((...args: A) => latest.current(...args), []);
}
