import { describe, expect, it, vi } from 'vitest';
import { IPC } from '../../shared/contract';
import type { Notice } from '../../shared/events';
import { silentLogger } from '../engine/types';
import { createFakeEngine, type FakeEngine } from '../../../tests/fixtures/fake-engine';
import { homeArg, runApp, type AppEngine, type ElectronPieces } from './app';
import { FakeEmitter, FakeIpcMain, fakeEvent } from '../../../tests/fixtures/electron-fakes';
import { REMOTE_CHANNEL } from '../../preload/channels';

vi.mock('electron', () => ({}));

function fakeElectron(lock = true) {
  const order: string[] = [];
  let quitCalled: () => void = () => undefined;
  const quitted = new Promise<void>((resolve) => (quitCalled = resolve));
  const app = Object.assign(new FakeEmitter(), {
    requestSingleInstanceLock: () => lock,
    quit: () => {
      order.push('app.quit');
      quitCalled();
    },
    exit: (code: number) => void order.push(`app.exit ${code}`),
    whenReady: () => Promise.resolve(),
    setAppUserModelId: () => undefined,
    getLocale: () => 'en-US',
    setLoginItemSettings: (settings: unknown) =>
      void order.push(`login item ${JSON.stringify(settings)}`),
  });
  const notifications: { title: string; body: string; click(): void; shown: boolean }[] = [];
  class Notification extends FakeEmitter {
    static isSupported = () => true;
    constructor(options: { title: string; body: string }) {
      super();
      notifications.push({ ...options, click: () => this.emit('click'), shown: false });
    }
    show() {
      notifications[notifications.length - 1]!.shown = true;
    }
  }
  const windows: FakeEmitter[] = [];
  class Win extends FakeEmitter {
    shown = 0;
    sent: unknown[][] = [];
    webContents = Object.assign(new FakeEmitter(), {
      setWindowOpenHandler() {},
      send: (...args: unknown[]) => void this.sent.push(args),
      isDestroyed: () => false,
    });
    constructor() {
      super();
      windows.push(this);
    }
    isDestroyed = () => false;
    isMinimized = () => false;
    restore() {}
    show() {
      this.shown++;
    }
    focus() {}
    hide() {}
    loadFile = () => Promise.resolve();
    loadURL = () => Promise.resolve();
  }
  class Tray extends FakeEmitter {
    setContextMenu() {}
    setToolTip() {}
    setImage() {}
    destroy = () => void order.push('tray.destroy');
  }
  const ipcMain = new FakeIpcMain();
  const pieces = {
    app,
    BrowserWindow: Win,
    ipcMain,
    session: { defaultSession: { webRequest: { onHeadersReceived() {} } } },
    shell: { openPath: async () => '' },
    dialog: { showErrorBox: (title: string) => void order.push(`error box: ${title}`) },
    Tray,
    Menu: { buildFromTemplate: () => ({}) },
    nativeImage: { createFromBitmap: () => ({}) },
    Notification,
  } as unknown as ElectronPieces;
  return {
    pieces,
    app,
    order,
    quitted,
    windows: windows as unknown as (FakeEmitter & { shown: number; sent: unknown[][] })[],
    ipcMain,
    notifications,
  };
}

