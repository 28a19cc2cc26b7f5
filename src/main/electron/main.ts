// Electron entry (built to out/main/index.js). Everything testable lives in app.ts; this file only
// binds the real Electron modules and the real engine.
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  session,
  shell,
  Tray,
} from 'electron';
import { createEngine, resolveHome } from '../engine';
import type { Logger } from '../engine/types';
import { homeArg, runApp } from './app';

const logger: Logger = {
  info: (m) => console.log(`info  ${m}`),
  warn: (m) => console.warn(`warn  ${m}`),
  error: (m) => console.error(`error ${m}`),
};

const here = dirname(fileURLToPath(import.meta.url));

runApp(
  { app, BrowserWindow, ipcMain, session, shell, dialog, Tray, Menu, nativeImage },
  {
    createEngine: () =>
      createEngine({ home: resolveHome(homeArg(process.argv), process.env), logger }),
    preloadPath: join(here, '../preload/index.cjs'),
    rendererFile: join(here, '../renderer/index.html'),
    devServerUrl: process.env.ELECTRON_RENDERER_URL ?? null,
    logger,
  },
).catch((err: unknown) => {
  logger.error(`startup failed: ${err instanceof Error ? err.message : String(err)}`);
  app.exit(1);
});
