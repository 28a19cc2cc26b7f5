// The main window: locked-down webPreferences, no navigation away from the app, no new windows.
// Closing it only hides it — the proxy keeps running behind the tray icon.
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { silentLogger, type Logger } from '../engine/types';

export interface MainWindowDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  preloadPath: string;
  /** The Vite dev server (ELECTRON_RENDERER_URL) in development, else the built index.html. */
  load: { url: string } | { file: string };
  /** True once the user chose Quit: then closing really closes. */
  isQuitting: () => boolean;
  logger?: Logger;
}

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 820,
    minWidth: 760,
    minHeight: 520,
    show: false,
    title: 'Codex Helper',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

export function createMainWindow(deps: MainWindowDeps): BrowserWindow {
  const win = new deps.BrowserWindow(mainWindowOptions(deps.preloadPath));
  const contents = win.webContents;

  // The renderer is a single page: any navigation is either a bug or injected content.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));

  win.once('ready-to-show', () => win.show());
  win.on('close', (event) => {
    if (deps.isQuitting()) return;
    event.preventDefault();
    win.hide();
  });

  const loading = 'url' in deps.load ? win.loadURL(deps.load.url) : win.loadFile(deps.load.file);
  loading.catch((err: unknown) =>
    (deps.logger ?? silentLogger).error(`window: the user interface did not load: ${String(err)}`),
  );
  return win;
}
