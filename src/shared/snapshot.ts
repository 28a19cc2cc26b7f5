// The live snapshot (docs/behaviour.md §6): whole, immutable, versioned. The renderer replaces its
// copy and drops a snapshot only when it has the same `instanceId` and a lower `version`. Never
// carries a secret.
import type { BalanceKind, LanguageSetting, RetryProfileName, ServiceName } from './config-types';
import type { MessageRef } from './message-ref';
import type { EngineEvent, Notice } from './events';

/**
 * Why the next pick passes over an upstream (docs/behaviour.md §2.7). `sticky`, `pinned` and
 * `session` name a healthy upstream passed over because that rule chose a later one.
 */
export type SkipReason =
  | 'key-missing'
  | 'disabled'
  | 'unsupported model'
  | 'exhausted'
  | 'cooling'
  | 'failures'
  | 'sticky'
  | 'pinned'
  | 'session';

export interface SkippedUpstream {
  readonly index: number;
  readonly reason: SkipReason;
  /** e.g. "12s left", "3/3", "RELAY_A_KEY quota exhausted", "RELAY_A_KEY is not set". */
  readonly detail: string;
  /** For `cooling`: the cooldown's end (epoch ms), so a countdown can tick; otherwise null. */
  readonly until: number | null;
}

/** The selection rule that made a pick (docs/behaviour.md §2.7), first that applies wins. */
export type PickRule =
  'pinned' | 'session' | 'return-to-preferred' | 'sticky' | 'in-order' | 'exhausted-fallback';

export interface NextPick {
  /** null when nothing is selectable. */
  readonly index: number | null;
  /** The rule that chose `index`; null when nothing is selectable. */
  readonly rule: PickRule | null;
  readonly skipped: readonly SkippedUpstream[];
}

/** How a request with a session id was routed (docs/behaviour.md §2.7). */
export type Affinity = 'new' | 'kept' | 'moved';

export type AuthSource = `env:${string}` | 'inline' | 'client';

export interface UpstreamStats {
  readonly requests: number;
  readonly failures: number;
  readonly lastStatus: number | null;
  readonly lastLatencyMs: number | null;
}

export interface UpstreamTestResult {
  readonly at: number;
  readonly status: number | null;
  readonly latencyMs: number | null;
  readonly ok: boolean;
  readonly error: string | null;
}

/** Who marked an upstream exhausted: the user's click, a balance poll, or a quota error. */
export type ExhaustSource = 'user' | 'balance' | 'quota-error';

/** The last balance poll of an upstream (docs/behaviour.md §9). */
export interface BalanceSnapshot {
  /** In `currency`; null when the last poll failed before any success. */
  readonly remaining: number | null;
  readonly limit: number | null;
  readonly used: number | null;
  readonly currency: string;
  readonly unlimited: boolean;
  /** Epoch ms of the last poll (successful or not). */
  readonly checkedAt: number;
  /** Why the last poll failed (no secret); null when it succeeded. */
  readonly error: string | null;
}

/** The upstream's balance source as configured (camelCase; for the edit dialog). */
export interface BalanceSourceSnapshot {
  readonly kind: BalanceKind;
  readonly intervalSecs: number;
  readonly exhaustBelow: number;
  readonly endpoint: string | null;
  readonly remainingPath: string | null;
  readonly divisor: number | null;
  readonly currency: string | null;
}

