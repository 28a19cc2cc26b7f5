// Boundaries between the engine's parts. The engine never imports Electron; it takes its side
// effects (clock, home folder, logger, environment, ports) as arguments.
import type { AppConfig, ServiceName, UpstreamConfig } from '../../shared/config-types';
import type { ExhaustSource, NextPick, RequestSummary } from '../../shared/snapshot';
import type { Scheduler } from './coalesce';

/** Wall clock in epoch ms. Tests inject a manual clock; nothing in the engine calls Date.now(). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

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
  logger?: Logger;
  /** Environment used for `*_env` auth lookups (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
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
  /** Random source for jitter (tests pass () => 0). */
  random?: () => number;
  /** Timers for balance polls (default: the system's; tests pass a manual one). */
  scheduler?: Scheduler;
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
}

/** What the balancer needs to know about one station. */
export interface StationView {
  service: ServiceName;
  name: string;
  upstreams: readonly Pick<UpstreamConfig, 'base_url' | 'tags' | 'enabled'>[];
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
}

/** state.json content (docs/behaviour.md §2.6). */
export interface PersistedBalancerState {
  version: 1;
  /** Keyed by `${service}/${station}`. */
  stations: Record<string, StationState>;
}

export interface SelectOptions {
  avoid?: ReadonlySet<number>;
  strict?: boolean;
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

/** A finished request as the proxy reports it; the engine prices it (costUsd). */
export type ProxyRecord = Omit<RequestSummary, 'costUsd'>;

export type { NextPick };
