// Effective retry policy: the profile's values, overridden key by key by what the file says
// (docs/behaviour.md §3.5). One function serves the proxy, the balancer policy and the settings
// view.
import type {
  RetryConfig,
  RetryProfileName,
  ServiceConfig,
  StationConfig,
} from '../../../shared/config-types';
import { resolveActiveStation, stationTryOrder } from '../../../shared/stations';
import type { BalancerPolicy } from '../types';

export interface StatusRange {
  from: number;
  to: number;
}

export interface RetryLayer {
  maxAttempts: number;
  onStatus: StatusRange[];
  backoffMs: number;
  backoffMaxMs: number;
  jitterMs: number;
}

export interface RetryPolicy {
  profile: RetryProfileName;
  /** False for `same-upstream` (unless the file sets `[retry.provider] on_status`): never try the next upstream. */
  failover: boolean;
  upstream: RetryLayer;
  provider: RetryLayer;
  neverOnStatus: StatusRange[];
  failureThreshold: number;
  failureCooldownSecs: number;
  transportCooldownSecs: number;
  cooldownBackoffFactor: number;
  cooldownBackoffMaxSecs: number;
  exhaustedFallback: boolean;
  returnToPreferredSecs: number;
  sessionAffinity: boolean;
  sessionAffinityTtlSecs: number;
}

interface ProfileDefaults {
  upstream: {
    max_attempts: number;
    on_status: string;
    backoff_ms: number;
    backoff_max_ms: number;
    jitter_ms: number;
  };
  provider: {
    max_attempts: number;
    on_status: string;
    backoff_ms: number;
    backoff_max_ms: number;
    jitter_ms: number;
  };
  never_on_status: string;
  cooldown_backoff_factor: number;
  cooldown_backoff_max_secs: number;
}

const BALANCED: ProfileDefaults = {
  upstream: {
    max_attempts: 2,
    on_status: '429,500-599,524',
    backoff_ms: 200,
    backoff_max_ms: 2000,
    jitter_ms: 100,
  },
  provider: {
    max_attempts: 1,
    on_status: '401,403,404,408,429,500-599,524',
    backoff_ms: 0,
    backoff_max_ms: 0,
    jitter_ms: 0,
  },
  never_on_status: '413,415,422',
  cooldown_backoff_factor: 1,
  cooldown_backoff_max_secs: 600,
};

export const PROFILE_DEFAULTS: Record<RetryProfileName, ProfileDefaults> = {
  balanced: BALANCED,
  'same-upstream': {
    ...BALANCED,
    upstream: { ...BALANCED.upstream, max_attempts: 3 },
    // No failover: the provider layer retries nothing.
    provider: { ...BALANCED.provider, on_status: '' },
  },
  'aggressive-failover': {
    ...BALANCED,
    upstream: { ...BALANCED.upstream, backoff_max_ms: 2500, jitter_ms: 150 },
    provider: { ...BALANCED.provider, max_attempts: 3 },
  },
  'cost-primary': {
    ...BALANCED,
    provider: { ...BALANCED.provider, max_attempts: 2 },
    cooldown_backoff_factor: 2,
    cooldown_backoff_max_secs: 900,
  },
};

/** Parses "429,500-599,524" into ranges. Throws on malformed input (validation reports it). */
export function parseStatusList(text: string): StatusRange[] {
  const out: StatusRange[] = [];
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const m = /^(\d{3})(?:\s*-\s*(\d{3}))?$/.exec(part);
    if (!m)
      throw new Error(`"${part}" is not a status code or range (expected e.g. 429 or 500-599)`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from < 100 || to > 599 || to < from)
      throw new Error(`"${part}" is not a valid status range`);
    out.push({ from, to });
  }
  return out;
}

export function statusIn(ranges: readonly StatusRange[], status: number): boolean {
  return ranges.some((r) => status >= r.from && status <= r.to);
}

export function resolveRetryPolicy(retry: RetryConfig): RetryPolicy {
  const d = PROFILE_DEFAULTS[retry.profile];
  const layer = (file: RetryConfig['upstream'], def: ProfileDefaults['upstream']): RetryLayer => ({
    maxAttempts: Math.max(1, file.max_attempts ?? def.max_attempts),
    onStatus: parseStatusList(file.on_status ?? def.on_status),
    backoffMs: file.backoff_ms ?? def.backoff_ms,
    backoffMaxMs: file.backoff_max_ms ?? def.backoff_max_ms,
    jitterMs: file.jitter_ms ?? def.jitter_ms,
  });
  return {
    profile: retry.profile,
    failover: retry.profile !== 'same-upstream' || retry.provider.on_status !== undefined,
    upstream: layer(retry.upstream, d.upstream),
    provider: layer(retry.provider, d.provider),
    neverOnStatus: parseStatusList(retry.never_on_status ?? d.never_on_status),
    failureThreshold: retry.failure_threshold,
    failureCooldownSecs: retry.failure_cooldown_secs,
    transportCooldownSecs: retry.transport_cooldown_secs,
    cooldownBackoffFactor: retry.cooldown_backoff_factor ?? d.cooldown_backoff_factor,
    cooldownBackoffMaxSecs: retry.cooldown_backoff_max_secs ?? d.cooldown_backoff_max_secs,
    exhaustedFallback: retry.exhausted_fallback,
    returnToPreferredSecs: retry.return_to_preferred_secs,
    sessionAffinity: retry.session_affinity,
    sessionAffinityTtlSecs: retry.session_affinity_ttl_secs,
  };
}

export function balancerPolicyOf(policy: RetryPolicy): BalancerPolicy {
  return {
    failureThreshold: policy.failureThreshold,
    failureCooldownSecs: policy.failureCooldownSecs,
    backoff: { factor: policy.cooldownBackoffFactor, maxSecs: policy.cooldownBackoffMaxSecs },
    exhaustedFallback: policy.exhaustedFallback,
    returnToPreferredSecs: policy.returnToPreferredSecs,
    sessionAffinity: policy.sessionAffinity,
    sessionAffinityTtlSecs: policy.sessionAffinityTtlSecs,
  };
}

/**
 * The stations a request may use, in order (docs/behaviour.md §3.2): the active station, then —
 * with cross-station failover (provider `max_attempts` > 1) — the other enabled stations by
 * (level, name), as many as `max_attempts` allows. "No upstream can take a request" and
 * `resetAll` are about exactly these.
 */
export function tryOrderOf(service: ServiceConfig, policy: RetryPolicy): StationConfig[] {
  if (policy.failover && policy.provider.maxAttempts > 1) {
    return stationTryOrder(service).slice(0, policy.provider.maxAttempts);
  }
  const active = resolveActiveStation(service);
  return active ? [active] : [];
}
