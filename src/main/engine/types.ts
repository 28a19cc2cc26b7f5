// Boundaries between the engine's parts. The engine never imports Electron; it takes its side
// effects (clock, home folder, logger, environment, ports) as arguments.
import type { AppConfig, ServiceName, UpstreamConfig } from '../../shared/config-types';
import type { ExhaustSource, NextPick, RequestSummary } from '../../shared/snapshot';
import type { SharedPort } from './shared/port';

/** Wall clock in epoch ms. Tests inject a manual clock; nothing in the engine calls Date.now(). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * Timers as a port, so tests drive them with a manual clock instead of sleeping. The engine's
 * timers (retry backoff, snapshot pushes, cooldown refresh, config polling) all go through it.
 */
export interface Scheduler extends Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    // A pending timer must never keep a shutting-down process alive.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export interface EngineDeps {
  /** Home folder: config.toml, state.json, logs/. */
  home: string;
  clock?: Clock;
  /** Timers: retries, snapshot pushes, config and balance polls (default: the system's). */
  scheduler?: Scheduler;
  logger?: Logger;
  /** Environment used for `*_env` auth lookups (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * The login shell's environment (desktop app only, docs/behaviour.md §8.5): consulted for key
   * lookups where `env` lacks the variable, and for nothing else.
   */
  shellEnv?: Readonly<Record<string, string>>;
  /** `$CODEX_HOME` (default ~/.codex) and `$CLAUDE_CONFIG_DIR` (default ~/.claude). */
  codexHome?: string;
  claudeConfigDir?: string;
  /**
   * Listener ports that override config.toml (0 = pick a free port; tests use this).
   * `false` disables that listener entirely.
   */
  ports?: { codex?: number | false; claude?: number | false };
  /** Debounce for state.json writes (ms, default 500). */
  stateWriteDelayMs?: number;
  /** Poll interval for config.toml changes (ms, default 250). */
  configPollMs?: number;
  /** Minimum gap between snapshot pushes (ms, default 100 → at most ~10/s). */
  snapshotCoalesceMs?: number;
  /**
   * Opens the shared store for `[shared]` (docs/behaviour.md §11); default: Redis. Tests of the
   * engine without Redis pass an in-memory store.
   */
  openShared?: (opts: OpenSharedOptions) => SharedPort;
  /** Random source for jitter (tests pass () => 0). */
  random?: () => number;
}

export interface OpenSharedOptions {
  url: string;
  prefix: string;
  clock: Clock;
  logger: Logger;
  instanceId: string;
}

// ---------------------------------------------------------------------------------------------
// Balancer (src/main/engine/balancer): codex-helper's balancer plus the NEW parts of
// docs/behaviour.md §2.

export interface BackoffPolicy {
  factor: number;
  maxSecs: number;
}

export interface BalancerPolicy {
  failureThreshold: number;
  /** Cooldown when the threshold is reached by record(); 0 means 30. */
  failureCooldownSecs: number;
  backoff: BackoffPolicy;
  /** `[retry] exhausted_fallback` (default true): exhausted upstreams as a last resort. */
  exhaustedFallback?: boolean;
  /** `[retry] return_to_preferred_secs` (default 0 = never). */
  returnToPreferredSecs?: number;
  /** `[retry] session_affinity` (default true). */
  sessionAffinity?: boolean;
  /** `[retry] session_affinity_ttl_secs` (default 21600). */
  sessionAffinityTtlSecs?: number;
}

/** What the balancer needs to know about one upstream; `auth` decides "key present". */
export type BalancedUpstream = Pick<UpstreamConfig, 'base_url' | 'tags' | 'enabled'> &
  Partial<Pick<UpstreamConfig, 'auth'>>;

/** What the balancer needs to know about one station. */
export interface StationView {
  service: ServiceName;
  name: string;
  upstreams: readonly BalancedUpstream[];
}

/** Per-station state (after layout migration), indices = upstream positions. */
export interface StationState {
  signatures: string[];
  failureCounts: number[];
  /** Epoch ms deadlines. */
  cooldownUntil: (number | null)[];
  usageExhausted: boolean[];
  exhaustedReason: (string | null)[];
  /** Who set the exhaustion (null when not exhausted); stored without one = the user. */
  exhaustedBy: (ExhaustSource | null)[];
  penaltyStreak: number[];
  lastGoodIndex: number | null;
  /** When traffic moved to `lastGoodIndex` (epoch ms): the return-to-preferred wait starts here. */
  lastGoodSince: number | null;
}

