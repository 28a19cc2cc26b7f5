// Texts of the Sessions view (docs/behaviour.md §10): upstreams by alias else host, turns,
// and the upstreams a conversation can be pinned to.
import type { ServiceName } from '../../../../shared/config-types';
import type { SessionSummary, SessionUpstream } from '../../../../shared/contract';
import { displayName, findUpstreamById, type Services } from '../../lib/upstream-names';
import { translator, type Translate } from '../../../../shared/i18n';

export function turnsText(
  s: Pick<SessionSummary, 'turns' | 'turnsCapped'>,
  t: Translate = translator('en'),
): string {
  if (s.turnsCapped) return t('ses.turnsCapped', { count: s.turns });
  return t('ses.turns', { count: s.turns });
}

/** A bound or pinned upstream by its alias, else its host; one no longer configured says so. */
export function upstreamText(
  services: Services,
  service: ServiceName,
  u: SessionUpstream,
  t: Translate = translator('en'),
): string {
  if (u.id === null) return t('ses.removedUpstream', { station: u.station });
  const found = findUpstreamById(services, u.id, { service, station: u.station });
  return found ? displayName(found) : u.id;
}

/** "Relay A (2), relay-b.example (1)": who answered, most requests first. */
export function servedText(
  services: Services,
  s: SessionSummary,
  t: Translate = translator('en'),
): string {
  if (s.upstreams.length === 0) return t('ses.noRequests');
  return s.upstreams
    .map((u) => {
      const found = findUpstreamById(services, u.id, { service: s.service, station: u.station });
      return `${found ? displayName(found) : u.host || u.id} (${u.requests})`;
    })
    .join(', ');
}

export interface PinChoice {
  /** `station\u0000id`, the select's value. */
  value: string;
  station: string;
  id: string;
  label: string;
}

/** Every upstream of the service, named "Station / Relay A" when there is more than one station. */
export function pinChoices(services: Services, service: ServiceName): PinChoice[] {
  const stations = services?.[service].stations ?? [];
  return stations.flatMap((st) =>
    st.upstreams.map((u) => ({
      value: `${st.name}\u0000${u.id}`,
      station: st.name,
      id: u.id,
      label: stations.length > 1 ? `${st.alias || st.name} / ${displayName(u)}` : displayName(u),
    })),
  );
}
