// Desktop lifecycle around the engine: single instance, window, IPC, tray, and a clean stop of
// the proxy before the process exits. Takes Electron's pieces as arguments so it is testable.
import type {
  App,
  BrowserWindow,
  BrowserWindowConstructorOptions,
  Dialog,
  IpcMain,
  Menu,
  NativeImage,
  Session,
  Shell,
  Tray,
} from 'electron';
import type { EngineApi } from '../../shared/contract';
import { systemClock, type Logger } from '../engine/types';
import type { OpenPathTarget } from '../../preload/api-types';
import { installCsp } from './csp';
import { pushSnapshots, registerIpc } from './ipc';
import { createTray, type AppTray } from './tray';
import { createMainWindow } from './window';

export interface AppEngine extends EngineApi {
  start(): Promise<void>;
  stop(): Promise<void>;
  info(): { configFile: string; logsDir: string };
}

export interface ElectronPieces {
  app: Pick<
    App,
    'requestSingleInstanceLock' | 'quit' | 'exit' | 'on' | 'whenReady' | 'setAppUserModelId'
  >;
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  session: { defaultSession: Pick<Session, 'webRequest'> };
  shell: Pick<Shell, 'openPath'>;
  dialog: Pick<Dialog, 'showErrorBox'>;
  Tray: new (image: NativeImage) => Tray;
  Menu: Pick<typeof Menu, 'buildFromTemplate'>;
  nativeImage: {
    createFromBitmap(buffer: Buffer, options: { width: number; height: number }): NativeImage;
  };
}

export interface AppOptions {
  createEngine: () => AppEngine;
  preloadPath: string;
  rendererFile: string;
  /** ELECTRON_RENDERER_URL (electron-vite dev server), null when packaged. */
  devServerUrl: string | null;
  logger: Logger;
}

/** `--home <dir>` or `--home=<dir>` among the process arguments. */
export function homeArg(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--home') return argv[i + 1];
    if (arg.startsWith('--home=')) return arg.slice('--home='.length);
  }
  return undefined;
}

export interface RunningApp {
  /** Stops the engine (once), then quits. Safe to call from any quit path. */
  quit(): Promise<void>;
  showWindow(): void;
}

export async function runApp(e: ElectronPieces, opts: AppOptions): Promise<RunningApp | null> {
  const { logger } = opts;
  if (!e.app.requestSingleInstanceLock()) {
    // Another instance owns the proxy ports; it shows its window on our behalf.
    e.app.quit();
    return null;
  }

  let win: BrowserWindow | null = null;
  let tray: AppTray | null = null;
  let quitting = false;
  let stopped: Promise<void> | null = null;
  const engine = opts.createEngine();

  const showWindow = (): void => {
    if (!win || win.isDestroyed()) win = openWindow();
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };
  const openWindow = (): BrowserWindow =>
    createMainWindow({
      BrowserWindow: e.BrowserWindow,
      preloadPath: opts.preloadPath,
      load: opts.devServerUrl ? { url: opts.devServerUrl } : { file: opts.rendererFile },
      isQuitting: () => quitting,
      logger,
    });

  // Quitting ends the proxy, so a client still pointed at it would hang on "connection
  // refused": switch it back first (docs/behaviour.md §5.1). Closing the window keeps both running.
  const restoreClients = async (): Promise<void> => {
    const clients = engine.snapshot().clients;
    for (const client of ['codex', 'claude'] as const) {
      if (clients[client].status !== 'on') continue;
      const r = await engine.command('switchClient', { client, on: false });
      if (!r.ok) logger.error(`quit: could not restore ${client}: ${r.error.message}`);
    }
  };

  const quit = async (): Promise<void> => {
    quitting = true;
    stopped ??= restoreClients()
      .then(() => engine.stop())
      .catch((err: unknown) => {
        logger.error(`quit: the engine did not stop cleanly: ${String(err)}`);
      });
    await stopped;
    tray?.destroy();
    tray = null;
    e.app.quit();
  };

  e.app.on('second-instance', () => showWindow());
  // Quit from the OS (Cmd+Q, logout) must still stop the proxy and flush state first.
  e.app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    void quit();
  });
  // The tray keeps the app (and the proxy) alive with no window.
  e.app.on('window-all-closed', () => undefined);
  e.app.on('activate', () => showWindow());

  await e.app.whenReady();
  installCsp(e.session.defaultSession, opts.devServerUrl);

  try {
    await engine.start();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    e.dialog.showErrorBox('Codex Helper could not start', message);
    stopped = Promise.resolve();
    e.app.exit(1);
    return null;
  }

  const trustedPrefix = opts.devServerUrl ?? 'file://';
  registerIpc(e.ipcMain, engine, {
    openPath: async (which: OpenPathTarget) => {
      const info = engine.info();
      const problem = await e.shell.openPath(which === 'config' ? info.configFile : info.logsDir);
      if (problem) throw new Error(problem);
    },
    isTrustedSender: (url) => url.startsWith(trustedPrefix),
  });
  win = openWindow();
  pushSnapshots(engine, () => (win && !win.isDestroyed() ? win.webContents : null));

  tray = createTray({
    Tray: e.Tray,
    Menu: e.Menu,
    nativeImage: e.nativeImage,
    onShow: showWindow,
    onQuit: () => void quit(),
  });
  const refreshTray = (): void => tray?.update(engine.snapshot(), systemClock.now());
  engine.onSnapshot(refreshTray);
  // Cooldowns expire without a snapshot push; the tooltip counts must still catch up.
  setInterval(refreshTray, 5_000).unref();
  refreshTray();

  return { quit, showWindow };
}
