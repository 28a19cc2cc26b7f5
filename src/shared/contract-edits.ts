// The contract's edit arguments (docs/behaviour.md §6): what the user enters for an upstream, a
// station and the settings. Part of contract.ts, which re-exports it: import it from there.
import type { BalanceKind, LanguageSetting, RetryProfileName } from './config-types';

/** What the user enters for an upstream (add), camelCase. Secrets are write-only. */
export interface UpstreamInput {
  baseUrl: string;
  alias?: string;
  enabled?: boolean;
  authTokenEnv?: string;
  authToken?: string;
  apiKeyEnv?: string;
  apiKey?: string;
  tags?: Record<string, string>;
  supportedModels?: Record<string, boolean>;
  modelMapping?: Record<string, string>;
  /** Relay price = list price × this (default 1). */
  priceMultiplier?: number;
  /** Forwarding proxy for this upstream (`http://…`), or "none" to go direct. */
  outboundProxy?: string;
  balance?: BalanceInput;
}

/** An upstream's balance source (TOML `balance = { kind, interval_secs, … }`). */
export interface BalanceInput {
  kind: BalanceKind;
  intervalSecs?: number;
  exhaustBelow?: number;
  /** http-json: full URL, `{origin}` / `{base_url}` replaced. */
  endpoint?: string;
  /** http-json: dotted JSON path to the remaining amount. */
  remainingPath?: string;
  divisor?: number;
  currency?: string;
}

/** A partial edit of an upstream; `null` removes the key, absent leaves it as it is. */
export type UpstreamPatch = {
  [K in keyof UpstreamInput]?: UpstreamInput[K] | null;
};

export interface StationInput {
  name: string;
  alias?: string;
  enabled?: boolean;
  level?: number;
}

/** Every settings key the Settings view can change; absent = unchanged, null = back to default. */
export interface SettingsPatch {
  proxy?: {
    host?: string | null;
    codexPort?: number | null;
    claudePort?: number | null;
    streamIdleTimeoutSecs?: number | null;
    allowBrowserOrigins?: boolean | null;
    /** `[proxy] outbound`: forwarding proxy for every upstream call. */
    outbound?: string | null;
  };
  console?: { host?: string | null; port?: number | null };
  retry?: {
    profile?: RetryProfileName | null;
    failureThreshold?: number | null;
    failureCooldownSecs?: number | null;
    transportCooldownSecs?: number | null;
    cooldownBackoffFactor?: number | null;
    cooldownBackoffMaxSecs?: number | null;
    exhaustedFallback?: boolean | null;
    returnToPreferredSecs?: number | null;
    sessionAffinity?: boolean | null;
    sessionAffinityTtlSecs?: number | null;
  };
  notifications?: {
    trip?: boolean | null;
    exhausted?: boolean | null;
    allDown?: boolean | null;
    recovered?: boolean | null;
  };
  app?: { startAtLogin?: boolean | null; language?: LanguageSetting | null };
}
