// Desktop lifecycle around the engine: single instance, window, IPC, tray, and a clean stop of
// the proxy before the process exits. Takes Electron's pieces as arguments so it is testable.
import { dirname } from 'node:path';
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
import { AppError, isCommandName, type CommandResult, type EngineApi } from '../../shared/contract';
import type { Notice } from '../../shared/events';
import { resolveLocale, translator, type Locale, type Translate } from '../../shared/i18n';
import { systemClock, systemScheduler, type Logger } from '../engine/types';
import { RemoteControl } from '../remote/control';
import { RemoteList, vaultFor, type SafeStorageLike } from '../remote/remote-list';
import { EngineRouter } from '../remote/router';
import { pushRemoteState, registerRemoteIpc } from './remote-ipc';
import type { FocusTarget, OpenPathTarget } from '../../preload/api-types';
import { applyStartAtLogin, type AutostartEnv } from './autostart';
import { FOCUS_CHANNEL } from '../../preload/channels';
import { installCsp } from './csp';
import { pushSnapshots, registerIpc } from './ipc';
import { showNotices, type NotificationClass } from './notifications';
import type { ShellEnvResult } from './shell-env';
import { createTray, type AppTray } from './tray';
import { createMainWindow } from './window';

export interface AppEngine extends EngineApi {
  start(): Promise<void>;
  stop(): Promise<void>;
  info(): { configFile: string; logsDir: string };
  onNotice(listener: (notice: Notice) => void): () => void;
}

export interface ElectronPieces {
  app: Pick<
    App,
    | 'requestSingleInstanceLock'
    | 'quit'
    | 'exit'
    | 'on'
    | 'whenReady'
    | 'setAppUserModelId'
    | 'getLocale'
    | 'setLoginItemSettings'
  >;
  Notification: NotificationClass;
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
  /** Seals remembered instances' tokens (docs/behaviour.md §11.2); absent → the 0600 file. */
  safeStorage?: SafeStorageLike;
}

export interface AppOptions {
  /** Builds the engine; `shellEnv` is the login shell's environment when it could be read. */
  createEngine: (shellEnv?: Record<string, string>) => AppEngine;
  /** Reads the login shell's environment (docs/behaviour.md §8.5); absent → not read. */
  readShellEnv?: () => Promise<ShellEnvResult>;
  /** Where and how start-at-login is recorded (docs/behaviour.md §8.4); absent → left alone. */
  autostart?: Omit<AutostartEnv, 'setLoginItemSettings'>;
  /** Started at login: stay in the tray without opening the window. */
  startHidden?: boolean;
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
  const shell = opts.readShellEnv ? await opts.readShellEnv() : null;
  if (shell && !shell.ok) logger.info(`shell environment not used: ${shell.reason}`);
  const engine = opts.createEngine(shell?.ok ? shell.env : undefined);

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

  let stopRemote = (): void => undefined;
  const quit = async (): Promise<void> => {
    quitting = true;
    stopRemote();
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
  // The window shows this computer's engine or an attached instance (docs/behaviour.md §11.2);
  // the tray and notifications stay about this computer.
  const router = new EngineRouter(engine);
  const remotes = new RemoteControl({
    router,
    list: new RemoteList(
      dirname(engine.info().configFile),
      vaultFor(e.safeStorage ?? null),
      logger,
    ),
    scheduler: systemScheduler,
  });
  stopRemote = () => remotes.stop();
  registerRemoteIpc(e.ipcMain, remotes, {
    isTrustedSender: (url) => url.startsWith(trustedPrefix),
  });
  registerIpc(e.ipcMain, router, {
    openPath: async (which: OpenPathTarget) => {
      // The files of an attached instance are on its machine, not here (docs/behaviour.md §11.2).
      if (!router.isLocal()) {
        throw new AppError('refused', 'the files of a remote instance cannot be opened here');
      }
      const info = engine.info();
      const problem = await e.shell.openPath(which === 'config' ? info.configFile : info.logsDir);
      if (problem) throw new Error(problem);
    },
    isTrustedSender: (url) => url.startsWith(trustedPrefix),
  });
  if (!opts.startHidden) win = openWindow();
  const windowContents = () => (win && !win.isDestroyed() ? win.webContents : null);
  pushSnapshots(router, windowContents);
  pushRemoteState(remotes, windowContents);

  const language = (): { t: Translate; locale: Locale } => {
    const locale = resolveLocale(engine.snapshot().settings.app.language, e.app.getLocale());
    return { t: translator(locale), locale };
  };
  const run = (what: string, result: Promise<CommandResult<unknown>>): void => {
    void result.then((r) => {
      if (!r.ok) logger.error(`${what}: ${r.error.message}`);
    });
  };
  tray = createTray({
    Tray: e.Tray,
    Menu: e.Menu,
    nativeImage: e.nativeImage,
    translate: () => language().t,
    actions: {
      show: showWindow,
      quit: () => void quit(),
      setActiveStation: (service, station) =>
        run('tray', engine.command('setActiveStation', { service, station })),
      setPaused: (paused) => run('tray', engine.command('setPaused', { paused })),
      // Offered once the engine has the command (the contract lists it).
      resetAll: isCommandName('resetAll')
        ? (service) => run('tray', callByName(engine, 'resetAll', { service }))
        : undefined,
    },
  });
  const refreshTray = (): void => tray?.update(engine.snapshot(), systemClock.now());
  engine.onSnapshot(refreshTray);
  // Cooldowns expire without a snapshot push; the tooltip counts must still catch up.
  setInterval(refreshTray, 5_000).unref();
  refreshTray();

  showNotices(engine, {
    Notification: e.Notification,
    language,
    onClick: (n) => {
      showWindow();
      const target: FocusTarget = {
        service: n.service,
        station: n.station,
        id: n.relays[0]?.id ?? null,
      };
      win?.webContents.send(FOCUS_CHANNEL, target);
    },
  });

  // Start at login follows [app] start_at_login, now and whenever it changes.
  let loginApplied: boolean | null = null;
  const applyLogin = (): void => {
    const on = engine.snapshot().settings.app.startAtLogin;
    if (!opts.autostart || on === loginApplied) return;
    loginApplied = on;
    try {
      const did = applyStartAtLogin(on, {
        ...opts.autostart,
        setLoginItemSettings: (s) => e.app.setLoginItemSettings(s),
      });
      logger.info(`start at login: ${did}`);
    } catch (err) {
      logger.error(`start at login: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  engine.onSnapshot(applyLogin);
  applyLogin();

  return { quit, showWindow };
}

/** Calls a command known only by name at run time (one another engineer adds to the contract). */
function callByName(
  engine: EngineApi,
  name: string,
  args: unknown,
): Promise<CommandResult<unknown>> {
  return (engine.command as (n: string, a: unknown) => Promise<CommandResult<unknown>>)(name, args);
}
