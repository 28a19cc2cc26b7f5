// The desktop's notification adapter (docs/behaviour.md §8.1): shows each notice the engine
// decided on with the system's notifications; a click opens the window on that relay.
import type { Notice } from '../../shared/events';
import type { Locale, Translate } from '../../shared/i18n';
import { noticeText } from '../../shared/notice-text';

export interface ShownNotification {
  show(): void;
  on(event: 'click' | 'close', listener: () => void): unknown;
}

export interface NotificationClass {
  new (options: { title: string; body: string }): ShownNotification;
  isSupported(): boolean;
}

export interface NoticeAdapterDeps {
  Notification: NotificationClass;
  language(): { t: Translate; locale: Locale };
  onClick(notice: Notice): void;
}

/** Subscribes to the engine's notices; returns the unsubscribe. */
export function showNotices(
  engine: { onNotice(listener: (n: Notice) => void): () => void },
  deps: NoticeAdapterDeps,
): () => void {
  // Held until clicked or closed: a collected Notification loses its click handler.
  const live = new Set<ShownNotification>();
  return engine.onNotice((notice) => {
    if (!deps.Notification.isSupported()) return;
    const { t, locale } = deps.language();
    const shown = new deps.Notification(noticeText(notice, t, locale));
    live.add(shown);
    shown.on('click', () => {
      live.delete(shown);
      deps.onClick(notice);
    });
    shown.on('close', () => live.delete(shown));
    shown.show();
  });
}
