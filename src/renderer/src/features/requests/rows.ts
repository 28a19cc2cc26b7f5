// Table rows for the requests view: newest first, upstreams named as the user named them.
import type { RequestSummary } from '../../../../shared/snapshot';
import { nameForId, type Services } from '../../lib/upstream-names';

export interface UpstreamLabel {
  /** The alias when the upstream is still in the config and has one, else its host. */
  name: string;
  host: string;
  /** The internal id, for tooltips and copied text only. */
  id: string;
}

export function upstreamLabel(
  services: Services,
  r: Pick<RequestSummary, 'service' | 'station' | 'upstream'>,
): UpstreamLabel | null {
  if (!r.upstream) return null;
  const { id, host } = r.upstream;
  return {
    name: nameForId(services, id, { service: r.service, station: r.station }, host),
    host,
    id,
  };
}

/**
 * Newest first. The snapshot already lists the newest first, so requests with the same
 * millisecond keep its order rather than being shuffled by the sort.
 */
export function newestFirst<T extends Pick<RequestSummary, 'time'>>(rows: readonly T[]): T[] {
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.time - a.r.time || a.i - b.i)
    .map((x) => x.r);
}
