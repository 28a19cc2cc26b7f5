import { useEffect } from 'react';
import { Banners, Notices } from './components/Banners';
import { ClientNotices } from './components/ClientNotices';
import { PausedBanner } from './components/PausedBanner';
import { ConfirmDialog } from './components/Dialog';
import { NoUpstreamAlerts } from './components/NoUpstreamAlert';
import { OverviewView } from './features/overview/OverviewView';
import { RequestsView } from './features/requests/RequestsView';
import { SessionsView } from './features/sessions/SessionsView';
import { SettingsView } from './features/settings/SettingsView';
import { UpstreamsView } from './features/upstreams/UpstreamsView';
import { RemoteBanner, RemoteChip } from './features/remote/RemoteChip';
import { useRemoteLink, useRemoteStore, useStale } from './features/remote/remote-store';
import { ApiError, api, onStreamState, onUnauthorized } from './lib/api';
import { useBrowserNotifications, useDesktopFocus } from './lib/use-browser-notifications';
import { useStore, type ViewName } from './store';
import { CONFIG_LOCKED_REASON_ID, selectConfigLocked } from './store/selectors';
import { useT } from './lib/i18n';
import type { MessageId } from '../../shared/i18n';

const VIEWS: { id: ViewName; label: MessageId }[] = [
  { id: 'upstreams', label: 'app.view.upstreams' },
  { id: 'requests', label: 'app.view.requests' },
  { id: 'sessions', label: 'app.view.sessions' },
  { id: 'overview', label: 'app.view.overview' },
  { id: 'settings', label: 'app.view.settings' },
];

const TICK_MS = 1000;

function useEngineConnection() {
  useEffect(() => {
    const { applySnapshot, setConnection, tick } = useStore.getState();
    const stopAuth = onUnauthorized(() => setConnection('unauthorized'));
    const stopStream = onStreamState((state) => {
      // 'open' is confirmed by the snapshot fetched on (re)connect; only a drop changes status here.
      if (state === 'error' && useStore.getState().connection === 'live') setConnection('lost');
    });
    // Subscribe first, then fetch: a push that lands in between is not lost, and the version
    // check drops whichever of the two is older.
    const stop = api.onSnapshot((s) => applySnapshot(s));
    api.getSnapshot().then(
      (s) => applySnapshot(s),
      (err: unknown) => {
        if (err instanceof ApiError && err.code === 'unauthorized') setConnection('unauthorized');
        else setConnection('lost');
      },
    );
    const ticker = setInterval(() => tick(Date.now()), TICK_MS);
    return () => {
      stop();
      stopAuth();
      stopStream();
      clearInterval(ticker);
    };
  }, []);
}

export function App() {
  useEngineConnection();
  useBrowserNotifications();
  useDesktopFocus();
  useRemoteLink();
  const remoteShown = useRemoteStore((s) => s.state?.showing != null);
  const stale = useStale();
  const view = useStore((s) => s.view);
  const setView = useStore((s) => s.setView);
  const connection = useStore((s) => s.connection);
  const hasSnapshot = useStore((s) => s.snapshot !== null);
  const pendingView = useStore((s) => s.pendingView);
  const resolvePendingView = useStore((s) => s.resolvePendingView);
  const locked = useStore(selectConfigLocked);
  const t = useT();

  if (connection === 'unauthorized') {
    return (
      <main className="fullpage">
        <h1>Codex Helper Desktop</h1>
        <p role="alert">
          {t('app.needsToken')} <code>npm run serve</code>.
        </p>
      </main>
    );
  }

  return (
    <div className="app" data-instance={remoteShown ? 'remote' : 'local'}>
      <header className="topbar">
        <h1>Codex Helper</h1>
        <nav aria-label={t('app.views')} className="nav">
          {VIEWS.map((v) => (
            <button
              key={v.id}
              type="button"
              aria-current={v.id === view ? 'page' : undefined}
              onClick={() => setView(v.id)}
            >
              {t(v.label)}
            </button>
          ))}
        </nav>
        <RemoteChip />
        <span className={`conn conn-${connection}`}>
          {connection === 'live'
            ? t('app.live')
            : connection === 'lost'
              ? t('app.disconnected')
              : t('app.connecting')}
        </span>
      </header>
      <RemoteBanner />
      <Banners />
      <NoUpstreamAlerts />
      <PausedBanner />
      <ClientNotices />
      <Notices />
      {/* The description of every control that edits config.toml while the file is broken. */}
      {locked ? (
        <span id={CONFIG_LOCKED_REASON_ID} hidden>
          {t('app.lockedReason')}
        </span>
      ) : null}
      {pendingView ? (
        <ConfirmDialog
          title={t('app.unsavedTitle')}
          message={<p>{t('app.unsavedMessage')}</p>}
          cancelLabel={t('app.stay')}
          confirmLabel={t('app.discardChanges')}
          danger
          onCancel={() => resolvePendingView(false)}
          onConfirm={() => resolvePendingView(true)}
        />
      ) : null}
      <main className={stale ? 'content is-stale' : 'content'} aria-busy={stale || undefined}>
        {!hasSnapshot ? (
          <p className="empty">{connection === 'lost' ? t('app.cannotReach') : t('app.loading')}</p>
        ) : view === 'upstreams' ? (
          <UpstreamsView />
        ) : view === 'requests' ? (
          <RequestsView />
        ) : view === 'sessions' ? (
          <SessionsView />
        ) : view === 'overview' ? (
          <OverviewView />
        ) : (
          <SettingsView />
        )}
      </main>
    </div>
  );
}
