// The live snapshot (docs/behaviour.md §6): whole, immutable, versioned. The renderer replaces its
// copy and drops a snapshot only when it has the same `instanceId` and a lower `version`. Never
// carries a secret.
// The stations' and requests' parts are in snapshot-upstreams.ts and snapshot-requests.ts;
// import them from here.
import type { LanguageSetting, RetryProfileName, ServiceName } from './config-types';
import type { MessageRef } from './message-ref';
import type { EngineEvent, Notice } from './events';
import type { StationSnapshot } from './snapshot-upstreams';
import type { MetricsSnapshot, RequestSummary } from './snapshot-requests';

export type {
  AuthSource,
  BalanceSnapshot,
  BalanceSourceSnapshot,
  ExhaustSource,
  NextPick,
  PickRule,
  SkippedUpstream,
  SkipReason,
  StationSnapshot,
  UpstreamSnapshot,
  UpstreamStats,
  UpstreamTestResult,
} from './snapshot-upstreams';
export type {
  Affinity,
  AttemptDecision,
  AttemptRecord,
  MetricsSnapshot,
  RequestSummary,
  TokenUsage,
} from './snapshot-requests';

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export interface ServiceSnapshot {
  readonly listening: ListenAddress | null;
  /** Why the listener is not up (e.g. "port 3211 is already in use by pid 123 (node)"). */
  readonly error: string | null;
  /** Name of the active station, or null. */
  readonly active: string | null;
  readonly stations: readonly StationSnapshot[];
  /** The proxy is paused (`setPaused`): every listener answers 503 `proxy_paused`. */
  readonly paused: boolean;
  /** USD today / this month over the service's upstreams (priced requests only). */
  readonly costTodayUsd: number;
  readonly costMonthUsd: number;
  /** Requests today that used tokens on a model without a price. */
  readonly unpricedToday: number;
  /**
   * Whether some upstream of the try order (the active station, then the stations cross-station
   * failover would try) can take a request now (docs/behaviour.md §2.7).
   */
  readonly available: boolean;
  /** When not available: the first cooldown end that makes an upstream selectable again (epoch ms). */
  readonly availableAgainAt: number | null;
}

export type ClientName = 'codex' | 'claude';
export type ClientStatus = 'off' | 'on' | 'stale' | 'foreign';

export interface ClientSnapshot {
  readonly status: ClientStatus;
  readonly file: string;
  /** A problem reading the client's file (malformed, unreadable); null when fine. */
  readonly error: string | null;
}

export interface ConfigErrorInfo {
  readonly message: string;
  /** The explanation (without file and key path) for the UI to translate, when it has one. */
  readonly messageId?: string;
  readonly params?: Readonly<Record<string, string | number>>;
  readonly file: string;
  /** Key path such as `codex.stations.main.upstreams[1].base_url`, when known. */
  readonly path: string | null;
  readonly line: number | null;
  readonly column: number | null;
}

export interface StateErrorInfo {
  readonly message: string;
  readonly file: string;
  /** Where the unreadable file was kept aside, when it was. */
  readonly movedTo: string | null;
}

export interface SettingsSnapshot {
  readonly proxy: {
    readonly host: string;
    readonly codexPort: number;
    readonly claudePort: number;
    readonly streamIdleTimeoutSecs: number;
    readonly allowBrowserOrigins: boolean;
  };
  readonly console: { readonly host: string; readonly port: number };
  readonly retry: {
    readonly profile: RetryProfileName;
    readonly failureThreshold: number;
    readonly failureCooldownSecs: number;
    readonly transportCooldownSecs: number;
    /** Effective values (profile + overrides). */
    readonly cooldownBackoffFactor: number;
    readonly cooldownBackoffMaxSecs: number;
    readonly exhaustedFallback: boolean;
    readonly returnToPreferredSecs: number;
    readonly sessionAffinity: boolean;
    readonly sessionAffinityTtlSecs: number;
  };
  readonly notifications: {
    readonly trip: boolean;
    readonly exhausted: boolean;
    readonly allDown: boolean;
    readonly recovered: boolean;
  };
  readonly app: { readonly startAtLogin: boolean; readonly language: LanguageSetting };
}

/**
 * `[shared]` (docs/behaviour.md §11): `off` without a redis_url; `down` while the store cannot be
 * reached (the instance works on its local state meanwhile). `error` never holds the URL.
 */
export interface SharedStatus {
  readonly status: 'off' | 'connecting' | 'connected' | 'down';
  readonly error: string | null;
  /** When the status last changed (epoch ms); null while off. */
  readonly since: number | null;
}

export const SHARED_OFF: SharedStatus = { status: 'off', error: null, since: null };

export interface Snapshot {
  readonly instanceId: string;
  readonly version: number;
  readonly generatedAt: number;
  readonly services: Readonly<Record<ServiceName, ServiceSnapshot>>;
  readonly clients: Readonly<Record<ClientName, ClientSnapshot>>;
  readonly configError: ConfigErrorInfo | null;
  readonly stateError: StateErrorInfo | null;
  /** Balancer state shared through Redis (docs/behaviour.md §11). */
  readonly shared: SharedStatus;
  readonly recentRequests: readonly RequestSummary[];
  /** NEW (additive): warnings such as "auth_token and auth_token_env both set" or a non-loopback host. */
  readonly warnings: readonly string[];
  /** `warnings` for the UI to translate, one per warning (null: show the text as it is). */
  readonly warningMessages: readonly (MessageRef | null)[];
  readonly settings: SettingsSnapshot;
  readonly metrics: MetricsSnapshot;
  readonly paths: { readonly home: string; readonly config: string; readonly logs: string };
  /** Latest events first (logs/events.jsonl has them all). */
  readonly recentEvents: readonly EngineEvent[];
  /** Latest notifications first; a client shows those with an id above the last it saw. */
  readonly notices: readonly Notice[];
}

/** Whether `next` should replace `current` in a client (docs/behaviour.md §6). */
export function isNewerSnapshot(current: Snapshot | null, next: Snapshot): boolean {
  if (!current) return true;
  if (current.instanceId !== next.instanceId) return true;
  return next.version > current.version;
}
