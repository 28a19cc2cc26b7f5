import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC } from '../../shared/contract';
import type { PreloadApi } from '../../preload/api-types';
import { OPEN_PATH_CHANNEL, REMOTE_CHANNEL, REMOTE_STATE_CHANNEL } from '../../preload/channels';

const bridge = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => void;
  const listeners = new Map<string, Listener[]>();
  const exposed: Record<string, unknown> = {};
  const invokes: unknown[][] = [];
  return {
    listeners,
    exposed,
    invokes,
    ipcRenderer: {
      on(channel: string, fn: Listener) {
        listeners.set(channel, [...(listeners.get(channel) ?? []), fn]);
      },
      removeListener(channel: string, fn: Listener) {
        listeners.set(
          channel,
          (listeners.get(channel) ?? []).filter((l) => l !== fn),
        );
      },
      removeAllListeners() {
        throw new Error('the preload must never remove every listener');
      },
      async invoke(...args: unknown[]) {
        invokes.push(args);
        if (args[0] === OPEN_PATH_CHANNEL_VALUE) {
          return args[1] === 'logs'
            ? { ok: true }
            : { ok: false, error: { code: 'refused', message: 'nope' } };
        }
        return { ok: true, value: { version: 1 } };
      },
    },
    contextBridge: {
      exposeInMainWorld(key: string, api: unknown) {
        exposed[key] = api;
      },
    },
  };
});
const OPEN_PATH_CHANNEL_VALUE = 'chd:open-path';

vi.mock('electron', () => ({
  ipcRenderer: bridge.ipcRenderer,
  contextBridge: bridge.contextBridge,
}));

let api: PreloadApi;
beforeAll(async () => {
  await import('../../preload/index');
  api = bridge.exposed.codexHelper as PreloadApi;
});

describe('preload bridge', () => {
  it('exposes only the typed API on window.codexHelper', () => {
    expect(OPEN_PATH_CHANNEL).toBe(OPEN_PATH_CHANNEL_VALUE);
    expect(Object.keys(bridge.exposed)).toEqual(['codexHelper']);
    expect(Object.keys(api).sort()).toEqual([
      'command',
      'getSnapshot',
      'onFocus',
      'onSnapshot',
      'openPath',
      'remote',
    ]);
  });

  it('sends commands by name with their named arguments over the command channel', async () => {
    const result = await api.command('moveUpstream', {
      service: 'codex',
      station: 'main',
      id: 'a',
      toIndex: 1,
    });
    expect(result).toEqual({ ok: true, value: { version: 1 } });
    expect(bridge.invokes.at(-1)).toEqual([
      IPC.command,
      'moveUpstream',
      { service: 'codex', station: 'main', id: 'a', toIndex: 1 },
    ]);
  });

  it('unsubscribes only its own snapshot listener', () => {
    const a = vi.fn();
    const b = vi.fn();
    const offA = api.onSnapshot(a);
    api.onSnapshot(b);
    offA();
    for (const l of bridge.listeners.get(IPC.snapshot) ?? []) l({}, { version: 2 });
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledWith({ version: 2 });
  });

  it('hands openPath and getSnapshot answers back as envelopes, refusals included', async () => {
    await expect(api.openPath!('logs')).resolves.toEqual({ ok: true });
    await expect(api.openPath!('config')).resolves.toEqual({
      ok: false,
      error: { code: 'refused', message: 'nope' },
    });
    await expect(api.getSnapshot()).resolves.toEqual({ ok: true, value: { version: 1 } });
    expect(bridge.invokes.at(-1)).toEqual([IPC.getSnapshot]);
  });

  it('passes remote actions on the remote channel and hears the state pushes', async () => {
    await api.remote!.call({ kind: 'use', id: null });
    expect(bridge.invokes.at(-1)).toEqual([REMOTE_CHANNEL, { kind: 'use', id: null }]);
    const heard = vi.fn();
    const off = api.remote!.onState(heard);
    for (const l of bridge.listeners.get(REMOTE_STATE_CHANNEL) ?? []) l({}, { status: 'local' });
    off();
    for (const l of bridge.listeners.get(REMOTE_STATE_CHANNEL) ?? []) l({}, { status: 'x' });
    expect(heard.mock.calls).toEqual([[{ status: 'local' }]]);
  });
});
