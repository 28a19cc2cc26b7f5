// Narrow, pure selectors over the store; components combine them with useStore/useShallow.
import type { ServiceName } from '../../../shared/config-types';
import type { ServiceSnapshot, StationSnapshot } from '../../../shared/snapshot';
import type { Store } from './index';

/** The station the user picked, else the service's active one, else the first. */
export function resolveStation(
  service: ServiceSnapshot | undefined,
  selected: string | null,
): StationSnapshot | null {
  if (!service) return null;
  const stations = service.stations;
  return (
    (selected !== null ? stations.find((s) => s.name === selected) : undefined) ??
    stations.find((s) => s.active) ??
    stations[0] ??
    null
  );
}

export const selectService =
  (service: ServiceName) =>
  (s: Store): ServiceSnapshot | undefined =>
    s.snapshot?.services[service];

export const selectCurrentStation = (s: Store): StationSnapshot | null =>
  resolveStation(s.snapshot?.services[s.service], s.selectedStation[s.service]);

export const selectThreshold = (s: Store): number =>
  s.snapshot?.settings.retry.failureThreshold ?? 3;