/** A session's upstream, by station and signature so it follows the upstream through edits. */
export interface SessionEntry {
  id: string;
  station: string;
  signature: string;
  /** Last use (binding) or when pinned (pin), epoch ms. */
  at: number;
}

/** Per service, least recently used first. */
export interface PersistedSessions {
  bindings: SessionEntry[];
  pins: SessionEntry[];
}

/** state.json content (docs/behaviour.md §2.6), version 2; version 1 files migrate on load. */
export interface PersistedBalancerState {
  version: 2;
  /** Keyed by `${service}/${station}`. */
  stations: Record<string, StationState>;
  sessions: Record<ServiceName, PersistedSessions>;
}

/**
 * What the balancer tells the shared store (docs/behaviour.md §11); called only when state changed,
 * never on a success that changed nothing, so the per-request cost stays one null check.
 */
export interface BalancerShareHook {
  tripped(station: StationView, index: number, until: number, failures: number): void;
  cleared(station: StationView, index: number, until: number): void;
  exhausted(
    station: StationView,
    index: number,
    exhausted: boolean,
    reason: string | null,
    by: ExhaustSource | null,
  ): void;
  sessionSet(
    station: StationView,
    index: number,
    service: ServiceName,
    sessionId: string,
    pinned: boolean,
  ): void;
  /** The user unpinned the session here (docs/behaviour.md §11.1). */
  sessionUnpinned(service: ServiceName, sessionId: string): void;
}

export interface SelectOptions {
  avoid?: ReadonlySet<number>;
  strict?: boolean;
  /** Model filter (docs/behaviour.md §3.4): false = not selectable for this request. */
  isSupported?: (index: number) => boolean;
  /** The request's session (from Balancer.route); null/absent = a session-less request. */
  session?: SessionRoute | null;
}

/**
 * One request's session as the balancer resolved it. `select` fills in why the session's own
 * upstream was passed over, which the request log reports as the reason of a move.
 */
export interface SessionRoute {
  service: ServiceName;
  sessionId: string;
  pin: SessionEntry | null;
  /** Null when there is none, it expired, or session affinity is off. */
  binding: SessionEntry | null;
  /** A binding existed but was older than the TTL (dropped now). */
  expired: boolean;
  /** Why the pinned/bound upstream was not picked, as "cooling (12s left)"; set by select. */
  passedOver: string | null;
  /** The pinned/bound upstream was picked by select in this request (it may then fail). */
  tried: boolean;
}

// ---------------------------------------------------------------------------------------------
// Config editing (src/main/engine/config): surgical edits computed on the original text.

export type TomlScalar = string | number | boolean;
export type TomlValue = TomlScalar | TomlValue[] | { [key: string]: TomlValue };

export type ConfigEdit =
  /** Set a key (creating tables as needed), e.g. ['retry','failure_threshold'] or
   *  ['codex','stations','main','upstreams',1,'enabled']. */
  | { kind: 'set'; path: (string | number)[]; value: TomlValue }
  | { kind: 'delete'; path: (string | number)[] }
  | { kind: 'appendUpstream'; service: ServiceName; station: string; upstream: UpstreamConfig }
  | { kind: 'removeUpstream'; service: ServiceName; station: string; index: number }
  | { kind: 'moveUpstream'; service: ServiceName; station: string; from: number; to: number }
  | {
      kind: 'addStation';
      service: ServiceName;
      station: { name: string; alias?: string; enabled: boolean; level: number };
    }
  | { kind: 'renameStation'; service: ServiceName; from: string; to: string }
  | { kind: 'removeStation'; service: ServiceName; name: string };

// ---------------------------------------------------------------------------------------------
// Proxy (src/main/engine/proxy): what the engine gives a listener.

export interface ProxyRuntime {
  config: AppConfig;
  env: Readonly<Record<string, string | undefined>>;
  /** `setPaused`: every request is answered 503 `proxy_paused` (docs/behaviour.md §8.2). */
  paused?: boolean;
}

/** A finished request, priced; the engine keeps stats, log and snapshot. */
export type RequestRecord = RequestSummary;

/**
 * A finished request as the proxy reports it, `costUsd` still null: the engine prices it in place
 * before anyone else sees it (one object per request, no copy; docs/benchmarks.md).
 */
export type ProxyRecord = Omit<RequestSummary, 'costUsd'> & { costUsd: number | null };

export type { NextPick };
