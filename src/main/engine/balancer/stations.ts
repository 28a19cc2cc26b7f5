// Balancer state by station (docs/behaviour.md §2.2): kept per station key `${service}/${station}`
// and migrated lazily to the current layout before each use; stations carried to new identities,
// renamed, removed or retained; the whole state to and from state.json.
import type { ServiceName } from '../../../shared/config-types';
import type { PersistedBalancerState, StationState, StationView } from '../types';
import { clampDeadline } from './backoff';
import { emit, emitPersist, type BalancerCore } from './core';
import { cloneState, ensureLayout, renameSignature, stationSignatures } from './layout';

export function stationKey(service: ServiceName, station: string): string {
  return `${service}/${station}`;
}

/** The station's live state, migrated to its current layout. */
export function entry(core: BalancerCore, station: StationView): StationState {
  const key = stationKey(station.service, station.name);
  const old = core.states.get(key);
  const current = ensureLayout(old, station);
  if (current !== old) {
    core.states.set(key, current);
    // A brand-new all-clean state is not a visible change; a migration of existing state is.
    if (old) emit(core);
  }
  return current;
}

/** Same upstreams, new identities: state and sessions move to the new signatures. */
export function carryState(core: BalancerCore, before: StationView, after: StationView): void {
  if (before.upstreams.length !== after.upstreams.length) return;
  const state = entry(core, before);
  const signatures = stationSignatures(after);
  // Sessions bound or pinned to these upstreams follow them to their new identities.
  if (core.sessions.resign(before.service, before.name, state.signatures, signatures)) {
    emitPersist(core);
  }
  state.signatures = signatures;
  emit(core);
}

export function renameStation(
  core: BalancerCore,
  service: ServiceName,
  from: string,
  to: string,
): void {
  if (from === to) return;
  if (core.sessions.renameStation(service, from, to)) emitPersist(core);
  const fromKey = stationKey(service, from);
  const state = core.states.get(fromKey);
  if (!state) return;
  core.states.delete(fromKey);
  state.signatures = state.signatures.map((sig) => renameSignature(sig, from, to));
  core.states.set(stationKey(service, to), state);
  emit(core);
}

export function removeStation(core: BalancerCore, service: ServiceName, name: string): void {
  if (core.sessions.removeStation(service, name)) emitPersist(core);
  if (core.states.delete(stationKey(service, name))) emit(core);
}

export function retainStations(core: BalancerCore, keys: ReadonlySet<string>): void {
  let changed = false;
  for (const key of [...core.states.keys()]) {
    if (!keys.has(key)) {
      core.states.delete(key);
      changed = true;
    }
  }
  if (changed) emit(core);
}

export function toJSON(core: BalancerCore): PersistedBalancerState {
  const stations: Record<string, StationState> = {};
  for (const [key, state] of core.states) stations[key] = cloneState(state);
  return { version: 2, stations, sessions: core.sessions.toJSON() };
}

export function restore(core: BalancerCore, persisted: PersistedBalancerState): void {
  const now = core.clock.now();
  core.states = new Map(
    Object.entries(persisted.stations).map(([key, state]) => {
      const s = cloneState(state);
      // A hand-edited or corrupt deadline (1e308) must not cool an upstream for ever.
      s.cooldownUntil = s.cooldownUntil.map((u) => clampDeadline(now, u));
      // A file that does not say since when: the return-to-preferred wait starts now.
      if (s.lastGoodIndex !== null && s.lastGoodSince === null) s.lastGoodSince = now;
      return [key, s];
    }),
  );
  core.sessions.restore(persisted.sessions);
  emit(core);
}
