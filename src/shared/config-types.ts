// The typed model of `config.toml` (docs/behaviour.md §1). Keys keep the file's snake_case so the
// mapping between the file and the model is one-to-one; the snapshot (snapshot.ts) is camelCase.
// Runtime-neutral: no node:*, no electron, no DOM.

export const SERVICES = ['codex', 'claude'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const RETRY_PROFILES = [
  'balanced',
  'same-upstream',
  'aggressive-failover',
  'cost-primary',
] as const;
export type RetryProfileName = (typeof RETRY_PROFILES)[number];

export interface UpstreamAuth {
  auth_token?: string;
  auth_token_env?: string;
  api_key?: string;
  api_key_env?: string;
}

export const BALANCE_KINDS = ['new-api', 'openai-balance', 'sub2api', 'http-json'] as const;
export type BalanceKind = (typeof BALANCE_KINDS)[number];

/** `balance = { kind, … }` on an upstream, as written (absent keys take the defaults below). */
export interface BalanceConfig {
  kind: BalanceKind;
  interval_secs?: number;
  exhaust_below?: number;
  /** http-json only: full URL; `{origin}` and `{base_url}` are replaced. */
  endpoint?: string;
  /** http-json only: dotted path to the remaining amount (`data.balance`, `items.0.total`). */
  remaining_path?: string;
  /** new-api and http-json: remaining ÷ divisor = the amount in `currency`. */
  divisor?: number;
  /** http-json only (default "USD"). */
  currency?: string;
}

export const BALANCE_DEFAULTS = {
  interval_secs: 300,
  exhaust_below: 0,
  /** New API quota units per USD. */
  newApiDivisor: 500_000,
  divisor: 1,
  currency: 'USD',
} as const;

/** USD per 1M tokens (docs/behaviour.md §9). */
export interface ModelPrice {
  input_per_1m: number;
  cached_input_per_1m: number;
  output_per_1m: number;
  cache_write_per_1m: number;
}

export interface PricingConfig {
  /** Model pattern (exact or one `*`) → price; beats the built-in table. */
  models: Record<string, ModelPrice>;
}

export interface UpstreamConfig {
  base_url: string;
  /** NEW: optional display name. */
  alias?: string;
  /** NEW: a disabled upstream is never selected. Default true. */
  enabled: boolean;
  auth: UpstreamAuth;
  /** Free-form; `provider_id` and `endpoint_id` give the upstream its identity. */
  tags: Record<string, string>;
  supported_models: Record<string, boolean>;
  model_mapping: Record<string, string>;
  /** Relay price = list price × this (absent = 1). */
  price_multiplier?: number;
  /** Forwarding proxy for this upstream (`http://…`), or "none" to go direct. */
  outbound_proxy?: string;
  balance?: BalanceConfig;
}

export interface StationConfig {
  name: string;
  alias?: string;
  enabled: boolean;
  /** 1..10, lower is preferred. */
  level: number;
  upstreams: UpstreamConfig[];
}

export interface ServiceConfig {
  /** As written in the file (may be absent). */
  active?: string;
  /** In file order. */
  stations: StationConfig[];
}

export interface ProxyConfig {
  host: string;
  codex_port: number;
  claude_port: number;
  stream_idle_timeout_secs: number;
  allow_browser_origins: boolean;
  /** Extra names a request's Host header may carry (DNS rebinding guard); default none. */
  allowed_hosts: readonly string[];
  /** Forwarding proxy for every upstream call (`http://…`); absent = environment / direct. */
  outbound?: string;
}

export interface ConsoleConfig {
  host: string;
  port: number;
  /** Extra names a request's Host header may carry (DNS rebinding guard); default none. */
  allowed_hosts: readonly string[];
}

/**
 * `[shared]` (docs/behaviour.md §11): balancer state shared with other instances through Redis.
 * Off while `redis_url` is absent.
 */
export interface SharedConfig {
  redis_url: string | null;
  key_prefix: string;
}

export const DEFAULT_SHARED: Readonly<SharedConfig> = { redis_url: null, key_prefix: 'chd' };

/** One retry layer as written in the file: every key optional, absent keys take the profile's. */
export interface RetryLayerConfig {
  max_attempts?: number;
  on_status?: string;
  backoff_ms?: number;
  backoff_max_ms?: number;
  jitter_ms?: number;
}

export interface RetryConfig {
  profile: RetryProfileName;
  failure_threshold: number;
  failure_cooldown_secs: number;
  transport_cooldown_secs: number;
  /** Absent = the profile's value. */
  cooldown_backoff_factor?: number;
  cooldown_backoff_max_secs?: number;
  never_on_status?: string;
  /** An exhausted upstream is a last resort (true, the reference rule) or never picked (false). */
  exhausted_fallback: boolean;
  /** 0 = stay on the last good; > 0 = after that long away, try the first selectable again. */
  return_to_preferred_secs: number;
  /** A session goes back to the upstream that last answered it. */
  session_affinity: boolean;
  /** A session binding unused for this long is forgotten. */
  session_affinity_ttl_secs: number;
  upstream: RetryLayerConfig;
  provider: RetryLayerConfig;
}

/** `[notifications]`: which kinds of event are announced (docs/behaviour.md §8.1). */
export interface NotificationsConfig {
  trip: boolean;
  exhausted: boolean;
  all_down: boolean;
  recovered: boolean;
}

export const LANGUAGES = ['system', 'en', 'zh-CN'] as const;
export type LanguageSetting = (typeof LANGUAGES)[number];

/** `[app]`: the desktop app's own settings. */
export interface DesktopAppConfig {
  start_at_login: boolean;
  language: LanguageSetting;
}

export const DEFAULT_NOTIFICATIONS: Readonly<NotificationsConfig> = {
  trip: true,
  exhausted: true,
  all_down: true,
  recovered: false,
};

export const DEFAULT_APP: Readonly<DesktopAppConfig> = {
  start_at_login: false,
  language: 'system',
};

export interface AppConfig {
  version: 1;
  proxy: ProxyConfig;
  console: ConsoleConfig;
  shared: SharedConfig;
  retry: RetryConfig;
  notifications: NotificationsConfig;
  app: DesktopAppConfig;
  pricing: PricingConfig;
  codex: ServiceConfig;
  claude: ServiceConfig;
}

export const DEFAULT_PROXY: Readonly<ProxyConfig> = {
  host: '127.0.0.1',
  codex_port: 3211,
  claude_port: 3210,
  stream_idle_timeout_secs: 300,
  allow_browser_origins: false,
  allowed_hosts: [],
};

export const DEFAULT_CONSOLE: Readonly<ConsoleConfig> = {
  host: '127.0.0.1',
  port: 3212,
  allowed_hosts: [],
};

export const DEFAULT_RETRY: Readonly<Omit<RetryConfig, 'upstream' | 'provider'>> = {
  profile: 'balanced',
  failure_threshold: 3,
  failure_cooldown_secs: 30,
  transport_cooldown_secs: 30,
  exhausted_fallback: true,
  return_to_preferred_secs: 0,
  session_affinity: true,
  session_affinity_ttl_secs: 21600,
};

/** An empty, valid config (no stations). Used when the file is missing or invalid at start-up. */
export function emptyConfig(): AppConfig {
  return {
    version: 1,
    proxy: { ...DEFAULT_PROXY },
    console: { ...DEFAULT_CONSOLE },
    shared: { ...DEFAULT_SHARED },
    retry: { ...DEFAULT_RETRY, upstream: {}, provider: {} },
    notifications: { ...DEFAULT_NOTIFICATIONS },
    app: { ...DEFAULT_APP },
    pricing: { models: {} },
    codex: { stations: [] },
    claude: { stations: [] },
  };
}

/** Identity tags (docs/behaviour.md, Vocabulary). */
export const PROVIDER_ID_TAG = 'provider_id';
export const ENDPOINT_ID_TAG = 'endpoint_id';

/** `"{provider_id}/{endpoint_id}"`, defaulting to `"{station}#{index}"` / `"{index}"`. */
export function upstreamIdParts(
  station: string,
  index: number,
  tags: Readonly<Record<string, string>>,
): { providerId: string; endpointId: string } {
  return {
    providerId: tags[PROVIDER_ID_TAG] ?? `${station}#${index}`,
    endpointId: tags[ENDPOINT_ID_TAG] ?? String(index),
  };
}

export function upstreamId(
  station: string,
  index: number,
  tags: Readonly<Record<string, string>>,
): string {
  const { providerId, endpointId } = upstreamIdParts(station, index, tags);
  return `${providerId}/${endpointId}`;
}
