// Electron entry (built to out/main/index.js). Everything testable lives in app.ts; this file only
// binds the real Electron modules and the real engine.
import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  safeStorage,
  Notification,
  session,
  shell,
  Tray,
} from 'electron';
import { createEngine, resolveHome } from '../engine';
import type { Logger } from '../engine/types';
import { homeArg, runApp } from './app';
import { HIDDEN_ARG } from './autostart';
import { readShellEnv } from './shell-env';

const logger: Logger = {
  info: (m) => console.log(`info  ${m}`),
  warn: (m) => console.warn(`warn  ${m}`),
  error: (m) => console.error(`error ${m}`),
};

const here = dirname(fileURLToPath(import.meta.url));

runApp(
  {
    app,
    BrowserWindow,
    ipcMain,
    session,
    shell,
    dialog,
    Tray,
    Menu,
    nativeImage,
    Notification,
    safeStorage,
  },
  {
    createEngine: (shellEnv) =>
      createEngine({ home: resolveHome(homeArg(process.argv), process.env), logger, shellEnv }),
    readShellEnv: () =>
      readShellEnv({
        platform: process.platform,
        shell: process.env.SHELL,
        nodePath: process.execPath,
        baseEnv: process.env,
        spawn,
        setTimer: (fn, ms) => {
          const timer = setTimeout(fn, ms);
          return () => clearTimeout(timer);
        },
      }),
    autostart: {
      platform: process.platform,
      home: homedir(),
      env: process.env,
      // Unpackaged (npm start), Electron needs the app's folder as its first argument.
      command: app.isPackaged ? [process.execPath] : [process.execPath, app.getAppPath()],
    },
    startHidden: process.argv.includes(HIDDEN_ARG),
    preloadPath: join(here, '../preload/index.cjs'),
    rendererFile: join(here, '../renderer/index.html'),
    devServerUrl: process.env.ELECTRON_RENDERER_URL ?? null,
    logger,
  },
).catch((err: unknown) => {
  logger.error(`startup failed: ${err instanceof Error ? err.message : String(err)}`);
  app.exit(1);
});
