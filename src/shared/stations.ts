// Station ordering rules shared by the proxy, the snapshot and the renderer.
import type { ServiceConfig, StationConfig } from './config-types';

function byLevelThenName(a: StationConfig, b: StationConfig): number {
  return a.level - b.level || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/**
 * The active station: the one named by `active` when it exists; otherwise the first enabled
 * station by (level, name); otherwise the first by (level, name); null when there are none.
 */
export function resolveActiveStation(service: ServiceConfig): StationConfig | null {
  if (service.active !== undefined) {
    const named = service.stations.find((s) => s.name === service.active);
    if (named) return named;
  }
  const sorted = [...service.stations].sort(byLevelThenName);
  return sorted.find((s) => s.enabled) ?? sorted[0] ?? null;
}

/** Stations in the order the proxy tries them: the active one, then other enabled ones by (level, name). */
export function stationTryOrder(service: ServiceConfig): StationConfig[] {
  const active = resolveActiveStation(service);
  const rest = service.stations.filter((s) => s !== active && s.enabled).sort(byLevelThenName);
  return active ? [active, ...rest] : rest;
}
