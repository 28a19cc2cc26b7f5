// The balancer's side of session affinity (docs/behaviour.md §2.7): a request's session route
// under the policy's affinity switch and TTL, bindings and pins by upstream signature, the
// outcome of a turn, and sessions other instances bound, pinned or unpinned (§11.1). The table
// itself is sessions.ts; its changes go to state.json only (onPersist), never to a snapshot.
import type { ServiceName } from '../../../shared/config-types';
import type { SessionEntry, SessionRoute, StationView } from '../types';
import { emitPersist, type BalancerCore } from './core';
import { signatureAt } from './layout';
import { affinityOf, type AffinityOutcome } from './sessions';

const DEFAULT_SESSION_TTL_SECS = 21_600;

/** The request's session as stored now; null without a session id. */
export function route(
  core: BalancerCore,
  service: ServiceName,
  sessionId: string | null,
): SessionRoute | null {
  if (sessionId === null || sessionId === '') return null;
  const ttlSecs = core.policy.sessionAffinityTtlSecs ?? DEFAULT_SESSION_TTL_SECS;
  const { route, dropped } = core.sessions.route(service, sessionId, {
    now: core.clock.now(),
    affinity: core.policy.sessionAffinity !== false,
    ttlMs: ttlSecs * 1000,
  });
  if (dropped) emitPersist(core);
  return route;
}

/** The upstream that answered the session successfully becomes its binding. */
export function bind(
  core: BalancerCore,
  route: SessionRoute | null,
  station: StationView,
  index: number,
): void {
  if (!route || core.policy.sessionAffinity === false) return;
  const signature = signatureAt(station, index);
  if (signature === undefined) return;
  if (core.sessions.bind(route, station.name, signature, core.clock.now())) {
    core.share?.sessionSet(station, index, route.service, route.sessionId, false);
    emitPersist(core);
  }
}

export function affinity(
  core: BalancerCore,
  route: SessionRoute,
  answered: { station: StationView; index: number } | null,
  failure: string | null,
): AffinityOutcome | null {
  if (core.policy.sessionAffinity === false && !route.pin) return null;
  const signature = answered ? signatureAt(answered.station, answered.index) : undefined;
  const at = answered && signature ? { station: answered.station.name, signature } : null;
  return affinityOf(route, at, failure);
}

export function pinSession(
  core: BalancerCore,
  service: ServiceName,
  sessionId: string,
  station: StationView,
  index: number,
): void {
  const signature = signatureAt(station, index);
  if (signature === undefined) return;
  core.sessions.pin(service, sessionId, station.name, signature, core.clock.now());
  core.share?.sessionSet(station, index, service, sessionId, true);
  emitPersist(core);
}

export function unpinSession(core: BalancerCore, service: ServiceName, sessionId: string): void {
  if (!core.sessions.unpin(service, sessionId, core.clock.now())) return;
  core.share?.sessionUnpinned(service, sessionId);
  emitPersist(core);
}

/** The session's pin and live binding, read without touching either (the Sessions view). */
export function sessionOf(
  core: BalancerCore,
  service: ServiceName,
  sessionId: string,
): { pin: SessionEntry | null; binding: SessionEntry | null } {
  const ttlMs = (core.policy.sessionAffinityTtlSecs ?? DEFAULT_SESSION_TTL_SECS) * 1000;
  const found = core.sessions.binding(service, sessionId);
  const live =
    found !== null && core.policy.sessionAffinity !== false && core.clock.now() - found.at < ttlMs;
  return { pin: core.sessions.pinOf(service, sessionId), binding: live ? found : null };
}

/** A session another instance bound or pinned to this upstream; not sent back. */
export function applySharedSession(
  core: BalancerCore,
  service: ServiceName,
  sessionId: string,
  station: StationView,
  index: number,
  pinned: boolean,
  at: number,
): void {
  const signature = signatureAt(station, index);
  if (signature === undefined) return;
  if (!pinned) core.sessions.put(service, sessionId, station.name, signature, at);
  else if (!core.sessions.putPin(service, sessionId, station.name, signature, at)) return;
  emitPersist(core);
}

/** Another instance unpinned the session at `at` (docs/behaviour.md §11.1); not sent back. */
export function applySharedUnpin(
  core: BalancerCore,
  service: ServiceName,
  sessionId: string,
  at: number,
): void {
  if (core.sessions.dropPin(service, sessionId, at)) emitPersist(core);
}
