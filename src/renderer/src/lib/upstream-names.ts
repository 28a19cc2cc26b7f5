// What a person reads for an upstream: its alias, else its host (port included). Internal ids
// (`relay-a/default`, `main#5/5`) appear only in tooltips and in copied text.
import type { ServiceName } from '../../../shared/config-types';
import type { ServiceSnapshot, UpstreamSnapshot } from '../../../shared/snapshot';

export type Services = Readonly<Record<ServiceName, ServiceSnapshot>> | undefined;

export function displayName(u: Pick<UpstreamSnapshot, 'alias' | 'host'>): string {
  return u.alias?.trim() ? u.alias : u.host;
}

export interface Where {
  service?: ServiceName;
  station?: string | null;
}

/**
 * The upstream with this id: in the given station first (ids are unique per station only), then
 * anywhere in the service, then in any service (a station may since have been renamed).
 */
export function findUpstreamById(
  services: Services,
  id: string,
  where: Where = {},
): UpstreamSnapshot | undefined {
  if (!services) return undefined;
  const order = where.service
    ? [
        where.service,
        ...(Object.keys(services) as ServiceName[]).filter((s) => s !== where.service),
      ]
    : (Object.keys(services) as ServiceName[]);
  const stations = order.flatMap((svc) => services[svc].stations);
  const own = stations.find((s) => s.name === where.station);
  return (
    own?.upstreams.find((u) => u.id === id) ??
    stations.flatMap((s) => s.upstreams).find((u) => u.id === id)
  );
}

/** The name for an id: alias, else the host (from the snapshot, else `host`), else the id. */
export function nameForId(services: Services, id: string, where: Where = {}, host?: string) {
  const found = findUpstreamById(services, id, where);
  if (found) return displayName(found);
  return host ?? id;
}
