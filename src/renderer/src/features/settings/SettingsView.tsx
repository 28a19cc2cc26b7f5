import { useEffect, useId, useState } from 'react';
import { RETRY_PROFILES, type RetryProfileName } from '../../../../shared/config-types';
import type { SettingsSnapshot } from '../../../../shared/snapshot';
import { ControlError } from '../../components/ControlError';
import { api } from '../../lib/api';
import { errorMessage, runCommand } from '../../lib/run-command';
import { useStore } from '../../store';
import { DesktopSettings } from './DesktopSettings';
import { lockedProps, selectConfigLocked } from '../../store/selectors';
import {
  BOOLEAN_FIELDS,
  NUMBER_FIELDS,
  PROFILE_HINTS,
  draftFromSettings,
  settingsPatch,
  validateSettings,
  type SettingsDraft,
} from './settings-form';
import { useT } from '../../lib/i18n';

export function SettingsView() {
  const settings = useStore((s) => s.snapshot?.settings);
  const paths = useStore((s) => s.snapshot?.paths);
  const t = useT();
  if (!settings || !paths) return null;
  return (
    <section className="view" aria-label={t('set.view')}>
      {/* Re-seed the form when the engine's settings change underneath it. */}
      <SettingsForm key={JSON.stringify(settings)} settings={settings} />
      <DesktopSettings settings={settings} />
      <div className="card">
        <h3>{t('set.files')}</h3>
        <p>
          {t('set.configPath', { path: '' })}
          <span className="mono">{paths.config}</span>
        </p>
        <p>
          {t('set.logsPath', { path: '' })}
          <span className="mono">{paths.logs}</span>
        </p>
        <OpenButtons />
      </div>
    </section>
  );
}

function OpenButtons() {
  const [error, setError] = useState<string | null>(null);
  const t = useT();
  const open = api.openPath;
  // Opening files in the OS only works inside the desktop app.
  if (!open) return null;
  const run = (which: 'config' | 'logs') =>
    open(which).then(
      () => setError(null),
      (err: unknown) => setError(errorMessage(err)),
    );
  return (
    <div className="client-actions">
      <button type="button" onClick={() => void run('config')}>
        {t('app.openConfig')}
      </button>
      <button type="button" onClick={() => void run('logs')}>
        {t('app.openLogs')}
      </button>
      {error ? <span className="control-error">{error}</span> : null}
    </div>
  );
}

function SettingsForm({ settings }: { settings: SettingsSnapshot }) {
  const idBase = useId();
  const [draft, setDraft] = useState<SettingsDraft>(() => draftFromSettings(settings));
  const t = useT();
  const errors = validateSettings(draft, t);
  const patch = settingsPatch(draft, settings);
  const dirty = Object.keys(patch).length > 0;
  const valid = Object.keys(errors).length === 0;
  const setUnsaved = useStore((s) => s.setUnsaved);
  const locked = useStore(selectConfigLocked);
  // Leaving the view with edits not saved asks first (App shows the question).
  useEffect(() => setUnsaved(dirty ? 'settings' : null), [dirty, setUnsaved]);
  useEffect(() => () => setUnsaved(null), [setUnsaved]);

  async function save(e: React.FormEvent) {
    e.preventDefault();
    if (!valid || !dirty) return;
    const ack = await runCommand('settings', 'updateSettings', { patch });
    // The form re-seeds from the new snapshot, so the confirmation lives in the notice trail.
    if (ack) useStore.getState().pushNotice(t('set.saved'));
  }

  return (
    <form className="card form" onSubmit={(e) => void save(e)} noValidate>
      <h3>{t('set.proxyAndRetry')}</h3>
      <div className="settings-grid">
        <div className="field">
          <label htmlFor={`${idBase}-profile`}>{t('set.retryProfile')}</label>
          <select
            id={`${idBase}-profile`}
            aria-describedby={`${idBase}-profile-hint`}
            value={draft.profile}
            onChange={(e) => {
              setDraft((d) => ({ ...d, profile: e.target.value as RetryProfileName }));
            }}
          >
            {RETRY_PROFILES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
          <span id={`${idBase}-profile-hint`} className="field-hint">
            {t(PROFILE_HINTS[draft.profile])}
          </span>
        </div>
        {NUMBER_FIELDS.map((f) => {
          const id = `${idBase}-${f.key}`;
          const error = errors[f.key];
          return (
            <div className="field" key={f.key}>
              <label htmlFor={id}>{t(f.label)}</label>
              <input
                id={id}
                inputMode="numeric"
                value={draft[f.key]}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error ${id}-hint` : `${id}-hint`}
                onChange={(e) => {
                  const value = e.target.value;
                  setDraft((d) => ({ ...d, [f.key]: value }));
                }}
              />
              {error ? (
                <span id={`${id}-error`} className="field-error">
                  {error}
                </span>
              ) : null}
              <span id={`${id}-hint`} className="field-hint">
                {t(f.hint)}
              </span>
            </div>
          );
        })}
        {BOOLEAN_FIELDS.map((f) => (
          <div className="field" key={f.key}>
            <label className="checkbox-label">
              <input
                type="checkbox"
                checked={draft[f.key]}
                aria-describedby={`${idBase}-${f.key}-hint`}
                onChange={(e) => {
                  const on = e.target.checked;
                  setDraft((d) => ({ ...d, [f.key]: on }));
                }}
              />{' '}
              {t(f.label)}
            </label>
            <span id={`${idBase}-${f.key}-hint`} className="field-hint">
              {t(f.hint)}
            </span>
          </div>
        ))}
      </div>
      <p className="muted">
        {t('set.hosts', {
          proxy: settings.proxy.host,
          console: `${settings.console.host}:${settings.console.port}`,
        })}
      </p>
      <div className="client-actions">
        <button
          type="submit"
          className="primary"
          disabled={!valid || !dirty}
          {...lockedProps(locked)}
        >
          {t('set.save')}
        </button>
        <button
          type="button"
          disabled={!dirty}
          onClick={() => setDraft(draftFromSettings(settings))}
        >
          {t('app.discardChanges')}
        </button>
        <ControlError errorKey="settings" />
      </div>
    </form>
  );
}
