// Wires the browser notification adapter to the store (console in a browser only).
import { useEffect } from 'react';
import { noticeText } from '../../../shared/notice-text';
import { useStore } from '../store';
import { api } from './api';
import { createNoticeWatcher, type NotificationApi } from './browser-notify';
import { currentT } from './i18n';

export function useBrowserNotifications(): void {
  useEffect(() => {
    if (api.kind !== 'http') return;
    const N =
      typeof window !== 'undefined' && 'Notification' in window
        ? (window.Notification as unknown as NotificationApi)
        : null;
    const watch = createNoticeWatcher({
      Notification: N,
      text: (n) => {
        const { t, locale } = currentT();
        return noticeText(n, t, locale);
      },
      onClick: (n) => {
        window.focus();
        const ui = useStore.getState();
        ui.setView('upstreams');
        ui.setService(n.service);
        if (n.station) ui.selectStation(n.service, n.station);
      },
    });
    const current = useStore.getState().snapshot;
    if (current) watch(current);
    return useStore.subscribe((s, prev) => {
      if (s.snapshot && s.snapshot !== prev.snapshot) watch(s.snapshot);
    });
  }, []);
}
