// Desktop settings (docs/behaviour.md §8): which events notify, "Allow notifications" in a
// browser, start at login (desktop app only), and the UI language. Each change saves at once.
import { useState } from 'react';
import { LANGUAGES, type LanguageSetting } from '../../../../shared/config-types';
import type { SettingsPatch } from '../../../../shared/contract';
import type { SettingsSnapshot } from '../../../../shared/snapshot';
import { ControlError } from '../../components/ControlError';
import { Switch } from '../../components/Switch';
import { api } from '../../lib/api';
import { useT } from '../../lib/i18n';
import { runCommand } from '../../lib/run-command';

const KINDS = [
  ['trip', 'desktop.notify.trip'],
  ['exhausted', 'desktop.notify.exhausted'],
  ['allDown', 'desktop.notify.allDown'],
  ['recovered', 'desktop.notify.recovered'],
] as const;

const save = (patch: SettingsPatch) => runCommand('desktop-settings', 'updateSettings', { patch });

export function DesktopSettings({ settings }: { settings: SettingsSnapshot }) {
  const t = useT();
  return (
    <div className="card form">
      <h3>{t('desktop.title')}</h3>
      <fieldset className="switch-group" aria-describedby="desktop-notifications-hint">
        <legend>{t('desktop.notifications')}</legend>
        <p id="desktop-notifications-hint" className="field-hint">
          {t('desktop.notifications.hint')}
        </p>
        {KINDS.map(([key, label]) => (
          <Switch
            key={key}
            label={t(label)}
            checked={settings.notifications[key]}
            onChange={(on) => void save({ notifications: { [key]: on } })}
          />
        ))}
        {api.kind === 'http' ? <AllowNotifications /> : null}
      </fieldset>
      {api.kind === 'electron' ? (
        <Switch
          label={t('desktop.startAtLogin')}
          checked={settings.app.startAtLogin}
          onChange={(on) => void save({ app: { startAtLogin: on } })}
        />
      ) : null}
      <div className="field">
        <label htmlFor="desktop-language">{t('desktop.language')}</label>
        <select
          id="desktop-language"
          aria-describedby="desktop-language-hint"
          value={settings.app.language}
          onChange={(e) => void save({ app: { language: e.target.value as LanguageSetting } })}
        >
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {t(`desktop.language.${l}`)}
            </option>
          ))}
        </select>
        <span id="desktop-language-hint" className="field-hint">
          {t('desktop.language.hint')}
        </span>
      </div>
      <ControlError errorKey="desktop-settings" />
    </div>
  );
}

function permissionNow(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** The browser asks only on a click; where permission is already granted no button is needed. */
function AllowNotifications() {
  const t = useT();
  const [permission, setPermission] = useState(permissionNow);
  if (permission === 'unsupported')
    return <p className="muted">{t('desktop.notificationsUnsupported')}</p>;
  if (permission === 'granted') return <p className="muted">{t('desktop.notificationsAllowed')}</p>;
  if (permission === 'denied') return <p className="muted">{t('desktop.notificationsBlocked')}</p>;
  return (
    <button
      type="button"
      onClick={() => void Notification.requestPermission().then(setPermission, () => undefined)}
    >
      {t('desktop.allowNotifications')}
    </button>
  );
}
