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

/**
 * The upstream that answered; for a request none answered, the last relay it tried (its
 * attempts name it); null when it tried none.
 */
export function upstreamLabel(
  services: Services,
  r: Pick<RequestSummary, 'service' | 'station' | 'upstream'> & {
    attempts?: RequestSummary['attempts'];
  },
): UpstreamLabel | null {
  const tried = r.upstream ? null : r.attempts?.findLast((a) => a.decision !== 'skip-unsupported');
  const target = r.upstream
    ? { id: r.upstream.id, host: r.upstream.host, station: r.station }
    : tried
      ? { id: tried.upstream, host: tried.host, station: tried.station }
      : null;
  if (!target) return null;
  const { id, host, station } = target;
  return {
    name: nameForId(services, id, { service: r.service, station }, host || undefined),
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
