// What changed between two snapshots, as events (docs/behaviour.md §8.1). Pure.
import { SERVICES, type ServiceName } from '../../../shared/config-types';
import type { EngineEvent, EventRelay } from '../../../shared/events';
import { serviceAvailable } from '../../../shared/availability';
import type { ServiceSnapshot, Snapshot, UpstreamSnapshot } from '../../../shared/snapshot';

export type DetectedEvent = Omit<EngineEvent, 'id'>;

/** A relay as notifications name it: its alias, else its host. */
export function relayName(u: Pick<UpstreamSnapshot, 'alias' | 'host'>): string {
  return u.alias?.trim() ? u.alias : u.host;
}

function isCooling(u: UpstreamSnapshot, at: number): boolean {
  return u.cooldownUntil !== null && u.cooldownUntil > at;
}

/** The same upstream in `before`: at the same place (the usual case, no lookup), else by key. */
function matcher(before: ServiceSnapshot) {
  let byKey: Map<string, UpstreamSnapshot> | null = null;
  return (si: number, station: string, ui: number, u: UpstreamSnapshot) => {
    const st = before.stations[si];
    const same = st?.name === station ? st.upstreams[ui] : undefined;
    if (same?.id === u.id) return same;
    if (byKey === null) {
      byKey = new Map();
      for (const b of before.stations) {
        for (const x of b.upstreams) byKey.set(`${b.name}/${x.id}`, x);
      }
    }
    return byKey.get(`${station}/${u.id}`);
  };
}

function serviceEvents(
  service: ServiceName,
  before: ServiceSnapshot,
  after: ServiceSnapshot,
  beforeAt: number,
  at: number,
): DetectedEvent[] {
  const events: DetectedEvent[] = [];
  const previous = matcher(before);
  const base = { at, service };
  after.stations.forEach((st, si) => {
    const station = st.name;
    st.upstreams.forEach((u, ui) => {
      const prev = previous(si, station, ui, u);
      if (!prev) return; // a new relay has no history to announce
      const relay = (): EventRelay => ({ id: u.id, name: relayName(u) });
      if (!prev.usageExhausted && u.usageExhausted) {
        events.push({ ...base, kind: 'exhausted', from: null, station, relay: relay() });
      } else if (prev.usageExhausted && !u.usageExhausted) {
        events.push({ ...base, kind: 'recovered', from: 'exhausted', station, relay: relay() });
      }
      const wasCooling = isCooling(prev, beforeAt);
      const cooling = isCooling(u, at);
      if (!wasCooling && cooling) {
        events.push({ ...base, kind: 'tripped', from: null, station, relay: relay() });
      } else if (wasCooling && !cooling && !u.usageExhausted) {
        events.push({ ...base, kind: 'recovered', from: 'tripped', station, relay: relay() });
      }
    });
  });
  const was = serviceAvailable(before);
  const is = serviceAvailable(after);
  if (was === true && is === false) {
    events.push({ ...base, kind: 'all_down', from: null, station: after.active, relay: null });
  } else if (was === false && is === true) {
    events.push({
      ...base,
      kind: 'recovered',
      from: 'all_down',
      station: after.active,
      relay: null,
    });
  }
  return events;
}

/** Events between two snapshots of one engine (none across a restart: nothing to compare). */
export function detectEvents(prev: Snapshot | null, next: Snapshot): DetectedEvent[] {
  if (!prev || prev.instanceId !== next.instanceId) return [];
  if (prev.configError || next.configError) return [];
  return SERVICES.flatMap((s) =>
    serviceEvents(s, prev.services[s], next.services[s], prev.generatedAt, next.generatedAt),
  );
}
