// The clock one upstream row follows: only a row counting down a cooldown re-renders on the
// store's 1 s ticker; the others would re-render every second for nothing (1 000 rows). The
// next pick's row counts down too when its "why?" names a cooling upstream it passes over
// (docs/behaviour.md §6.1): without the clock that countdown read from time 0.
import type { StationSnapshot, UpstreamSnapshot } from '../../../../shared/snapshot';
import type { Store } from '../../store';

export const rowNow = (
  u: Pick<UpstreamSnapshot, 'cooldownUntil' | 'index'>,
  station: Pick<StationSnapshot, 'nextPick'>,
) => {
  const whyCounts =
    station.nextPick.index === u.index && station.nextPick.skipped.some((s) => s.until !== null);
  return (s: Pick<Store, 'now'>): number => (u.cooldownUntil !== null || whyCounts ? s.now : 0);
};
