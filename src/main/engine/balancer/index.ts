// The load balancer: the port of codex-helper's balancer plus the NEW parts of docs/behaviour.md §2.
// State is kept per station key `${service}/${station}` and migrated lazily to the current
// layout before each use, so config edits and restored state.json go through the same rules.
// Sessions (bindings and pins, §2.7) live beside it and are persisted with it.
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
import { availabilityOf, type Blocked } from './availability';
import { clampDeadline, deadlineAfter, effectiveCooldownSecs } from './backoff';
import { describeSkip, explainPick, skipReasonOf, type ExplainInput } from './explain';
import {
  cloneState,
  ensureLayout,
  indexOfSignature,
  renameSignature,
  signatureAt,
  stationSignatures,
} from './layout';
import { expireCooldowns, pick, selectable, type Env, type Pick } from './select';
import { affinityOf, SessionTable, type AffinityOutcome } from './sessions';
import { applyFact, clearHealth, type SharedFact } from './shared-apply';

export { effectiveCooldownSecs } from './backoff';
export { upstreamSignature } from './layout';
export type { AffinityOutcome } from './sessions';
export type { SharedFact } from './shared-apply';

const DEFAULT_FAILURE_COOLDOWN_SECS = 30;
const DEFAULT_SESSION_TTL_SECS = 21_600;
const NO_AVOID: ReadonlySet<number> = new Set();

export function stationKey(service: ServiceName, station: string): string {
  return `${service}/${station}`;
}

function thresholdOf(policy: BalancerPolicy): number {
  // A threshold below 1 would block every upstream before it ever failed.
  return Math.max(1, Math.floor(policy.failureThreshold));
}

function failureCooldownOf(policy: BalancerPolicy): number {
  return policy.failureCooldownSecs > 0
    ? policy.failureCooldownSecs
    : DEFAULT_FAILURE_COOLDOWN_SECS;
}

export class Balancer {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly env: Env;
  private policy: BalancerPolicy;
  private states = new Map<string, StationState>();
  private readonly sessions = new SessionTable();
  private readonly listeners = new Set<() => void>();
  private readonly persistListeners = new Set<() => void>();
  /** The shared store (docs/behaviour.md §11), when `[shared]` is on. */
  private share: BalancerShareHook | null = null;

  constructor(opts: { clock: Clock; policy: BalancerPolicy; logger?: Logger; env?: Env }) {
    this.clock = opts.clock;
    this.policy = opts.policy;
    this.logger = opts.logger ?? silentLogger;
    this.env = opts.env ?? {};
  }

  /**
   * NEW (§2.3): raising or lowering the threshold can leave an upstream blocked with no cooldown
   * to ever release it, so such an upstream gets a plain failure cooldown.
   */
  setPolicy(policy: BalancerPolicy): void {
    const thresholdChanged = thresholdOf(policy) !== thresholdOf(this.policy);
    this.policy = policy;
    if (!thresholdChanged) return;
    const threshold = thresholdOf(policy);
    const until = deadlineAfter(this.clock.now(), failureCooldownOf(policy));
    let changed = false;
    for (const state of this.states.values()) {
      state.failureCounts.forEach((count, i) => {
        if (count >= threshold && (state.cooldownUntil[i] ?? null) === null) {
          state.cooldownUntil[i] = until;
          changed = true;
        }
      });
    }
    if (changed) this.emit();
  }

  setShareHook(hook: BalancerShareHook | null): void {
    this.share = hook;
  }

  state(station: StationView): StationState {
    return cloneState(this.entry(station));
  }

  /** The pick and the rule that made it (§2.7); fills in the session route's outcome. */
  choose(station: StationView, opts: SelectOptions = {}): Pick | null {
    if (station.upstreams.length === 0) return null;
    const state = this.entry(station);
    const now = this.clock.now();
    if (expireCooldowns(state, now)) this.emit();
    const input = this.input(station, state, now, opts);
    const chosen = pick(input);
    const route = opts.session;
    const own = input.pinned >= 0 ? input.pinned : input.bound;
    if (route && own >= 0) {
      if (
        chosen &&
        chosen.index === own &&
        (chosen.rule === 'pinned' || chosen.rule === 'session')
      ) {
        route.tried = true;
      } else if (!input.avoid.has(own) && route.passedOver === null) {
        route.passedOver = describeSkip(skipReasonOf(input, own));
      }
    }
    return chosen;
  }

