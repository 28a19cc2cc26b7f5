// The load balancer: the port of codex-helper's balancer plus the NEW parts of docs/behaviour.md
// §2. State is kept per station key `${service}/${station}` and migrated lazily to the current
// layout before each use, so config edits and restored state.json go through the same rules.
import type { ServiceName } from '../../../shared/config-types';
import type { ExhaustSource } from '../../../shared/snapshot';
import type {
  BalancerPolicy,
  Clock,
  Logger,
  NextPick,
  PersistedBalancerState,
  SelectOptions,
  StationState,
  StationView,
} from '../types';
import { silentLogger } from '../types';
import { deadlineAfter, effectiveCooldownSecs } from './backoff';
import { explainPick } from './explain';
import { cloneState, ensureLayout, renameSignature, stationSignatures } from './layout';
import { expireCooldowns, pick } from './select';

export { effectiveCooldownSecs } from './backoff';
export { upstreamSignature } from './layout';

const DEFAULT_FAILURE_COOLDOWN_SECS = 30;
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
  private policy: BalancerPolicy;
  private states = new Map<string, StationState>();
  private readonly listeners = new Set<() => void>();

  constructor(opts: { clock: Clock; policy: BalancerPolicy; logger?: Logger }) {
    this.clock = opts.clock;
    this.policy = opts.policy;
    this.logger = opts.logger ?? silentLogger;
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

  state(station: StationView): StationState {
    return cloneState(this.entry(station));
  }

  select(station: StationView, opts: SelectOptions = {}): number | null {
    if (station.upstreams.length === 0) return null;
    const state = this.entry(station);
    if (expireCooldowns(state, this.clock.now())) this.emit();
    const chosen = pick({
      state,
      station,
      threshold: thresholdOf(this.policy),
      avoid: opts.avoid ?? NO_AVOID,
      strict: opts.strict ?? false,
    });
    return chosen ? chosen.index : null;
  }

  recordResult(station: StationView, index: number, success: boolean): void {
    const state = this.entry(station);
    if (!inRange(state, index)) return;
    if (success) {
      // The common case on the hot path is a success on an already healthy sticky upstream:
      // nothing changes, so nobody needs to hear about it (no snapshot, no state.json write).
      const unchanged =
        state.failureCounts[index] === 0 &&
        state.cooldownUntil[index] === null &&
        state.penaltyStreak[index] === 0 &&
        state.usageExhausted[index] === false &&
        state.lastGoodIndex === index;
      if (unchanged) return;
      state.failureCounts[index] = 0;
      state.cooldownUntil[index] = null;
      state.penaltyStreak[index] = 0;
      // NEW: a success proves the quota is back, so automatic or manual exhaustion is lifted.
      state.usageExhausted[index] = false;
      state.exhaustedReason[index] = null;
      state.exhaustedBy[index] = null;
      state.lastGoodIndex = index;
      this.emit();
      return;
    }
    const threshold = thresholdOf(this.policy);
    const count = Math.min((state.failureCounts[index] ?? 0) + 1, Number.MAX_SAFE_INTEGER);
    state.failureCounts[index] = count;
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
    if (state.lastGoodIndex === index) state.lastGoodIndex = null;
    this.logger.info(
      `lb: ${station.service}/${station.name} upstream #${index} penalized for ${secs}s (reason: ${reason})`,
    );
    this.emit();
  }

  /**
   * Marks or clears exhaustion. `by` says who set it (docs/behaviour.md "Quota and cost"): a
   * quota error, a balance poll, or the user (also what an unsourced exhaustion counts as).
   */
  setExhausted(
    station: StationView,
    index: number,
    exhausted: boolean,
    reason?: string | null,
    by: ExhaustSource = 'user',
  ): void {
    const state = this.entry(station);
    if (!inRange(state, index)) return;
    const nextReason = exhausted ? (reason ?? null) : null;
    const nextBy = exhausted ? by : null;
    if (
      state.usageExhausted[index] === exhausted &&
      state.exhaustedReason[index] === nextReason &&
      state.exhaustedBy[index] === nextBy
    ) {
      return;
    }
    state.usageExhausted[index] = exhausted;
    state.exhaustedReason[index] = nextReason;
    state.exhaustedBy[index] = nextBy;
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
    state.failureCounts[index] = 0;
    state.cooldownUntil[index] = null;
    state.penaltyStreak[index] = 0;
    this.emit();
  }

  explain(
    station: StationView,
    isSupported?: (index: number) => boolean,
    model?: string,
  ): NextPick {
    const state = this.entry(station);
    const now = this.clock.now();
    if (expireCooldowns(state, now)) this.emit();
    return explainPick({
      state,
      station,
      threshold: thresholdOf(this.policy),
      now,
      ...(isSupported ? { isSupported } : {}),
      ...(model !== undefined ? { model } : {}),
    });
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

  renameStation(service: ServiceName, from: string, to: string): void {
    if (from === to) return;
    const fromKey = stationKey(service, from);
    const state = this.states.get(fromKey);
    if (!state) return;
    this.states.delete(fromKey);
    state.signatures = state.signatures.map((sig) => renameSignature(sig, from, to));
    this.states.set(stationKey(service, to), state);
    this.emit();
  }

  /**
   * The same upstreams under new identities (same order, new tags): their state moves to the new
   * signatures instead of being reset, as a station rename does (addIdentityTags).
   */
  carryState(before: StationView, after: StationView): void {
    if (before.upstreams.length !== after.upstreams.length) return;
    const state = this.entry(before);
    state.signatures = stationSignatures(after);
    this.emit();
  }

  removeStation(service: ServiceName, name: string): void {
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
    return { version: 1, stations };
  }

  restore(persisted: PersistedBalancerState): void {
    this.states = new Map(
      Object.entries(persisted.stations).map(([key, state]) => [key, cloneState(state)]),
    );
    this.emit();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
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
    for (const listener of [...this.listeners]) {
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
