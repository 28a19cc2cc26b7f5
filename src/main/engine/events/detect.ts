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

function upstreamsOf(svc: ServiceSnapshot): Map<string, { station: string; u: UpstreamSnapshot }> {
  const out = new Map<string, { station: string; u: UpstreamSnapshot }>();
  for (const st of svc.stations) {
    for (const u of st.upstreams) out.set(`${st.name}/${u.id}`, { station: st.name, u });
  }
  return out;
}

function serviceEvents(
  service: ServiceName,
  before: ServiceSnapshot,
  after: ServiceSnapshot,
  beforeAt: number,
  at: number,
): DetectedEvent[] {
  const events: DetectedEvent[] = [];
  const old = upstreamsOf(before);
  const base = { at, service };
  for (const [key, { station, u }] of upstreamsOf(after)) {
    const prev = old.get(key)?.u;
    if (!prev) continue; // a new relay has no history to announce
    const relay: EventRelay = { id: u.id, name: relayName(u) };
    if (!prev.usageExhausted && u.usageExhausted) {
      events.push({ ...base, kind: 'exhausted', from: null, station, relay });
    } else if (prev.usageExhausted && !u.usageExhausted) {
      events.push({ ...base, kind: 'recovered', from: 'exhausted', station, relay });
    }
    const wasCooling = isCooling(prev, beforeAt);
    const cooling = isCooling(u, at);
    if (!wasCooling && cooling) {
      events.push({ ...base, kind: 'tripped', from: null, station, relay });
    } else if (wasCooling && !cooling && !u.usageExhausted) {
      events.push({ ...base, kind: 'recovered', from: 'tripped', station, relay });
    }
  }
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
