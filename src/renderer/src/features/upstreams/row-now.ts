// The clock one upstream row follows: only a row counting down a cooldown re-renders on the
// store's 1 s ticker; the others would re-render every second for nothing (1 000 rows).
import type { UpstreamSnapshot } from '../../../../shared/snapshot';
import type { Store } from '../../store';

export const rowNow =
  (u: Pick<UpstreamSnapshot, 'cooldownUntil'>) =>
  (s: Pick<Store, 'now'>): number =>
    u.cooldownUntil !== null ? s.now : 0;
