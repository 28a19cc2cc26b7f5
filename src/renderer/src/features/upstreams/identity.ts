// Which rows a move would shift out of their position. An upstream without identity tags is known
// by its position (docs/behaviour.md §2.2), so shifting it resets its state.
import type { UpstreamSnapshot } from '../../../../shared/snapshot';

/** The untagged upstreams whose position changes when `moving` goes to `toIndex`. */
export function shiftedUntagged(
  upstreams: readonly UpstreamSnapshot[],
  moving: UpstreamSnapshot,
  toIndex: number,
): UpstreamSnapshot[] {
  const lo = Math.min(moving.index, toIndex);
  const hi = Math.max(moving.index, toIndex);
  return upstreams.filter((u) => u.index >= lo && u.index <= hi && !u.tagged);
}
