// Wires the browser notification adapter to the store (console in a browser only).
import { useEffect } from 'react';
import type { ServiceName } from '../../../shared/config-types';
import { noticeText } from '../../../shared/notice-text';
import { useStore } from '../store';
import { api } from './api';
import { createNoticeWatcher, type NotificationApi } from './browser-notify';
import { currentT } from './i18n';

/** Shows the relay a notification was about: its service and station in the Upstreams view. */
export function focusRelay(target: { service: ServiceName; station: string | null }): void {
  const ui = useStore.getState();
  ui.setView('upstreams');
  ui.setService(target.service);
  if (target.station) ui.selectStation(target.service, target.station);
}

/** Inside Electron the main process shows notifications and asks the window to focus a relay. */
export function useDesktopFocus(): void {
  useEffect(() => api.onFocus?.((target) => focusRelay(target)), []);
}

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
        focusRelay(n);
      },
    });
    const current = useStore.getState().snapshot;
    if (current) watch(current);
    return useStore.subscribe((s, prev) => {
      if (s.snapshot && s.snapshot !== prev.snapshot) watch(s.snapshot);
    });
  }, []);
}
