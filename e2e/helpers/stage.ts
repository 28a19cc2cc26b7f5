// A story's world: a temp home with a config.toml, serve running on it, fake relays, and the
// clean-up of all of it after each test (call `useStage()` once at the top of a spec file).
import { expect, test, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { configText, makeHome, type UpstreamSpec } from './home';
import { failingRelay, hostOf, okRelay, sendCodex, type FakeUpstream } from './relays';
import { freePorts, startServe, type Ports, type Serve } from './serve';

let cleanups: (() => Promise<void> | void)[] = [];

/** Registers the after-each clean-up of everything `stage` and `relay` started. */
export function useStage(): void {
  test.afterEach(async () => {
    for (const undo of cleanups.reverse()) await undo();
    cleanups = [];
  });
}

export function onCleanup(undo: () => Promise<void> | void): void {
  cleanups.push(undo);
}

export interface Stage {
  home: string;
  configFile: string;
  ports: Ports;
  serve: Serve;
}

/** A temp home whose config lists `upstreams` (or is `text`), and serve running on it. */
export async function stage(
  upstreams: readonly UpstreamSpec[] = [],
  env: Record<string, string> = {},
  text?: (ports: Ports) => string,
): Promise<Stage> {
  const { home, configFile, remove } = makeHome();
  cleanups.push(remove);
  const ports = await freePorts();
  writeFileSync(configFile, text ? text(ports) : configText(ports, upstreams));
  const serve = await startServe(home, env);
  cleanups.push(async () => void (await serve.stop()));
  return { home, configFile, ports, serve };
}

export async function relay(make: () => Promise<FakeUpstream>): Promise<FakeUpstream> {
  const r = await make();
  cleanups.push(() => r.close());
  return r;
}

export async function openConsole(page: Page, serve: Serve): Promise<void> {
  await page.goto(serve.consoleUrl);
  await expect(page.getByRole('list', { name: 'Upstreams' })).toBeVisible();
}

/** Relay A fails (500) and B answers; one request fails over from A to B and cools A. */
export async function coolingPair() {
  const a = await relay(failingRelay);
  const b = await relay(okRelay);
  const st = await stage([
    { url: a.url, alias: 'Relay A', id: 'relay-a' },
    { url: b.url, alias: 'Relay B', id: 'relay-b' },
  ]);
  expect(await sendCodex(st.serve.codexProxy)).toBe(200);
  expect(a.requests).toHaveLength(1);
  expect(b.requests).toHaveLength(1);
  return { ...st, a, b, hostA: hostOf(a), hostB: hostOf(b) };
}
