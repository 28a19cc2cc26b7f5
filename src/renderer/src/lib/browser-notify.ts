// The browser console's notification adapter (docs/behaviour.md §8.1): shows the engine's
// notices with the Notification API once the user allowed it. The Electron window shows none
// (the main process does), so a notice is never shown twice.
import type { Notice } from '../../../shared/events';
import type { Snapshot } from '../../../shared/snapshot';

export interface NotificationLike {
  onclick: ((this: unknown, ev: Event) => unknown) | null;
  close(): void;
}

export interface NotificationApi {
  readonly permission: NotificationPermission;
  new (title: string, options?: NotificationOptions): NotificationLike;
}

export interface NoticeWatcherOptions {
  Notification: NotificationApi | null;
  text(notice: Notice): { title: string; body: string };
  onClick(notice: Notice): void;
}

/**
 * Feed it every snapshot. The first snapshot of an engine instance only sets the baseline (its
 * notices were announced before this page was open); later ones show what is new.
 */
export function createNoticeWatcher(opts: NoticeWatcherOptions): (s: Snapshot) => void {
  let instance: string | null = null;
  let lastId = 0;
  return (s) => {
    const notices = s.notices ?? [];
    const maxId = notices.reduce((m, n) => Math.max(m, n.id), 0);
    if (s.instanceId !== instance) {
      instance = s.instanceId;
      lastId = maxId;
      return;
    }
    const fresh = notices.filter((n) => n.id > lastId).sort((a, b) => a.id - b.id);
    lastId = Math.max(lastId, maxId);
    const N = opts.Notification;
    if (!N || N.permission !== 'granted') return;
    for (const notice of fresh) {
      const { title, body } = opts.text(notice);
      const shown = new N(title, { body, tag: `chd-${notice.id}` });
      shown.onclick = () => {
        opts.onClick(notice);
        shown.close();
      };
    }
  };
}
