// The load balancer: the port of codex-helper's balancer plus the NEW parts of docs/behaviour.md §2.
// State is kept per station key `${service}/${station}` and migrated lazily to the current
// layout before each use, so config edits and restored state.json go through the same rules.
// Sessions (bindings and pins, §2.7) live beside it and are persisted with it.
// This class is the facade: each method hands the shared core (core.ts) to a plain function of
// stations.ts (state by station, persistence), choose.ts (picks over live state), health.ts
// (failures, cooldowns, exhaustion) or session-routes.ts (session affinity).
import type { ServiceName } from '../../../shared/config-types';
import type { ExhaustSource } from '../../../shared/snapshot';
import type {
  BalancerPolicy,
  BalancerShareHook,
  Clock,
  Logger,
  NextPick,
  PersistedBalancerState,
  SelectOptions,
  SessionEntry,
  SessionRoute,
  StationState,
  StationView,
} from '../types';
import { silentLogger } from '../types';
import type { Blocked } from './availability';
import * as choosing from './choose';
import type { BalancerCore } from './core';
import * as health from './health';
import { cloneState } from './layout';
import type { Env, Pick } from './select';
import * as sessionRoutes from './session-routes';
import { SessionTable, type AffinityOutcome } from './sessions';
import type { SharedFact } from './shared-apply';
import * as byStation from './stations';

export { effectiveCooldownSecs } from './backoff';
export { upstreamSignature } from './layout';
export type { AffinityOutcome } from './sessions';
export type { SharedFact } from './shared-apply';
export { stationKey } from './stations';

export class Balancer {
  private readonly core: BalancerCore;

  constructor(opts: { clock: Clock; policy: BalancerPolicy; logger?: Logger; env?: Env }) {
    this.core = {
      clock: opts.clock,
      logger: opts.logger ?? silentLogger,
      env: opts.env ?? {},
      policy: opts.policy,
      states: new Map(),
      sessions: new SessionTable(),
      listeners: new Set(),
      persistListeners: new Set(),
      share: null,
    };
  }

  /**
   * NEW (§2.3): raising or lowering the threshold can leave an upstream blocked with no cooldown
   * to ever release it, so such an upstream gets a plain failure cooldown.
   */
  setPolicy(policy: BalancerPolicy): void {
    health.setPolicy(this.core, policy);
  }

  setShareHook(hook: BalancerShareHook | null): void {
    this.core.share = hook;
  }

  state(station: StationView): StationState {
    return cloneState(byStation.entry(this.core, station));
  }

  /** The pick and the rule that made it (§2.7); fills in the session route's outcome. */
  choose(station: StationView, opts: SelectOptions = {}): Pick | null {
    return choosing.choose(this.core, station, opts);
  }

  select(station: StationView, opts: SelectOptions = {}): number | null {
    return choosing.choose(this.core, station, opts)?.index ?? null;
  }

  /**
   * `viaSession`: the upstream was picked by a conversation's pin or binding. Its success keeps
   * that conversation where it is but does not move the station's last good, which steers new
   * conversations and session-less traffic: otherwise one old conversation on a fallback relay
   * would undo "Go back to #1" and return to preferred on its next turn (docs/behaviour.md §2.7).
   */
  recordResult(station: StationView, index: number, success: boolean, viaSession = false): void {
    health.recordResult(this.core, station, index, success, viaSession);
  }

  penalize(station: StationView, index: number, cooldownSecs: number, reason: string): void {
    health.penalize(this.core, station, index, cooldownSecs, reason);
  }

  /**
   * Marks or clears exhaustion. `by` says who set it (docs/behaviour.md §9): a
   * quota error, a balance poll, or the user (also what an unsourced exhaustion counts as).
   */
  setExhausted(
    station: StationView,
    index: number,
    exhausted: boolean,
    reason?: string | null,
    source: ExhaustSource = 'user',
  ): void {
    health.setExhausted(this.core, station, index, exhausted, reason, source);
  }

  /** Who set the upstream's exhaustion, or null when it is not exhausted. */
  exhaustedBy(station: StationView, index: number): ExhaustSource | null {
    return health.exhaustedBy(this.core, station, index);
  }

  reset(station: StationView, index: number): void {
    health.reset(this.core, station, index);
  }

  /** `resetAll`: failure counts, cooldowns and streaks cleared on every station given. */
  resetAll(stations: readonly StationView[]): void {
    health.resetAll(this.core, stations);
  }

  /** `preferUpstream` ("Go back to #1"): new traffic sticks to `index` from now on. */
  prefer(station: StationView, index: number): void {
    health.prefer(this.core, station, index);
  }