  select(station: StationView, opts: SelectOptions = {}): number | null {
    return this.choose(station, opts)?.index ?? null;
  }

  /**
   * `viaSession`: the upstream was picked by a conversation's pin or binding. Its success keeps
   * that conversation where it is but does not move the station's last good, which steers new
   * conversations and session-less traffic: otherwise one old conversation on a fallback relay
   * would undo "Go back to #1" and return to preferred on its next turn (docs/behaviour.md §2.7).
   */
  recordResult(station: StationView, index: number, success: boolean, viaSession = false): void {
    const state = this.entry(station);
    if (!inRange(state, index)) return;
    if (success) {
      // The common case on the hot path is a success on an already healthy sticky upstream:
      // nothing changes, so nobody needs to hear about it (no snapshot, no state.json write).
      // A balance at or below its threshold stays exhausted whatever a request says: the
      // threshold is the user's reserve, and only a later poll lifts it (docs/behaviour.md §9.3).
      const keepExhausted = state.exhaustedBy[index] === 'balance';
      const unchanged =
        state.failureCounts[index] === 0 &&
        state.cooldownUntil[index] === null &&
        state.penaltyStreak[index] === 0 &&
        (state.usageExhausted[index] === false || keepExhausted) &&
        (viaSession || state.lastGoodIndex === index);
      if (unchanged) return;
      const hadUntil = state.cooldownUntil[index] ?? null;
      const wasExhausted = state.usageExhausted[index] === true;
      state.failureCounts[index] = 0;
      state.cooldownUntil[index] = null;
      state.penaltyStreak[index] = 0;
      // NEW: a success proves the quota is back, so exhaustion set by a quota error or by hand
      // is lifted.
      if (!keepExhausted) {
        state.usageExhausted[index] = false;
        state.exhaustedReason[index] = null;
        state.exhaustedBy[index] = null;
      }
      if (!viaSession) this.setLastGood(state, index);
      if (this.share) {
        if (hadUntil !== null) this.share.cleared(station, index, hadUntil);
        if (wasExhausted && !keepExhausted) this.share.exhausted(station, index, false, null, null);
      }
      this.emit();
      return;
    }
    const threshold = thresholdOf(this.policy);
    const count = Math.min((state.failureCounts[index] ?? 0) + 1, Number.MAX_SAFE_INTEGER);
    state.failureCounts[index] = count;
    this.restartReturnWait(state, index);
    if (count >= threshold) {
      const streak = state.penaltyStreak[index] ?? 0;
      const secs = effectiveCooldownSecs(
        failureCooldownOf(this.policy),
        streak,
        this.policy.backoff,
      );
      const until = deadlineAfter(this.clock.now(), secs);
      const existing = state.cooldownUntil[index] ?? null;
      // Only ever extend: a longer penalty (e.g. a 429's Retry-After) must not be cut short.
      if (existing === null || until > existing) state.cooldownUntil[index] = until;
      state.penaltyStreak[index] = Math.min(streak + 1, Number.MAX_SAFE_INTEGER);
      if (state.lastGoodIndex === index) state.lastGoodIndex = null;
      this.share?.tripped(station, index, state.cooldownUntil[index] ?? until, count);
      this.logger.info(
        `lb: ${station.service}/${station.name} upstream #${index} reached failure threshold ${threshold} (count ${count}), cooling down for ${secs}s`,
      );
    }
    this.emit();
  }

  penalize(station: StationView, index: number, cooldownSecs: number, reason: string): void {
    const state = this.entry(station);
    if (!inRange(state, index)) return;
    const streak = state.penaltyStreak[index] ?? 0;
    const secs = effectiveCooldownSecs(cooldownSecs, streak, this.policy.backoff);
    state.failureCounts[index] = thresholdOf(this.policy);
    state.cooldownUntil[index] = deadlineAfter(this.clock.now(), secs);
    state.penaltyStreak[index] = Math.min(streak + 1, Number.MAX_SAFE_INTEGER);
    this.restartReturnWait(state, index);
    if (state.lastGoodIndex === index) state.lastGoodIndex = null;
    this.share?.tripped(
      station,
      index,
      state.cooldownUntil[index] ?? this.clock.now(),
      state.failureCounts[index] ?? 0,
    );
    this.logger.info(
      `lb: ${station.service}/${station.name} upstream #${index} penalized for ${secs}s (reason: ${reason})`,
    );
    this.emit();
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
    const state = this.entry(station);
    if (!inRange(state, index)) return;
    const nextReason = exhausted ? (reason ?? null) : null;
    const nextSource = exhausted ? source : null;
    if (
      state.usageExhausted[index] === exhausted &&
      state.exhaustedReason[index] === nextReason &&
      state.exhaustedBy[index] === nextSource
    ) {
      return;
    }
    state.usageExhausted[index] = exhausted;
    state.exhaustedReason[index] = nextReason;
    state.exhaustedBy[index] = nextSource;
    this.share?.exhausted(station, index, exhausted, nextReason, nextSource);
    this.emit();
  }

