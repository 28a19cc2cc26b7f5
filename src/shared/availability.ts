// Whether a service can take a request (docs/behaviour.md §3.7, §8.1): the console's alert, the
// all_down notification and the tray's red icon all use this one definition.
import type { ServiceSnapshot } from './snapshot';

/**
 * Whether the service can take a request (the snapshot's `available`). Until the
 * engine fills that field, the active station having a next pick stands in for it. A service
 * with no upstream at all is "not set up", not "down": null.
 */
export function serviceAvailable(svc: ServiceSnapshot): boolean | null {
  const total = svc.stations.reduce((n, st) => n + st.upstreams.length, 0);
  if (total === 0) return null;
  const given = (svc as { available?: boolean }).available;
  if (typeof given === 'boolean') return given;
  const active = svc.stations.find((st) => st.active);
  return active !== undefined && active.nextPick.index !== null;
}
