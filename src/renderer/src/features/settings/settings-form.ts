// The Settings form: text drafts of each number, validation as you type, and the patch of only
// what changed (so an untouched value keeps following its retry profile).
import { RETRY_PROFILES, type RetryProfileName } from '../../../../shared/config-types';
import type { SettingsPatch } from '../../../../shared/contract';
import type { SettingsSnapshot } from '../../../../shared/snapshot';

export interface NumberField {
  key: NumberKey;
  label: string;
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
  | 'cooldownBackoffMaxSecs';

export const NUMBER_FIELDS: readonly NumberField[] = [
  { key: 'codexPort', label: 'Codex port', min: 1, max: 65535 },
  { key: 'claudePort', label: 'Claude port', min: 1, max: 65535 },
  { key: 'streamIdleTimeoutSecs', label: 'Stream idle timeout (s)', min: 1, max: 86_400 },
  { key: 'failureThreshold', label: 'Failure threshold', min: 1, max: 100 },
  { key: 'failureCooldownSecs', label: 'Failure cooldown (s)', min: 0, max: 86_400 },
  { key: 'transportCooldownSecs', label: 'Transport cooldown (s)', min: 0, max: 86_400 },
  { key: 'cooldownBackoffFactor', label: 'Cooldown backoff factor', min: 1, max: 16 },
  { key: 'cooldownBackoffMaxSecs', label: 'Cooldown backoff max (s)', min: 0, max: 86_400 },
];

export type SettingsDraft = Record<NumberKey, string> & { profile: RetryProfileName };

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
  ] as const) {
    if (changed(k)) retry[k] = num(k);
  }
  const patch: SettingsPatch = {};
  if (Object.keys(proxy).length) patch.proxy = proxy;
  if (Object.keys(retry).length) patch.retry = retry;
  return patch;
}