  /** Who set the upstream's exhaustion, or null when it is not exhausted. */
  exhaustedBy(station: StationView, index: number): ExhaustSource | null {
    const state = this.entry(station);
    return state.usageExhausted[index] ? (state.exhaustedBy[index] ?? 'user') : null;
  }

  reset(station: StationView, index: number): void {
    const state = this.entry(station);
    if (!inRange(state, index)) return;
    this.clearShared(station, state, index);
    clearHealth(state, index);
    this.emit();
  }

  /** `resetAll`: failure counts, cooldowns and streaks cleared on every station given. */
  resetAll(stations: readonly StationView[]): void {
    for (const station of stations) {
      const state = this.entry(station);
      for (let i = 0; i < state.failureCounts.length; i++) {
        this.clearShared(station, state, i);
        clearHealth(state, i);
      }
    }
    this.emit();
  }

  /** `preferUpstream` ("Go back to #1"): new traffic sticks to `index` from now on. */
  prefer(station: StationView, index: number): void {
    const state = this.entry(station);
    if (!inRange(state, index)) return;
    state.lastGoodIndex = index;
    state.lastGoodSince = this.clock.now();
    this.emit();
  }

  explain(
    station: StationView,
    isSupported?: (index: number) => boolean,
    model?: string,
    session?: SessionRoute | null,
  ): NextPick {
    const state = this.entry(station);
    const now = this.clock.now();
    if (expireCooldowns(state, now)) this.emit();
    const input = this.input(station, state, now, { isSupported, session: session ?? null });
    return explainPick({ ...input, model });
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
    const now = this.clock.now();
    const { isSupported, model } = opts;
    const inputs = stations.map((station) => {
      const state = this.entry(station);
      if (expireCooldowns(state, now)) this.emit();
      const supported = isSupported ? (i: number) => isSupported(station, i) : undefined;
      return {
        ...this.input(station, state, now, { isSupported: supported, strict: true }),
        model,
      };
    });
    return availabilityOf(inputs, opts.withReasons ?? false);
  }

  earliestCooldownEnd(station: StationView): number | null {
    const now = this.clock.now();
    let earliest: number | null = null;
    for (const until of this.entry(station).cooldownUntil) {
      if (until !== null && until > now && (earliest === null || until < earliest))
        earliest = until;
    }
    return earliest;
  }

  // ---- sessions (§2.7) ------------------------------------------------------------------------

  /** The request's session as stored now; null without a session id. */
  route(service: ServiceName, sessionId: string | null): SessionRoute | null {
    if (sessionId === null || sessionId === '') return null;
    const ttlSecs = this.policy.sessionAffinityTtlSecs ?? DEFAULT_SESSION_TTL_SECS;
    const { route, dropped } = this.sessions.route(service, sessionId, {
      now: this.clock.now(),
      affinity: this.policy.sessionAffinity !== false,
      ttlMs: ttlSecs * 1000,
    });
    if (dropped) this.emitPersist();
    return route;
  }

  /** The upstream that answered the session successfully becomes its binding. */
  bind(route: SessionRoute | null, station: StationView, index: number): void {
    if (!route || this.policy.sessionAffinity === false) return;
    const signature = signatureAt(station, index);
    if (signature === undefined) return;
    if (this.sessions.bind(route, station.name, signature, this.clock.now())) {
      this.share?.sessionSet(station, index, route.service, route.sessionId, false);
      this.emitPersist();
    }
  }

  affinity(
    route: SessionRoute,
    answered: { station: StationView; index: number } | null,
    failure: string | null,
  ): AffinityOutcome | null {
    if (this.policy.sessionAffinity === false && !route.pin) return null;
    const signature = answered ? signatureAt(answered.station, answered.index) : undefined;
    const at = answered && signature ? { station: answered.station.name, signature } : null;
    return affinityOf(route, at, failure);
  }

