// "Connect to…": a console URL and token, checked by the main process before it is remembered;
// the remembered instances to show again or forget, and the way back to this computer.
import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { api } from '../../lib/api';
import { useT } from '../../lib/i18n';
import { errorMessage } from '../../lib/run-command';
import type { RemoteAction } from '../../../../preload/api-types';
import { useRemoteStore } from './remote-store';

export function ConnectDialog({ onClose }: { onClose(): void }) {
  const state = useRemoteStore((s) => s.state);
  const set = useRemoteStore((s) => s.set);
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const t = useT();

  async function run(action: RemoteAction, close: boolean) {
    const remote = api.remote;
    if (!remote) return;
    setBusy(true);
    setError(null);
    try {
      set(await remote.call(action));
      if (close) onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const input = {
      url,
      ...(token.trim() ? { token: token.trim() } : {}),
      ...(name.trim() ? { name: name.trim() } : {}),
    };
    void run({ kind: 'connect', ...input }, true);
  }

  const saved = state?.saved ?? [];
  return (
    <Dialog title={t('remote.dialogTitle')} onClose={onClose}>
      <form onSubmit={submit} className="connect-form">
        <p className="muted">{t('remote.hint')}</p>
        <label>
          {t('remote.url')}
          <input
            type="url"
            required
            value={url}
            placeholder="http://127.0.0.1:13212/?token=…"
            onChange={(e) => setUrl(e.target.value)}
          />
        </label>
        <label>
          {t('remote.token')}
          <input
            type="password"
            autoComplete="off"
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
        </label>
        <label>
          {t('remote.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        {error ? (
          <p className="control-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          {state?.showing ? (
            <button
              type="button"
              disabled={busy}
              onClick={() => void run({ kind: 'use', id: null }, true)}
            >
              {t('remote.backToLocal')}
            </button>
          ) : null}
          <button type="button" onClick={onClose}>
            {t('remote.close')}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('remote.connectingButton') : t('remote.connect')}
          </button>
        </div>
      </form>
      {saved.length > 0 ? (
        <section aria-label={t('remote.saved')}>
          <h3>{t('remote.saved')}</h3>
          <ul className="remote-list">
            {saved.map((r) => (
              <li key={r.id}>
                <strong>{r.name}</strong> <span className="mono muted">{r.url}</span>
                <button
                  type="button"
                  disabled={busy || state?.showing?.id === r.id}
                  aria-label={`${t('remote.show')} ${r.name}`}
                  onClick={() => void run({ kind: 'use', id: r.id }, true)}
                >
                  {t('remote.show')}
                </button>
                <button
                  type="button"
                  className="link"
                  disabled={busy}
                  aria-label={`${t('remote.forget')} ${r.name}`}
                  onClick={() => void run({ kind: 'forget', id: r.id }, false)}
                >
                  {t('remote.forget')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Dialog>
  );
}