  explain(
    station: StationView,
    isSupported?: (index: number) => boolean,
    model?: string,
    session?: SessionRoute | null,
  ): NextPick {
    return choosing.explainNext(this.core, station, isSupported, model, session);
  }

  /**
   * Whether anything in `stations` (a try order) can take a request (§2.7, §3.7); for a request
   * of `model` when given, with one reason per upstream when `withReasons`.
   */
  availability(
    stations: readonly StationView[],
    opts: {
      isSupported?: (station: StationView, index: number) => boolean;
      model?: string;
      withReasons?: boolean;
    } = {},
  ): Blocked {
    return choosing.availabilityNow(this.core, stations, opts);
  }

  earliestCooldownEnd(station: StationView): number | null {
    return health.earliestCooldownEnd(this.core, station);
  }

  // ---- sessions (§2.7) ------------------------------------------------------------------------

  /** The request's session as stored now; null without a session id. */
  route(service: ServiceName, sessionId: string | null): SessionRoute | null {
    return sessionRoutes.route(this.core, service, sessionId);
  }

  /** The upstream that answered the session successfully becomes its binding. */
  bind(route: SessionRoute | null, station: StationView, index: number): void {
    sessionRoutes.bind(this.core, route, station, index);
  }

  affinity(
    route: SessionRoute,
    answered: { station: StationView; index: number } | null,
    failure: string | null,
  ): AffinityOutcome | null {
    return sessionRoutes.affinity(this.core, route, answered, failure);
  }

  pinSession(service: ServiceName, sessionId: string, station: StationView, index: number): void {
    sessionRoutes.pinSession(this.core, service, sessionId, station, index);
  }

  unpinSession(service: ServiceName, sessionId: string): void {
    sessionRoutes.unpinSession(this.core, service, sessionId);
  }

  /** The session's pin and live binding, read without touching either (the Sessions view). */
  sessionOf(
    service: ServiceName,
    sessionId: string,
  ): { pin: SessionEntry | null; binding: SessionEntry | null } {
    return sessionRoutes.sessionOf(this.core, service, sessionId);
  }

  /** The first upstream in list order a request without a session could take (§2.7), or null. */
  firstSelectable(station: StationView): number | null {
    return choosing.firstSelectable(this.core, station);
  }

  /**
   * The station of `stations` (a try order) holding the session's pinned, else bound, upstream
   * while that upstream is selectable: the proxy tries it first. Null otherwise — a session whose
   * upstream cannot take it follows the user's station order like any other request.
   */
  sessionStation(route: SessionRoute | null, stations: readonly StationView[]): string | null {
    return choosing.sessionStation(this.core, route, stations);
  }

  // ---- what other instances learned (docs/behaviour.md §11); never told back to the store ------

  /** A fact another instance learned about this upstream (docs/behaviour.md §11.1). */
  applyShared(station: StationView, index: number, fact: SharedFact): void {
    health.applyShared(this.core, station, index, fact);
  }

  /** A session another instance bound or pinned to this upstream. */
  applySharedSession(
    service: ServiceName,
    sessionId: string,
    station: StationView,
    index: number,
    pinned: boolean,
    at: number,
  ): void {
    sessionRoutes.applySharedSession(this.core, service, sessionId, station, index, pinned, at);
  }

  /** Another instance unpinned the session at `at` (docs/behaviour.md §11.1); not sent back. */
  applySharedUnpin(service: ServiceName, sessionId: string, at: number): void {
    sessionRoutes.applySharedUnpin(this.core, service, sessionId, at);
  }

  // ---- stations, persistence, listeners -------------------------------------------------------

  /**
   * The same upstreams under new identities (same order, new tags): their state moves to the new
   * signatures instead of being reset, as a station rename does (addIdentityTags).
   */
  carryState(before: StationView, after: StationView): void {
    byStation.carryState(this.core, before, after);
  }

  renameStation(service: ServiceName, from: string, to: string): void {
    byStation.renameStation(this.core, service, from, to);
  }

  removeStation(service: ServiceName, name: string): void {
    byStation.removeStation(this.core, service, name);
  }

  retainStations(keys: ReadonlySet<string>): void {
    byStation.retainStations(this.core, keys);
  }

  toJSON(): PersistedBalancerState {
    return byStation.toJSON(this.core);
  }

  restore(persisted: PersistedBalancerState): void {
    byStation.restore(this.core, persisted);
  }

  /** Visible changes (snapshot and state.json). */
  onChange(listener: () => void): () => void {
    this.core.listeners.add(listener);
    return () => {
      this.core.listeners.delete(listener);
    };
  }

  /** Changes only state.json needs to hear about (session bindings and pins). */
  onPersist(listener: () => void): () => void {
    this.core.persistListeners.add(listener);
    return () => {
      this.core.persistListeners.delete(listener);
    };
  }
}
