import { describe, expect, it } from 'vitest';
import type { Notice } from '../../../shared/events';
import type { Snapshot } from '../../../shared/snapshot';
import { createNoticeWatcher, type NotificationApi } from './browser-notify';

function notice(id: number, name: string): Notice {
  return {
    id,
    at: id,
    kind: 'tripped',
    from: null,
    service: 'codex',
    station: 'main',
    relays: [{ id: `${name}/default`, name }],
  };
}

const snap = (notices: Notice[], instanceId = 'i') =>
  ({ instanceId, notices: [...notices].reverse() }) as unknown as Snapshot;

function fakeNotification(permission: NotificationPermission) {
  const shown: { title: string; body?: string; click(): void }[] = [];
  class N {
    static permission = permission;
    onclick: (() => void) | null = null;
    constructor(title: string, options?: NotificationOptions) {
      shown.push({ title, body: options?.body, click: () => this.onclick?.() });
    }
    close() {}
  }
  return { N: N as unknown as NotificationApi, shown };
}

describe('browser notifications', () => {
  it('shows only notices that arrive after the page opened, each once, and a click goes to it', () => {
    const { N, shown } = fakeNotification('granted');
    const clicked: Notice[] = [];
    const watch = createNoticeWatcher({
      Notification: N,
      text: (n) => ({ title: `${n.relays[0]?.name} tripped`, body: n.service }),
      onClick: (n) => clicked.push(n),
    });
    watch(snap([notice(1, 'Old relay')]));
    watch(snap([notice(1, 'Old relay'), notice(2, 'Relay A')]));
    watch(snap([notice(1, 'Old relay'), notice(2, 'Relay A')]));
    expect(shown.map((s) => s.title)).toEqual(['Relay A tripped']);
    shown[0]?.click();
    expect(clicked.map((n) => n.id)).toEqual([2]);
  });

  it('shows nothing until the user has allowed notifications', () => {
    const { N, shown } = fakeNotification('default');
    const watch = createNoticeWatcher({
      Notification: N,
      text: () => ({ title: 't', body: '' }),
      onClick: () => undefined,
    });
    watch(snap([]));
    watch(snap([notice(1, 'Relay A')]));
    expect(shown).toEqual([]);
  });

  it('starts over when the engine restarted (a new instance)', () => {
    const { N, shown } = fakeNotification('granted');
    const watch = createNoticeWatcher({
      Notification: N,
      text: (n) => ({ title: String(n.id), body: '' }),
      onClick: () => undefined,
    });
    watch(snap([notice(5, 'A')]));
    watch(snap([notice(1, 'B')], 'restarted'));
    watch(snap([notice(1, 'B'), notice(2, 'C')], 'restarted'));
    expect(shown.map((s) => s.title)).toEqual(['2']);
  });
});
