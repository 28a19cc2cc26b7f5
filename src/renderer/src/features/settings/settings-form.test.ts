import { describe, expect, it } from 'vitest';
import type { SettingsSnapshot } from '../../../../shared/snapshot';
import { draftFromSettings, settingsPatch, validateSettings } from './settings-form';

const settings: SettingsSnapshot = {
  proxy: {
    host: '127.0.0.1',
    codexPort: 3211,
    claudePort: 3210,
    streamIdleTimeoutSecs: 300,
    allowBrowserOrigins: false,
  },
  console: { host: '127.0.0.1', port: 3212 },
  retry: {
    profile: 'balanced',
    failureThreshold: 3,
    failureCooldownSecs: 30,
    transportCooldownSecs: 30,
    cooldownBackoffFactor: 1,
    cooldownBackoffMaxSecs: 600,
    exhaustedFallback: true,
    returnToPreferredSecs: 0,
    sessionAffinity: true,
    sessionAffinityTtlSecs: 21600,
  },
  notifications: { trip: true, exhausted: true, allDown: true, recovered: false },
  app: { startAtLogin: false, language: 'system' },
};

describe('settings form', () => {
  it('saves return to preferred and the exhausted last resort as retry keys', () => {
    const d = {
      ...draftFromSettings(settings),
      returnToPreferredSecs: '600',
      exhaustedFallback: false,
    };
    expect(validateSettings(d)).toEqual({});
    expect(settingsPatch(d, settings)).toEqual({
      retry: { returnToPreferredSecs: 600, exhaustedFallback: false },
    });
  });

  it('saves session affinity and its TTL as retry keys, and rejects a TTL of 0', () => {
    const d = {
      ...draftFromSettings(settings),
      sessionAffinity: false,
      sessionAffinityTtlSecs: '3600',
    };
    expect(validateSettings(d)).toEqual({});
    expect(settingsPatch(d, settings)).toEqual({
      retry: { sessionAffinity: false, sessionAffinityTtlSecs: 3600 },
    });
    expect(validateSettings({ ...d, sessionAffinityTtlSecs: '0' }).sessionAffinityTtlSecs).toBe(
      'Session affinity TTL (s) must be a whole number from 1 to 31536000',
    );
  });

  it('accepts the current settings unchanged and has nothing to save', () => {
    const d = draftFromSettings(settings);
    expect(validateSettings(d)).toEqual({});
    expect(settingsPatch(d, settings)).toEqual({});
  });

  it('rejects a port out of range and a shared port, naming the field', () => {
    const d = draftFromSettings(settings);
    expect(validateSettings({ ...d, codexPort: '70000' }).codexPort).toBe(
      'Codex port must be a whole number from 1 to 65535',
    );
    expect(validateSettings({ ...d, claudePort: '3211' }).claudePort).toBe(
      'Codex and Claude need different ports',
    );
    expect(validateSettings({ ...d, failureThreshold: '0' }).failureThreshold).toMatch(/from 1/);
  });

  it('patches only the changed values so the rest keep following the profile', () => {
    const d = {
      ...draftFromSettings(settings),
      profile: 'cost-primary' as const,
      failureThreshold: '5',
    };
    expect(settingsPatch(d, settings)).toEqual({
      retry: { profile: 'cost-primary', failureThreshold: 5 },
    });
  });
});