export interface UpstreamSnapshot {
  readonly index: number;
  readonly id: string;
  readonly baseUrl: string;
  /** host:port exactly as in the URL (port only when the URL has one). */
  readonly host: string;
  readonly alias: string | null;
  readonly enabled: boolean;
  readonly authSource: AuthSource;
  /**
   * Set when the key is missing (status "Key missing", never selected): a credential header
   * names an environment variable that is not set and has no inline secret, e.g.
   * "RELAY_A_KEY is not set". null when the key is present.
   */
  readonly authProblem: string | null;
  /** `authProblem` for the UI to translate (docs/behaviour.md §8.6). */
  readonly authProblemMessage: MessageRef | null;
  /** The key's variable came from the login shell's profile, not the app's environment (§8.5). */
  readonly keyFromShell: boolean;
  /** Env var names only (never values), for the edit dialog. */
  readonly authTokenEnv: string | null;
  readonly apiKeyEnv: string | null;
  /** Whether an inline secret is stored (its value never leaves main). */
  readonly hasInlineToken: boolean;
  readonly hasInlineApiKey: boolean;
  readonly tags: Readonly<Record<string, string>>;
  /** True when the upstream has both provider_id and endpoint_id tags (state follows moves). */
  readonly tagged: boolean;
  readonly supportedModels: Readonly<Record<string, boolean>>;
  readonly modelMapping: Readonly<Record<string, string>>;
  readonly failureCount: number;
  /** Epoch ms, or null. */
  readonly cooldownUntil: number | null;
  readonly penaltyStreak: number;
  readonly usageExhausted: boolean;
  readonly exhaustedReason: string | null;
  readonly exhaustedBy: ExhaustSource | null;
  /**
   * `exhaustedReason` as id + params for the UI's language when the app wrote it (a balance at or
   * below its threshold); null for a relay's own words, shown as they are (docs/behaviour.md §8.6).
   */
  readonly exhaustedMessage: MessageRef | null;
  readonly sticky: boolean;
  readonly stats: UpstreamStats;
  readonly lastTest: UpstreamTestResult | null;
  /** Relay price = list price × this (1 when not set). */
  readonly priceMultiplier: number;
  /** USD since local midnight / since the 1st of the month, priced requests only. */
  readonly costTodayUsd: number;
  readonly costMonthUsd: number;
  readonly balanceSource: BalanceSourceSnapshot | null;
  readonly balance: BalanceSnapshot | null;
}

export interface StationSnapshot {
  readonly name: string;
  readonly alias: string | null;
  readonly enabled: boolean;
  readonly level: number;
  readonly active: boolean;
  readonly lastGoodIndex: number | null;
  readonly nextPick: NextPick;
  readonly upstreams: readonly UpstreamSnapshot[];
}

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

export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
  readonly reasoningTokens: number;
  readonly cachedInputTokens: number;
  readonly cacheCreationTokens: number;
}

export type AttemptDecision =
  'success' | 'retry-same' | 'failover' | 'skip-unsupported' | 'exhausted' | 'returned' | 'aborted';

export interface AttemptRecord {
  readonly upstream: string;
  readonly station: string;
  readonly host: string;
  readonly status: number | null;
  /** Transport error class (`connect`, `reset`, `timeout`, …) or error text, redacted. */
  readonly error: string | null;
  readonly decision: AttemptDecision;
  readonly cooldownSecs: number | null;
  readonly durationMs: number;
}

export interface RequestSummary {
  readonly time: number;
  readonly requestId: string;
  readonly service: ServiceName;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly durationMs: number;
  readonly ttfbMs: number | null;
  readonly sessionId: string | null;
  readonly model: string | null;
  readonly mappedModel: string | null;
  readonly station: string | null;
  readonly upstream: { readonly id: string; readonly host: string } | null;
  readonly usage: TokenUsage | null;
  /** USD at the upstream's price; null when the model has no price or there was no usage. */
  readonly costUsd: number | null;
  readonly attempts: readonly AttemptRecord[];
  /** Error text shown to the user (redacted), null on success. */
  readonly error: string | null;
  /** With a session id and session affinity on: kept on, new to, or moved off its upstream. */
  readonly affinity?: Affinity;
  /** Why a session moved (or why a binding was dropped); only beside `affinity`. */
  readonly affinityReason?: string | null;
}

export interface MetricsSnapshot {
  readonly lastHour: {
    readonly requests: number;
    readonly successes: number;
    readonly failovers: number;
  };
  /** Tokens per upstream id since local midnight. */
  readonly tokensToday: Readonly<Record<string, number>>;
  /** One bucket per minute over the last 15 minutes, oldest first. */
  readonly perMinute: readonly {
    readonly minute: number;
    readonly upstream: string;
    readonly requests: number;
    readonly failures: number;
    readonly avgLatencyMs: number;
  }[];
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
