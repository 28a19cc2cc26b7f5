import { useEffect, useState } from 'react';
import { api } from '../lib/api';
import { errorMessage } from '../lib/run-command';
import { useStore } from '../store';
import { useT } from '../lib/i18n';
import { translateRef } from '../../../shared/i18n';

/** Config problems are loud (role="alert"); state problems and warnings stay unobtrusive. */
export function Banners() {
  const configError = useStore((s) => s.snapshot?.configError ?? null);
  const stateError = useStore((s) => s.snapshot?.stateError ?? null);
  const warnings = useStore((s) => s.snapshot?.warnings);
  const warningMessages = useStore((s) => s.snapshot?.warningMessages);
  const connection = useStore((s) => s.connection);
  const shared = useStore((s) => s.snapshot?.shared ?? null);
  const t = useT();
  return (
    <>
      {configError ? (
        <div role="alert" className="banner banner-error">
          <strong>{t('app.configProblem')}</strong>{' '}
          {configError.messageId ? (
            <>
              <span className="mono">{configError.file}</span>
              {configError.path ? <span className="mono"> {configError.path}</span> : null}:{' '}
              {translateRef(t, configError, configError.message)}
            </>
          ) : (
            configError.message
          )}
          <div className="banner-where mono">
            {configError.file}
            {configError.line !== null
              ? `:${configError.line}${configError.column !== null ? `:${configError.column}` : ''}`
              : ''}
            {configError.path ? ` — ${configError.path}` : ''}
          </div>
          <div className="muted">{t('app.configKeepsRunning')}</div>
          <OpenConfigButton />
        </div>
      ) : null}
      {connection === 'lost' ? (
        <div className="banner banner-warn" role="status">
          {t('app.lostConnection')}
        </div>
      ) : null}
      {shared?.status === 'down' ? (
        <div className="banner banner-warn" role="status">
          {t('app.sharedDown', { error: shared.error ?? '' })}
        </div>
      ) : null}
      {stateError ? (
        <div className="banner banner-quiet" role="status">
          {t('app.stateUnreadable', { message: stateError.message })}
          {stateError.movedTo ? (
            <>
              {' '}
              {t('app.stateKeptAs')} <span className="mono">{stateError.movedTo}</span>.
            </>
          ) : null}
        </div>
      ) : null}
      {warnings && warnings.length > 0 ? (
        <ul className="warnings" aria-label={t('app.warnings')}>
          {warnings.map((w, i) => (
            <li key={w}>⚠ {translateRef(t, warningMessages?.[i], w)}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** Desktop only: the OS opens the file; the browser console shows its path above instead. */
function OpenConfigButton() {
  const [error, setError] = useState<string | null>(null);
  const t = useT();
  const open = api.openPath;
  if (!open) return null;
  return (
    <div className="client-actions">
      <button
        type="button"
        onClick={() =>
          open('config').then(
            () => setError(null),
            (err: unknown) => setError(errorMessage(err)),
          )
        }
      >
        {t('app.openConfig')}
      </button>
      {error ? <span className="control-error">{error}</span> : null}
    </div>
  );
}

const NOTICE_MS = 5000;

export function Notices() {
  const notices = useStore((s) => s.notices);
  const dismiss = useStore((s) => s.dismissNotice);
  const newest = notices[notices.length - 1];
  const t = useT();
  useEffect(() => {
    if (!newest) return;
    const timer = setTimeout(() => dismiss(newest.id), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [newest, dismiss]);
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.tone}`}>
          <span>{n.text}</span>
          <button type="button" className="link" onClick={() => dismiss(n.id)}>
            {t('app.dismiss')}
          </button>
        </div>
      ))}
    </div>
  );
}
