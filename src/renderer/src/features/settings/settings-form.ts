// The Settings form: text drafts of each number, validation as you type, and the patch of only
// what changed (so an untouched value keeps following its retry profile).
import { RETRY_PROFILES, type RetryProfileName } from '../../../../shared/config-types';
import type { SettingsPatch } from '../../../../shared/contract';
import type { SettingsSnapshot } from '../../../../shared/snapshot';

export interface NumberField {
  key: NumberKey;
  label: string;
  /** One line saying what the value does. */
  hint: string;
  min: number;
  max: number;
}

export type NumberKey =
  | 'codexPort'
  | 'claudePort'
  | 'streamIdleTimeoutSecs'
  | 'failureThreshold'
  | 'failureCooldownSecs'
  | 'transportCooldownSecs'
  | 'cooldownBackoffFactor'
  | 'cooldownBackoffMaxSecs'
  | 'returnToPreferredSecs';

export const NUMBER_FIELDS: readonly NumberField[] = [
  {
    key: 'codexPort',
    label: 'Codex port',
    hint: 'Where Codex sends its requests on this machine.',
    min: 1,
    max: 65535,
  },
  {
    key: 'claudePort',
    label: 'Claude port',
    hint: 'Where Claude Code sends its requests on this machine.',
    min: 1,
    max: 65535,
  },
  {
    key: 'streamIdleTimeoutSecs',
    label: 'Stream idle timeout (s)',
    hint: 'A streamed answer that goes silent this long is cut off and counted as a failure.',
    min: 1,
    max: 86_400,
  },
  {
    key: 'failureThreshold',
    label: 'Failure threshold',
    hint: 'Failed requests in a row before an upstream is set aside for the failure cooldown.',
    min: 1,
    max: 100,
  },
  {
    key: 'failureCooldownSecs',
    label: 'Failure cooldown (s)',
    hint: 'How long an upstream rests once it reaches the failure threshold.',
    min: 0,
    max: 86_400,
  },
  {
    key: 'transportCooldownSecs',
    label: 'Transport cooldown (s)',
    hint: 'How long an upstream rests straight after a request moves on from it: no connection, a timeout, a broken stream, 429 or 5xx, or quota used up.',
    min: 0,
    max: 86_400,
  },
  {
    key: 'cooldownBackoffFactor',
    label: 'Cooldown backoff factor',
    hint: 'Each further cooldown in a row lasts this many times longer (1 keeps it the same).',
    min: 1,
    max: 16,
  },
  {
    key: 'cooldownBackoffMaxSecs',
    label: 'Cooldown backoff max (s)',
    hint: 'The longest a growing cooldown can get.',
    min: 0,
    max: 86_400,
  },
  {
    key: 'returnToPreferredSecs',
    label: 'Return to preferred (s)',
    hint: 'New conversations go back to the first upstream this long after a failover moved them away; 0 leaves them on the last good one.',
    min: 0,
    max: 604_800,
  },
];

/** What each retry profile does, in one line. */
export const PROFILE_HINTS: Record<RetryProfileName, string> = {
  balanced: 'Tries the same upstream once more on 429 or 5xx, then moves on to the next one.',
  'same-upstream': 'Retries the same upstream up to 3 times and never moves on to another.',
  'aggressive-failover': 'Moves on quickly and tries up to 3 upstreams for one request.',
  'cost-primary':
    'Tries 2 upstreams; a failing one rests twice as long each time (up to 15 min), so traffic returns to the first.',
};

export type SettingsDraft = Record<NumberKey, string> & {
  profile: RetryProfileName;
  exhaustedFallback: boolean;
};

export function draftFromSettings(s: SettingsSnapshot): SettingsDraft {
  return {
    profile: s.retry.profile,
    codexPort: String(s.proxy.codexPort),
    claudePort: String(s.proxy.claudePort),
    streamIdleTimeoutSecs: String(s.proxy.streamIdleTimeoutSecs),
    failureThreshold: String(s.retry.failureThreshold),
    failureCooldownSecs: String(s.retry.failureCooldownSecs),
    transportCooldownSecs: String(s.retry.transportCooldownSecs),
    cooldownBackoffFactor: String(s.retry.cooldownBackoffFactor),
    cooldownBackoffMaxSecs: String(s.retry.cooldownBackoffMaxSecs),
    returnToPreferredSecs: String(s.retry.returnToPreferredSecs),
    exhaustedFallback: s.retry.exhaustedFallback,
  };
}

export function validateSettings(d: SettingsDraft): Partial<Record<NumberKey | 'profile', string>> {
  const errors: Partial<Record<NumberKey | 'profile', string>> = {};
  if (!RETRY_PROFILES.includes(d.profile)) errors.profile = `Unknown retry profile "${d.profile}"`;
  for (const f of NUMBER_FIELDS) {
    const text = d[f.key].trim();
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < f.min || n > f.max) {
      errors[f.key] = `${f.label} must be a whole number from ${f.min} to ${f.max}`;
    }
  }
  if (!errors.codexPort && !errors.claudePort && d.codexPort.trim() === d.claudePort.trim()) {
    errors.claudePort = 'Codex and Claude need different ports';
  }
  return errors;
}

/** Only the values that differ from the snapshot; an empty patch means nothing to save. */
export function settingsPatch(d: SettingsDraft, s: SettingsSnapshot): SettingsPatch {
  const before = draftFromSettings(s);
  const changed = (k: NumberKey) => d[k].trim() !== before[k];
  const num = (k: NumberKey) => Number(d[k].trim());
  const proxy: NonNullable<SettingsPatch['proxy']> = {};
  const retry: NonNullable<SettingsPatch['retry']> = {};
  if (changed('codexPort')) proxy.codexPort = num('codexPort');
  if (changed('claudePort')) proxy.claudePort = num('claudePort');
  if (changed('streamIdleTimeoutSecs')) proxy.streamIdleTimeoutSecs = num('streamIdleTimeoutSecs');
  if (d.profile !== before.profile) retry.profile = d.profile;
  for (const k of [
    'failureThreshold',
    'failureCooldownSecs',
    'transportCooldownSecs',
    'cooldownBackoffFactor',
    'cooldownBackoffMaxSecs',
    'returnToPreferredSecs',
  ] as const) {
    if (changed(k)) retry[k] = num(k);
  }
  if (d.exhaustedFallback !== before.exhaustedFallback)
    retry.exhaustedFallback = d.exhaustedFallback;
  const patch: SettingsPatch = {};
  if (Object.keys(proxy).length) patch.proxy = proxy;
  if (Object.keys(retry).length) patch.retry = retry;
  return patch;
}
