// The Settings form: text drafts of each number, validation as you type, and the patch of only
// what changed (so an untouched value keeps following its retry profile).
import { RETRY_PROFILES, type RetryProfileName } from '../../../../shared/config-types';
import type { SettingsPatch } from '../../../../shared/contract';
import { translator, type MessageId, type Translate } from '../../../../shared/i18n';
import type { SettingsSnapshot } from '../../../../shared/snapshot';

export interface NumberField {
  key: NumberKey;
  label: MessageId;
  /** One line saying what the value does. */
  hint: MessageId;
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
  | 'returnToPreferredSecs'
  | 'sessionAffinityTtlSecs';

export const NUMBER_FIELDS: readonly NumberField[] = [
  {
    key: 'codexPort',
    label: 'set.field.codexPort',
    hint: 'set.hint.codexPort',
    min: 1,
    max: 65535,
  },
  {
    key: 'claudePort',
    label: 'set.field.claudePort',
    hint: 'set.hint.claudePort',
    min: 1,
    max: 65535,
  },
  {
    key: 'streamIdleTimeoutSecs',
    label: 'set.field.streamIdleTimeoutSecs',
    hint: 'set.hint.streamIdleTimeoutSecs',
    min: 1,
    max: 86_400,
  },
  {
    key: 'failureThreshold',
    label: 'set.field.failureThreshold',
    hint: 'set.hint.failureThreshold',
    min: 1,
    max: 100,
  },
  {
    key: 'failureCooldownSecs',
    label: 'set.field.failureCooldownSecs',
    hint: 'set.hint.failureCooldownSecs',
    min: 0,
    max: 86_400,
  },
  {
    key: 'transportCooldownSecs',
    label: 'set.field.transportCooldownSecs',
    hint: 'set.hint.transportCooldownSecs',
    min: 0,
    max: 86_400,
  },
  {
    key: 'cooldownBackoffFactor',
    label: 'set.field.cooldownBackoffFactor',
    hint: 'set.hint.cooldownBackoffFactor',
    min: 1,
    max: 16,
  },
  {
    key: 'cooldownBackoffMaxSecs',
    label: 'set.field.cooldownBackoffMaxSecs',
    hint: 'set.hint.cooldownBackoffMaxSecs',
    min: 0,
    max: 86_400,
  },
  {
    key: 'returnToPreferredSecs',
    label: 'set.field.returnToPreferredSecs',
    hint: 'set.hint.returnToPreferredSecs',
    min: 0,
    max: 604_800,
  },
  {
    key: 'sessionAffinityTtlSecs',
    label: 'set.field.sessionAffinityTtlSecs',
    hint: 'set.hint.sessionAffinityTtlSecs',
    min: 1,
    max: 31_536_000,
  },
];

/** The on/off retry settings, each with its one-line explanation. */
export type BooleanKey = 'exhaustedFallback' | 'sessionAffinity';

export const BOOLEAN_FIELDS: readonly { key: BooleanKey; label: MessageId; hint: MessageId }[] = [
  { key: 'exhaustedFallback', label: 'set.exhaustedFallback', hint: 'set.exhaustedFallbackHint' },
  { key: 'sessionAffinity', label: 'set.sessionAffinity', hint: 'set.sessionAffinityHint' },
];

/** What each retry profile does, in one line. */
export const PROFILE_HINTS: Record<RetryProfileName, MessageId> = {
  balanced: 'set.profile.balanced',
  'same-upstream': 'set.profile.same-upstream',
  'aggressive-failover': 'set.profile.aggressive-failover',
  'cost-primary': 'set.profile.cost-primary',
};

export type SettingsDraft = Record<NumberKey, string> &
  Record<BooleanKey, boolean> & {
    profile: RetryProfileName;
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
    sessionAffinityTtlSecs: String(s.retry.sessionAffinityTtlSecs),
    exhaustedFallback: s.retry.exhaustedFallback,
    sessionAffinity: s.retry.sessionAffinity,
  };
}

export function validateSettings(
  d: SettingsDraft,
  t: Translate = translator('en'),
): Partial<Record<NumberKey | 'profile', string>> {
  const errors: Partial<Record<NumberKey | 'profile', string>> = {};
  if (!RETRY_PROFILES.includes(d.profile)) {
    errors.profile = t('set.unknownProfile', { profile: d.profile });
  }
  for (const f of NUMBER_FIELDS) {
    const text = d[f.key].trim();
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < f.min || n > f.max) {
      errors[f.key] = t('set.wholeNumber', { label: t(f.label), min: f.min, max: f.max });
    }
  }
  if (!errors.codexPort && !errors.claudePort && d.codexPort.trim() === d.claudePort.trim()) {
    errors.claudePort = t('set.differentPorts');
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
    'sessionAffinityTtlSecs',
  ] as const) {
    if (changed(k)) retry[k] = num(k);
  }
  for (const { key } of BOOLEAN_FIELDS) if (d[key] !== before[key]) retry[key] = d[key];
  const patch: SettingsPatch = {};
  if (Object.keys(proxy).length) patch.proxy = proxy;
  if (Object.keys(retry).length) patch.retry = retry;
  return patch;
}
