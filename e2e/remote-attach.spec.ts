/// <reference lib="dom" />
// Remote attach (docs/behaviour.md §11.2) in Chromium: the renderer as the desktop window runs it,
// with the desktop adapter's own IPC handlers (registerIpc, registerRemoteIpc and both pushes)
// behind a preload made of Playwright bindings instead of ipcRenderer. "This computer" is one
// `serve`, the instance connected to is a second one.
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pushRemoteState, registerRemoteIpc } from '../src/main/electron/remote-ipc';
import { pushSnapshots, registerIpc } from '../src/main/electron/ipc';
import { silentLogger, systemScheduler } from '../src/main/engine/types';
import { RemoteControl } from '../src/main/remote/control';
import { RemoteEngine } from '../src/main/remote/remote-engine';
import { fileVault, RemoteList } from '../src/main/remote/remote-list';
import { EngineRouter } from '../src/main/remote/router';
import type { Snapshot } from '../src/shared/snapshot';
import { startServe, TOKEN } from './helpers/serve';
import { onCleanup, stage, useStage } from './helpers/stage';

useStage();

type Handler = (event: { senderFrame: { url: string } }, ...args: unknown[]) => unknown;

/** The desktop main process around `local`, wired to the page the way app.ts wires the window. */
async function desktopMain(page: Page, localOrigin: string): Promise<void> {
  // This computer's engine, reached through the first serve's console.
  const local = new RemoteEngine({ origin: localOrigin, token: TOKEN, scheduler: systemScheduler });
  const firstSnapshot = new Promise<void>((resolve) => {
    const off = local.onSnapshot(() => {
      off();
      resolve();
    });
  });
  local.start();
  await firstSnapshot;
  const router = new EngineRouter(local);
  const desk = mkdtempSync(path.join(tmpdir(), 'chd-desk-'));
  const control = new RemoteControl({
    router,
    list: new RemoteList(desk, fileVault, silentLogger),
    scheduler: systemScheduler,
  });
  onCleanup(() => {
    control.stop();
    local.stop();
    rmSync(desk, { recursive: true, force: true });
  });

  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: (channel: string, fn: Handler) => void handlers.set(channel, fn),
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
  const trusted = { isTrustedSender: (url: string) => url.startsWith('file://') };
  registerIpc(ipcMain as never, router, trusted);
  registerRemoteIpc(ipcMain as never, control, trusted);
  await page.exposeBinding('__chdInvoke', (_source, channel: string, ...args: unknown[]) => {
    const fn = handlers.get(channel);
    if (!fn) throw new Error(`no handler for ${channel}`);
    return fn({ senderFrame: { url: 'file:///app/index.html' } }, ...args);
  });
  const contents = {
    isDestroyed: () => page.isClosed(),
    send: (channel: string, payload: unknown) => {
      page
        .evaluate(([c, p]) => (window as never as Bridge).__chdPush(c, p), [
          channel,
          payload,
        ] as const)
        .catch(() => undefined);
    },
  };
  pushSnapshots(router, () => contents);
  pushRemoteState(control, () => contents);
  await page.addInitScript(() => {
    const w = window as never as Bridge & { codexHelper: unknown };
    const listeners = new Map<string, Set<(p: unknown) => void>>();
    const on = (channel: string, cb: (p: unknown) => void) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(cb);
      listeners.set(channel, set);
      return () => void set.delete(cb);
    };
    w.__chdPush = (channel, payload) => listeners.get(channel)?.forEach((cb) => cb(payload));
    w.codexHelper = {
      getSnapshot: () => w.__chdInvoke('chd:get-snapshot'),
      onSnapshot: (cb: (p: unknown) => void) => on('chd:snapshot', cb),
      command: (name: string, args: unknown) => w.__chdInvoke('chd:command', name, args),
      remote: {
        call: (action: unknown) => w.__chdInvoke('chd:remote', action),
        onState: (cb: (p: unknown) => void) => on('chd:remote-state', cb),
      },
    };
  });
}

interface Bridge {
  __chdInvoke(channel: string, ...args: unknown[]): Promise<unknown>;
  __chdPush(channel: string, payload: unknown): void;
}

test('Connect to… shows another instance in its own colour, greys it while it is gone, and goes back', async ({
  page,
}) => {
  const here = await stage([{ url: 'http://127.0.0.1:41001/v1', alias: 'Home relay', id: 'home' }]);
  const there = await stage([
    { url: 'http://127.0.0.1:41002/v1', alias: 'Devbox relay', id: 'dev' },
  ]);
  await desktopMain(page, here.serve.consoleOrigin);
  await page.goto(here.serve.consoleOrigin);
  const chip = page.getByLabel('Instance shown');
  await expect(chip).toHaveText('This computer');
  await expect(page.getByText('Home relay')).toBeVisible();

  await page.getByRole('button', { name: 'Connect to…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect to another instance' });
  await dialog.getByLabel('Console URL').fill(there.serve.consoleUrl);
  await dialog.getByLabel('Name (optional)').fill('devbox');
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(chip).toHaveText('Remote: devbox');
  await expect(page.getByText('Devbox relay')).toBeVisible();
  await expect(page.locator('.app')).toHaveAttribute('data-instance', 'remote');
  // A command goes to the instance shown, not to this computer.
  await page.getByRole('switch', { name: 'Usage exhausted' }).click();
  const firstOf = (s: Snapshot) => s.services.codex.stations[0]!.upstreams[0]!.usageExhausted;
  await expect.poll(async () => firstOf(await there.serve.snapshot())).toBe(true);
  expect(firstOf(await here.serve.snapshot())).toBe(false);

  await there.serve.stop();
  await expect(
    page.getByRole('status').filter({ hasText: 'Disconnected from devbox' }),
  ).toBeVisible();
  await expect(page.locator('main.content')).toHaveClass(/is-stale/);
  await expect(page.getByText('Devbox relay')).toBeVisible();

  const again = await startServe(there.home);
  onCleanup(async () => void (await again.stop()));
  await expect(page.getByText('Disconnected from devbox')).toBeHidden({ timeout: 20_000 });
  await expect(page.locator('main.content')).not.toHaveClass(/is-stale/);
  await expect(chip).toHaveText('Remote: devbox');

  await page.getByRole('button', { name: 'Connect to…' }).click();
  await dialog.getByRole('button', { name: 'Back to this computer' }).click();
  await expect(chip).toHaveText('This computer');
  await expect(page.getByText('Home relay')).toBeVisible();
  await expect(page.locator('.app')).toHaveAttribute('data-instance', 'local');
});