  pinSession(service: ServiceName, sessionId: string, station: StationView, index: number): void {
    const signature = signatureAt(station, index);
    if (signature === undefined) return;
    this.sessions.pin(service, sessionId, station.name, signature, this.clock.now());
    this.share?.sessionSet(station, index, service, sessionId, true);
    this.emitPersist();
  }

  unpinSession(service: ServiceName, sessionId: string): void {
    if (!this.sessions.unpin(service, sessionId, this.clock.now())) return;
    this.share?.sessionUnpinned(service, sessionId);
    this.emitPersist();
  }

  /** The session's pin and live binding, read without touching either (the Sessions view). */
  sessionOf(
    service: ServiceName,
    sessionId: string,
  ): { pin: SessionEntry | null; binding: SessionEntry | null } {
    const ttlMs = (this.policy.sessionAffinityTtlSecs ?? DEFAULT_SESSION_TTL_SECS) * 1000;
    const found = this.sessions.binding(service, sessionId);
    const live =
      found !== null &&
      this.policy.sessionAffinity !== false &&
      this.clock.now() - found.at < ttlMs;
    return { pin: this.sessions.pinOf(service, sessionId), binding: live ? found : null };
  }

  /** The first upstream in list order a request without a session could take (§2.7), or null. */
  firstSelectable(station: StationView): number | null {
    const state = this.entry(station);
    const now = this.clock.now();
    if (expireCooldowns(state, now)) this.emit();
    const input = this.input(station, state, now, { strict: true });
    for (let i = 0; i < station.upstreams.length; i++) {
      if (skipReasonOf(input, i) === null) return i;
    }
    return null;
  }

  /**
   * The station of `stations` (a try order) holding the session's pinned, else bound, upstream
   * while that upstream is selectable: the proxy tries it first. Null otherwise — a session whose
   * upstream cannot take it follows the user's station order like any other request.
   */
  sessionStation(route: SessionRoute | null, stations: readonly StationView[]): string | null {
    if (route === null) return null;
    const now = this.clock.now();
    for (const own of [route.pin, route.binding]) {
      const station = own ? stations.find((s) => s.name === own.station) : undefined;
      if (!own || !station) continue;
      const index = indexOfSignature(station, own.signature);
      if (index < 0) continue;
      const state = this.entry(station);
      if (expireCooldowns(state, now)) this.emit();
      if (selectable(this.input(station, state, now, { strict: true }), index)) return station.name;
    }
    return null;
  }

  // ---- what other instances learned (docs/behaviour.md §11); never told back to the store ------

  /** A fact another instance learned about this upstream (docs/behaviour.md §11.1). */
  applyShared(station: StationView, index: number, fact: SharedFact): void {
    const state = this.entry(station);
    if (!inRange(state, index)) return;
    if (applyFact(state, index, fact, thresholdOf(this.policy), this.clock.now())) this.emit();
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
    const signature = signatureAt(station, index);
    if (signature === undefined) return;
    if (!pinned) this.sessions.put(service, sessionId, station.name, signature, at);
    else if (!this.sessions.putPin(service, sessionId, station.name, signature, at)) return;
    this.emitPersist();
  }

  /** Another instance unpinned the session at `at` (docs/behaviour.md §11.1); not sent back. */
  applySharedUnpin(service: ServiceName, sessionId: string, at: number): void {
    if (this.sessions.dropPin(service, sessionId, at)) this.emitPersist();
  }

  // ---- stations, persistence, listeners -------------------------------------------------------

  /**
   * The same upstreams under new identities (same order, new tags): their state moves to the new
   * signatures instead of being reset, as a station rename does (addIdentityTags).
   */
  carryState(before: StationView, after: StationView): void {
    if (before.upstreams.length !== after.upstreams.length) return;
    const state = this.entry(before);
    const signatures = stationSignatures(after);
    // Sessions bound or pinned to these upstreams follow them to their new identities.
    if (this.sessions.resign(before.service, before.name, state.signatures, signatures)) {
      this.emitPersist();
    }
    state.signatures = signatures;
    this.emit();
  }

  renameStation(service: ServiceName, from: string, to: string): void {
    if (from === to) return;
    if (this.sessions.renameStation(service, from, to)) this.emitPersist();
    const fromKey = stationKey(service, from);
    const state = this.states.get(fromKey);
    if (!state) return;
    this.states.delete(fromKey);
    state.signatures = state.signatures.map((sig) => renameSignature(sig, from, to));
    this.states.set(stationKey(service, to), state);
    this.emit();
  }

