import { COMMAND_ARG_NAMES } from '../../shared/command-args';
import { describe, expect, it, vi } from 'vitest';
import { AppError, COMMAND_NAMES, IPC, type CommandName } from '../../shared/contract';
import { createFakeEngine } from '../../../tests/fixtures/fake-engine';
import { OPEN_PATH_CHANNEL } from '../../preload/channels';
import { FakeIpcMain } from '../../../tests/fixtures/electron-fakes';
import { pushSnapshots, registerIpc } from './ipc';

vi.mock('electron', () => ({}));

const APP_URL = 'file:///app/out/renderer/index.html';
const trusted = (url: string) => url.startsWith('file://');

describe('IPC command handler', () => {
  it('reaches every command in the contract through one channel, with its arguments', async () => {
    const engine = createFakeEngine(7);
    const ipc = new FakeIpcMain();
    registerIpc(ipc, engine, { isTrustedSender: trusted });
    const probe = (name: CommandName) => ({ [COMMAND_ARG_NAMES[name][0]!]: name });
    for (const name of COMMAND_NAMES) {
      const result = await ipc.invoke(IPC.command, APP_URL, name, probe(name));
      expect(result, name).toEqual({ ok: true, value: { version: 7 } });
    }
    expect(engine.calls).toEqual(COMMAND_NAMES.map((name) => ({ name, args: probe(name) })));
  });

  it('turns a thrown AppError into an error envelope instead of a rejected invoke', async () => {
    const engine = createFakeEngine();
    engine.respond = () =>
      Promise.reject(new AppError('conflict', 'upstream already exists', 'upstream.baseUrl'));
    const ipc = new FakeIpcMain();
    registerIpc(ipc, engine);
    await expect(ipc.invoke(IPC.command, APP_URL, 'addUpstream', {})).resolves.toEqual({
      ok: false,
      error: { code: 'conflict', message: 'upstream already exists', path: 'upstream.baseUrl' },
    });
    engine.respond = () => Promise.reject(new Error('boom'));
    await expect(ipc.invoke(IPC.command, APP_URL, 'addUpstream', {})).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });
  });

  it('refuses unknown names, non-object arguments and foreign senders without calling the engine', async () => {
    const engine = createFakeEngine();
    const ipc = new FakeIpcMain();
    registerIpc(ipc, engine, { isTrustedSender: trusted });
    await expect(ipc.invoke(IPC.command, APP_URL, 'rm -rf', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'unknown_command' },
    });
    await expect(ipc.invoke(IPC.command, APP_URL, 'moveUpstream', 'up')).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_argument' },
    });
    await expect(
      ipc.invoke(IPC.command, 'https://evil.example/', 'resetUpstream', {}),
    ).resolves.toMatchObject({
      ok: false,
      error: { code: 'refused' },
    });
    await expect(ipc.invoke(IPC.getSnapshot, 'https://evil.example/')).resolves.toMatchObject({
      ok: false,
      error: { code: 'refused', message: expect.stringMatching(/may not/) },
    });
    expect(engine.calls).toEqual([]);
  });

  it('answers the current snapshot and removes its handlers when disposed', async () => {
    const engine = createFakeEngine(3);
    const ipc = new FakeIpcMain();
    const dispose = registerIpc(ipc, engine);
    await expect(ipc.invoke(IPC.getSnapshot, APP_URL)).resolves.toMatchObject({
      ok: true,
      value: { version: 3 },
    });
    dispose();
    expect([...ipc.handlers.keys()]).toEqual([]);
  });

  it('opens only the config file or the logs folder', async () => {
    const opened: string[] = [];
    const ipc = new FakeIpcMain();
    registerIpc(ipc, createFakeEngine(), { openPath: async (which) => void opened.push(which) });
    await expect(ipc.invoke(OPEN_PATH_CHANNEL, APP_URL, 'logs')).resolves.toEqual({
      ok: true,
      value: undefined,
    });
    await expect(ipc.invoke(OPEN_PATH_CHANNEL, APP_URL, '/etc/passwd')).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_argument' },
    });
    expect(opened).toEqual(['logs']);
  });
});

describe('snapshot push to the window', () => {
  it('sends every snapshot the engine publishes to the window', () => {
    const engine = createFakeEngine();
    const sent: number[] = [];
    const contents = {
      send: (channel: string, snapshot: { version: number }) => {
        expect(channel).toBe(IPC.snapshot);
        sent.push(snapshot.version);
      },
      isDestroyed: () => false,
    };
    pushSnapshots(engine, () => contents as never);
    engine.push(2);
    engine.push(3);
    engine.push(4);
    expect(sent).toEqual([2, 3, 4]);
  });

  it('skips a destroyed window and unsubscribes when stopped', () => {
    const engine = createFakeEngine();
    const send = vi.fn();
    const stop = pushSnapshots(engine, () => ({ send, isDestroyed: () => true }));
    engine.push(2);
    expect(send).not.toHaveBeenCalled();
    stop();
    expect(engine.listenerCount()).toBe(0);
  });
});
