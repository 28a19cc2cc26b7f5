// The header's instance chip and "Connect to…" (docs/behaviour.md §11.2): always says which
// instance the window shows; a remote one also changes the accent colour (App's data-instance).
import { useState } from 'react';
import { formatDuration } from '../../../../shared/i18n';
import { api } from '../../lib/api';
import { useLocale, useT } from '../../lib/i18n';
import { useStore } from '../../store';
import { ConnectDialog } from './ConnectDialog';
import { useRemoteStore } from './remote-store';

export function RemoteChip() {
  const state = useRemoteStore((s) => s.state);
  const [open, setOpen] = useState(false);
  const t = useT();
  if (!api.remote) return null;
  const showing = state?.showing ?? null;
  const status = state?.status ?? 'local';
  return (
    <>
      <span
        className={`instance-chip ${showing ? 'instance-remote' : 'instance-local'}`}
        aria-label={t('remote.instance')}
        title={showing?.url}
      >
        {showing ? t('remote.showing', { name: showing.name }) : t('remote.thisComputer')}
        {showing && status !== 'connected' && status !== 'local'
          ? ` · ${t(`remote.status.${status}`)}`
          : null}
      </span>
      <button type="button" onClick={() => setOpen(true)}>
        {t('remote.connectTo')}
      </button>
      {open ? <ConnectDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}

/** While the link to the shown instance is down: what is shown, how old, when it retries. */
export function RemoteBanner() {
  const state = useRemoteStore((s) => s.state);
  const now = useStore((s) => s.now);
  const t = useT();
  const locale = useLocale();
  const showing = state?.showing;
  if (!state || !showing) return null;
  if (state.status === 'connecting') {
    return (
      <div className="banner banner-quiet" role="status">
        {t('remote.connecting', { name: showing.name })}
      </div>
    );
  }
  if (state.status !== 'disconnected') return null;
  const age = state.lastSnapshotAt === null ? 0 : (now - state.lastSnapshotAt) / 1000;
  const retry = state.retryAt === null ? 0 : (state.retryAt - now) / 1000;
  return (
    <div className="banner banner-warn" role="status">
      {t('remote.disconnected', {
        name: showing.name,
        error: state.error ?? '',
        age: formatDuration(age, locale),
        retry: formatDuration(Math.max(0, retry), locale),
      })}
    </div>
  );
}