function appEngine(order: string[]): AppEngine & FakeEngine & { notify(n: Notice): void } {
  const listeners = new Set<(n: Notice) => void>();
  return Object.assign(createFakeEngine(), {
    start: async () => void order.push('engine.start'),
    stop: async () => void order.push('engine.stop'),
    info: () => ({ configFile: '/h/config.toml', logsDir: '/h/logs' }),
    onNotice: (l: (n: Notice) => void) => {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    notify: (n: Notice) => listeners.forEach((l) => l(n)),
  });
}

const opts = (engine: AppEngine) => ({
  createEngine: () => engine,
  preloadPath: '/out/preload/index.cjs',
  rendererFile: '/out/renderer/index.html',
  devServerUrl: null,
  logger: silentLogger,
});

describe('desktop app lifecycle', () => {
  it('quits at once when another instance holds the lock, without starting an engine', async () => {
    const { pieces, order } = fakeElectron(false);
    const create = vi.fn();
    await expect(
      runApp(pieces, { ...opts(appEngine(order)), createEngine: create }),
    ).resolves.toBeNull();
    expect(create).not.toHaveBeenCalled();
    expect(order).toEqual(['app.quit']);
  });

  it('starts the engine, wires IPC and shows the window again on a second launch', async () => {
    const { pieces, order, app, windows, ipcMain } = fakeElectron();
    await runApp(pieces, opts(appEngine(order)));
    expect(order).toEqual(['engine.start']);
    expect(ipcMain.handlers.has(IPC.command)).toBe(true);
    expect(windows).toHaveLength(1);
    app.emit('second-instance');
    expect(windows[0]!.shown).toBe(1);
  });

  it('shows this computer until Connect to… attaches the window elsewhere', async () => {
    const { pieces, order, ipcMain } = fakeElectron();
    await runApp(pieces, opts(appEngine(order)));
    const url = 'file:///out/renderer/index.html';
    await expect(ipcMain.invoke(REMOTE_CHANNEL, url, { kind: 'state' })).resolves.toMatchObject({
      ok: true,
      value: { showing: null, status: 'local', saved: [] },
    });
    await expect(ipcMain.invoke(IPC.getSnapshot, url)).resolves.toMatchObject({
      ok: true,
      value: { instanceId: 'test-instance' },
    });
    await expect(
      ipcMain.invoke(REMOTE_CHANNEL, 'https://evil.example/', { kind: 'state' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'refused' } });
  });

  it('stops the engine before the app quits, also when the OS asks to quit', async () => {
    const { pieces, order, app, quitted } = fakeElectron();
    await runApp(pieces, opts(appEngine(order)));
    const event = fakeEvent();
    app.emit('before-quit', event);
    expect(event.defaultPrevented).toBe(true);
    await quitted;
    expect(order).toEqual(['engine.start', 'engine.stop', 'tray.destroy', 'app.quit']);
    const again = fakeEvent();
    app.emit('before-quit', again);
    expect(again.defaultPrevented).toBe(false);
  });

  it('switches a client it pointed at the proxy back off before stopping the engine on quit', async () => {
    const { pieces, order, app, quitted } = fakeElectron();
    const engine = appEngine(order);
    const base = engine.snapshot();
    engine.snapshot = () => ({
      ...base,
      clients: { ...base.clients, codex: { ...base.clients.codex, status: 'on' } },
    });
    engine.respond = async (name, args) => {
      order.push(`${name} ${JSON.stringify(args)}`);
      return { ok: true, value: { version: 2 } };
    };
    await runApp(pieces, opts(engine));
    app.emit('before-quit', fakeEvent());
    await quitted;
    expect(order).toEqual([
      'engine.start',
      'switchClient {"client":"codex","on":false}',
      'engine.stop',
      'tray.destroy',
      'app.quit',
    ]);
  });

  it('shows the reason and exits when the engine cannot start', async () => {
    const { pieces, order } = fakeElectron();
    const engine = appEngine(order);
    engine.start = () => Promise.reject(new Error('config.toml is unreadable'));
    await expect(runApp(pieces, opts(engine))).resolves.toBeNull();
    expect(order).toEqual(['error box: Codex Helper could not start', 'app.exit 1']);
  });
});

describe('desktop habits', () => {
  const tripped: Notice = {
    id: 1,
    at: 0,
    kind: 'tripped',
    from: null,
    service: 'codex',
    station: 'main',
    relays: [{ id: 'relay-a/default', name: 'Relay A' }],
  };

  it('shows each notice as a system notification; a click opens the window on that relay', async () => {
    const { pieces, order, windows, notifications } = fakeElectron();
    const engine = appEngine(order);
    await runApp(pieces, opts(engine));
    engine.notify(tripped);
    expect(notifications.map((n) => [n.title, n.shown])).toEqual([['Relay A tripped', true]]);
    expect(notifications[0]?.body).toContain('Codex');
    const shownBefore = windows[0]!.shown;
    notifications[0]!.click();
    expect(windows[0]!.shown).toBe(shownBefore + 1);
    expect(windows[0]!.sent).toContainEqual([
      'chd:focus',
      { service: 'codex', station: 'main', id: 'relay-a/default' },
    ]);
  });

  it('started at login, it stays in the tray without a window', async () => {
    const { pieces, order, windows } = fakeElectron();
    await runApp(pieces, { ...opts(appEngine(order)), startHidden: true });
    expect(windows).toHaveLength(0);
  });

  it('makes the login item follow [app] start_at_login', async () => {
    const { pieces, order } = fakeElectron();
    const engine = appEngine(order);
    const base = engine.snapshot();
    engine.snapshot = () => ({
      ...base,
      settings: { ...base.settings, app: { startAtLogin: true, language: 'system' } },
    });
    await runApp(pieces, {
      ...opts(engine),
      autostart: { platform: 'darwin', home: '/nowhere', env: {}, command: ['/app'] },
    });
    expect(order).toContain(
      'login item {"openAtLogin":true,"openAsHidden":true,"args":["--hidden"]}',
    );
  });

  it("builds the engine with the login shell's environment when it could be read", async () => {
    const { pieces, order } = fakeElectron();
    const create = vi.fn((_env?: Record<string, string>) => appEngine(order));
    await runApp(pieces, {
      ...opts(appEngine(order)),
      createEngine: create,
      readShellEnv: async () => ({ ok: true, env: { RELAY_KEY: 'from-profile' } }),
    });
    expect(create).toHaveBeenCalledWith({ RELAY_KEY: 'from-profile' });
  });
});

describe('home argument', () => {
  it('reads --home in both spellings', () => {
    expect(homeArg(['electron', '.', '--home', '/tmp/h'])).toBe('/tmp/h');
    expect(homeArg(['electron', '.', '--home=/tmp/x'])).toBe('/tmp/x');
    expect(homeArg(['electron', '.'])).toBeUndefined();
  });
});
