// Table rows for the requests view: newest first, upstreams named as the user named them.
import type { RequestSummary, ServiceSnapshot } from '../../../../shared/snapshot';
import type { ServiceName } from '../../../../shared/config-types';

export interface UpstreamLabel {
  /** The alias when the id is still in the config, else the id. */
  name: string;
  host: string;
}

type Services = Readonly<Record<ServiceName, ServiceSnapshot>> | undefined;

/**
 * Looks the id up in the request's own station first (ids are unique per station, not per
 * service), then anywhere in the service, since the station may since have been renamed.
 */
export function upstreamLabel(
  services: Services,
  r: Pick<RequestSummary, 'service' | 'station' | 'upstream'>,
): UpstreamLabel | null {
  if (!r.upstream) return null;
  const { id, host } = r.upstream;
  const stations = services?.[r.service]?.stations ?? [];
  const own = stations.find((s) => s.name === r.station);
  const found =
    own?.upstreams.find((u) => u.id === id) ??
    stations.flatMap((s) => s.upstreams).find((u) => u.id === id);
  const alias = found?.alias?.trim();
  return { name: alias ? alias : id, host };
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
