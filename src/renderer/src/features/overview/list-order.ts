// The Overview's per-upstream tables read in one order: the upstream list's (service, station,
// position), so Tokens today and Cost line up row for row (docs/behaviour.md §9.1).
import { SERVICES } from '../../../../shared/config-types';
import type { Services } from '../../lib/upstream-names';

/** Entries keyed by upstream id in list order; ids no longer listed come last, by id. */
export function inListOrder<T>(
  services: Services,
  byId: Readonly<Record<string, T>>,
): [string, T][] {
  const rank = new Map<string, number>();
  if (services) {
    for (const svc of SERVICES) {
      for (const st of services[svc].stations) {
        for (const u of st.upstreams) if (!rank.has(u.id)) rank.set(u.id, rank.size);
      }
    }
  }
  const at = (id: string) => rank.get(id) ?? Number.MAX_SAFE_INTEGER;
  return Object.entries(byId).sort(([a], [b]) => at(a) - at(b) || (a < b ? -1 : a > b ? 1 : 0));
}