  removeStation(service: ServiceName, name: string): void {
    if (this.sessions.removeStation(service, name)) this.emitPersist();
    if (this.states.delete(stationKey(service, name))) this.emit();
  }

  retainStations(keys: ReadonlySet<string>): void {
    let changed = false;
    for (const key of [...this.states.keys()]) {
      if (!keys.has(key)) {
        this.states.delete(key);
        changed = true;
      }
    }
    if (changed) this.emit();
  }

  toJSON(): PersistedBalancerState {
    const stations: Record<string, StationState> = {};
    for (const [key, state] of this.states) stations[key] = cloneState(state);
    return { version: 2, stations, sessions: this.sessions.toJSON() };
  }

  restore(persisted: PersistedBalancerState): void {
    const now = this.clock.now();
    this.states = new Map(
      Object.entries(persisted.stations).map(([key, state]) => {
        const s = cloneState(state);
        // A hand-edited or corrupt deadline (1e308) must not cool an upstream for ever.
        s.cooldownUntil = s.cooldownUntil.map((u) => clampDeadline(now, u));
        // A file that does not say since when: the return-to-preferred wait starts now.
        if (s.lastGoodIndex !== null && s.lastGoodSince === null) s.lastGoodSince = now;
        return [key, s];
      }),
    );
    this.sessions.restore(persisted.sessions);
    this.emit();
  }

  /** Visible changes (snapshot and state.json). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Changes only state.json needs to hear about (session bindings and pins). */
  onPersist(listener: () => void): () => void {
    this.persistListeners.add(listener);
    return () => {
      this.persistListeners.delete(listener);
    };
  }

  private input(
    station: StationView,
    state: StationState,
    now: number,
    opts: SelectOptions,
  ): ExplainInput {
    const route = opts.session ?? null;
    const here = (e: { station: string; signature: string } | null): number =>
      e && e.station === station.name ? indexOfSignature(station, e.signature) : -1;
    const secs = this.policy.returnToPreferredSecs ?? 0;
    const fresh = route === null || (route.pin === null && route.binding === null);
    return {
      state,
      station,
      threshold: thresholdOf(this.policy),
      avoid: opts.avoid ?? NO_AVOID,
      strict: opts.strict ?? false,
      env: this.env,
      exhaustedFallback: this.policy.exhaustedFallback !== false,
      isSupported: opts.isSupported,
      pinned: here(route?.pin ?? null),
      bound: here(route?.binding ?? null),
      returnDue:
        secs > 0 &&
        fresh &&
        state.lastGoodSince !== null &&
        now - state.lastGoodSince >= secs * 1000,
      now,
    };
  }

  private clearShared(station: StationView, state: StationState, index: number): void {
    const until = state.cooldownUntil[index] ?? null;
    if (until !== null) this.share?.cleared(station, index, until);
  }

  private setLastGood(state: StationState, index: number): void {
    if (state.lastGoodIndex === index) return;
    state.lastGoodIndex = index;
    state.lastGoodSince = this.clock.now();
  }

  /** A failure above the last good upstream (a try to go back) restarts the wait (§2.7). */
  private restartReturnWait(state: StationState, index: number): void {
    if (state.lastGoodIndex !== null && index < state.lastGoodIndex) {
      state.lastGoodSince = this.clock.now();
    }
  }

  /** The station's live state, migrated to its current layout. */
  private entry(station: StationView): StationState {
    const key = stationKey(station.service, station.name);
    const old = this.states.get(key);
    const current = ensureLayout(old, station);
    if (current !== old) {
      this.states.set(key, current);
      // A brand-new all-clean state is not a visible change; a migration of existing state is.
      if (old) this.emit();
    }
    return current;
  }

  private emit(): void {
    this.notify(this.listeners);
  }

  private emitPersist(): void {
    this.notify(this.persistListeners);
  }

  private notify(listeners: Set<() => void>): void {
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch (err) {
        // One faulty subscriber must not break balancing for the request that triggered it.
        this.logger.error(`balancer change listener failed: ${String(err)}`);
      }
    }
  }
}

function inRange(state: StationState, index: number): boolean {
  return Number.isInteger(index) && index >= 0 && index < state.failureCounts.length;
}
