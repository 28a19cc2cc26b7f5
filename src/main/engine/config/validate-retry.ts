// `[retry]` and its `[retry.upstream]` / `[retry.provider]` layers (docs/behaviour.md §2.1, §3.5):
// cooldowns, failover and the retry profile with its per-layer overrides.
import {
  DEFAULT_RETRY,
  RETRY_PROFILES,
  type RetryConfig,
  type RetryLayerConfig,
  type RetryProfileName,
} from '../../../shared/config-types';
import { MAX_COOLDOWN_SECS } from '../balancer/backoff';
import { parseStatusList } from './retry-policy';
import { ConfigProblem, type Reader } from './read-helpers';

function statusList(r: Reader, key: string): string | undefined {
  const v = r.string(key);
  if (v === undefined) return undefined;
  try {
    parseStatusList(v);
  } catch (err) {
    throw new ConfigProblem(r.keyPath(key), (err as Error).message);
  }
  return v;
}

function readLayer(retry: Reader, key: 'upstream' | 'provider'): RetryLayerConfig {
  const r = retry.sub(key, `[retry.${key}]`);
  r.allowOnly(['max_attempts', 'on_status', 'backoff_ms', 'backoff_max_ms', 'jitter_ms']);
  // Absent keys stay absent: resolveRetryPolicy fills them from the profile.
  const out: RetryLayerConfig = {};
  const maxAttempts = r.integer('max_attempts', 1);
  if (maxAttempts !== undefined) out.max_attempts = maxAttempts;
  const onStatus = statusList(r, 'on_status');
  if (onStatus !== undefined) out.on_status = onStatus;
  for (const k of ['backoff_ms', 'backoff_max_ms', 'jitter_ms'] as const) {
    const v = r.integer(k, 0);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

export function readRetry(root: Reader): RetryConfig {
  const r = root.sub('retry', '[retry]');
  r.allowOnly([
    'profile',
    'failure_threshold',
    'failure_cooldown_secs',
    'transport_cooldown_secs',
    'cooldown_backoff_factor',
    'cooldown_backoff_max_secs',
    'never_on_status',
    'exhausted_fallback',
    'return_to_preferred_secs',
    'session_affinity',
    'session_affinity_ttl_secs',
    'upstream',
    'provider',
  ]);
  const profile = r.string('profile') ?? DEFAULT_RETRY.profile;
  if (!(RETRY_PROFILES as readonly string[]).includes(profile)) {
    throw new ConfigProblem(
      r.keyPath('profile'),
      `unknown profile "${profile}" (expected one of ${RETRY_PROFILES.join(', ')})`,
    );
  }
  const out: RetryConfig = {
    profile: profile as RetryProfileName,
    failure_threshold: r.integer('failure_threshold', 1) ?? DEFAULT_RETRY.failure_threshold,
    failure_cooldown_secs:
      r.integer('failure_cooldown_secs', 0, MAX_COOLDOWN_SECS) ??
      DEFAULT_RETRY.failure_cooldown_secs,
    transport_cooldown_secs:
      r.integer('transport_cooldown_secs', 0, MAX_COOLDOWN_SECS) ??
      DEFAULT_RETRY.transport_cooldown_secs,
    exhausted_fallback: r.boolean('exhausted_fallback') ?? DEFAULT_RETRY.exhausted_fallback,
    return_to_preferred_secs:
      r.integer('return_to_preferred_secs', 0) ?? DEFAULT_RETRY.return_to_preferred_secs,
    session_affinity: r.boolean('session_affinity') ?? DEFAULT_RETRY.session_affinity,
    session_affinity_ttl_secs:
      r.integer('session_affinity_ttl_secs', 1) ?? DEFAULT_RETRY.session_affinity_ttl_secs,
    upstream: readLayer(r, 'upstream'),
    provider: readLayer(r, 'provider'),
  };
  const factor = r.number('cooldown_backoff_factor', 0);
  if (factor !== undefined) out.cooldown_backoff_factor = factor;
  const maxSecs = r.integer('cooldown_backoff_max_secs', 0, MAX_COOLDOWN_SECS);
  if (maxSecs !== undefined) out.cooldown_backoff_max_secs = maxSecs;
  const never = statusList(r, 'never_on_status');
  if (never !== undefined) out.never_on_status = never;
  return out;
}
