/// <reference lib="dom" />
// The headless console in Chromium: each story starts `node scripts/serve.mjs` with a fresh home,
// its own free ports and its own fake relays, and drives the page by role and accessible name.
import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { baseUrls } from './helpers/home';
import { COOLING, coolingSeconds, openView, upstreamRow, upstreamRows } from './helpers/page';
import { failingRelay, hostOf, okRelay, sendCodex } from './helpers/relays';
import { startServe, TOKEN } from './helpers/serve';
import { coolingPair, onCleanup, openConsole, relay, stage, useStage } from './helpers/stage';

useStage();

test('adds two upstreams through the dialog; they are listed and saved in order', async ({
  page,
}) => {
  const { serve, configFile } = await stage();
  await openConsole(page, serve);
  const wanted = [
    { name: 'Relay A', host: '127.0.0.1:41001' },
    { name: 'Relay B', host: '127.0.0.1:41002' },
  ];
  for (const { name, host } of wanted) {
    await page.getByRole('button', { name: 'Add upstream' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add upstream' });
    await dialog.getByLabel('Base URL').fill(`http://${host}/v1`);
    await dialog.getByLabel('Display name').fill(name);
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(upstreamRow(page, host)).toContainText(name);
  }
  await expect(upstreamRows(page)).toHaveCount(2);
  await expect(upstreamRows(page).nth(0)).toContainText('127.0.0.1:41001');
  await expect(upstreamRows(page).nth(1)).toContainText('127.0.0.1:41002');
  await expect
    .poll(() => baseUrls(configFile))
    .toEqual(['http://127.0.0.1:41001/v1', 'http://127.0.0.1:41002/v1']);
});

test('a failing upstream shows "Cooling Ns" and the seconds count down', async ({ page }) => {
  const { serve, hostA, hostB } = await coolingPair();
  await openConsole(page, serve);
  const rowA = upstreamRow(page, hostA);
  await expect(rowA).toContainText(COOLING);
  await expect(upstreamRow(page, hostB)).toContainText('Healthy');
  const first = await coolingSeconds(rowA);
  expect(first).toBeGreaterThan(20);
  expect(first).toBeLessThanOrEqual(30);
  await expect.poll(() => coolingSeconds(rowA)).toBeLessThan(first);
});

test('moving the cooling upstream down moves its cooldown with it', async ({ page }) => {
  const { serve, configFile, a, b, hostA, hostB } = await coolingPair();
  await openConsole(page, serve);
  const rowA = upstreamRow(page, hostA);
  await expect(rowA).toContainText(COOLING);
  const before = await coolingSeconds(rowA);

  await rowA.getByRole('button', { name: 'Move down', exact: true }).click();
  await expect(upstreamRows(page).nth(0)).toContainText(hostB);
  await expect(upstreamRows(page).nth(1)).toContainText(hostA);
  await expect(rowA).toContainText(COOLING);
  const after = await coolingSeconds(rowA);
  expect(Math.abs(before - after)).toBeLessThanOrEqual(3);

  await expect.poll(() => baseUrls(configFile)).toEqual([`${b.url}/v1`, `${a.url}/v1`]);
  const ups = (await serve.snapshot()).services.codex.stations[0]?.upstreams ?? [];
  expect(ups.map((u) => u.id)).toEqual(['relay-b/default', 'relay-a/default']);
  expect(ups[0]?.cooldownUntil).toBeNull();
  expect(ups[1]?.cooldownUntil).toEqual(expect.any(Number));
});

test('an upstream switched to "Usage exhausted" is passed over, and stays so after a restart', async ({
  page,
}) => {
  const a = await relay(okRelay);
  const b = await relay(okRelay);
  const { home, serve } = await stage([
    { url: a.url, alias: 'Relay A', id: 'relay-a' },
    { url: b.url, alias: 'Relay B', id: 'relay-b' },
  ]);
  await openConsole(page, serve);
  const exhausted = upstreamRow(page, hostOf(a)).getByRole('switch', { name: 'Usage exhausted' });
  await expect(exhausted).toHaveAttribute('aria-checked', 'false');
  await exhausted.click();
  await expect(exhausted).toHaveAttribute('aria-checked', 'true');
  await expect(upstreamRow(page, hostOf(a))).toContainText('Exhausted');

  expect(await sendCodex(serve.codexProxy)).toBe(200);
  expect(a.requests).toHaveLength(0);
  expect(b.requests).toHaveLength(1);

  await serve.stop();
  const again = await startServe(home);
  onCleanup(async () => void (await again.stop()));
  await openConsole(page, again);
  const rowA = upstreamRows(page).nth(0);
  await expect(rowA).toContainText(hostOf(a));
  await expect(rowA).toContainText('Exhausted');
  await expect(rowA.getByRole('switch', { name: 'Usage exhausted' })).toHaveAttribute(
    'aria-checked',
    'true',
  );
});

test('a broken config.toml shows a banner naming the line; fixing the file clears it', async ({
  page,
}) => {
  const { serve, configFile } = await stage([
    { url: 'http://127.0.0.1:41001', alias: 'Relay A', id: 'relay-a' },
  ]);
  const good = readFileSync(configFile, 'utf8');
  await openConsole(page, serve);
  await expect(upstreamRows(page)).toHaveCount(1);
  await expect(page.getByRole('alert')).toHaveCount(0);

  writeFileSync(configFile, 'version = 1\n[codex\n');
  const banner = page.getByRole('alert');
  // The renderer prints file:line:column; the bad table header is on line 2.
  await expect(banner).toContainText(`${path.basename(configFile)}:2:`);
  await expect(banner).toContainText('Config problem');
  // The previous good config keeps running, and the broken file is left as the user wrote it.
  await expect(upstreamRows(page)).toHaveCount(1);
  expect(readFileSync(configFile, 'utf8')).toBe('version = 1\n[codex\n');

  writeFileSync(configFile, good);
  await expect(banner).toHaveCount(0);
  await expect(upstreamRows(page)).toHaveCount(1);
});

test('a wrong or missing token gets nothing from the API and no upstreams in the page', async ({
  page,
}) => {
  const { serve, configFile } = await stage([
    { url: 'http://127.0.0.1:41001', alias: 'Relay A', id: 'relay-a' },
  ]);
  const before = readFileSync(configFile, 'utf8');
  const add = JSON.stringify({ service: 'codex', station: { name: 'sneaky' } });
  const wrongAuth: Record<string, string>[] = [{ authorization: 'Bearer wrong-token' }, {}];
  for (const auth of wrongAuth) {
    const snap = await fetch(`${serve.consoleOrigin}/api/snapshot`, { headers: auth });
    expect(snap.status).toBe(401);
    expect(await snap.text()).not.toContain('Relay A');
    const cmd = await fetch(`${serve.consoleOrigin}/api/commands/addStation`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: add,
    });
    expect(cmd.status).toBe(401);
  }
  expect(readFileSync(configFile, 'utf8')).toBe(before);
  const snap = await serve.snapshot();
  expect(snap.services.codex.stations.map((s) => s.name)).toEqual(['main']);

  for (const url of [`${serve.consoleOrigin}/?token=wrong-token`, `${serve.consoleOrigin}/`]) {
    await page.goto(url);
    await expect(page.getByText('This console needs its token')).toBeVisible();
    await expect(page.getByRole('list', { name: 'Upstreams' })).toHaveCount(0);
    await expect(page.getByText('Relay A')).toHaveCount(0);
  }
  expect(serve.consoleUrl).toContain(`?token=${TOKEN}`);
});

// Writes docs/screenshot-*.png only with UPDATE_SCREENSHOTS=1, so ordinary runs never modify the
// repository; every run attaches the images to the report and keeps them in test-results/.
test('screenshots of each view', async ({ page }, testInfo) => {
  const a = await relay(failingRelay);
  const b = await relay(okRelay);
  const c = await relay(okRelay);
  const { serve } = await stage(
    [
      { url: a.url, alias: 'Relay A', id: 'relay-a', tokenEnv: 'RELAY_A_KEY' },
      { url: b.url, alias: 'Relay B', id: 'relay-b', tokenEnv: 'RELAY_B_KEY' },
      { url: c.url, alias: 'Backup C', id: 'backup-c', tokenEnv: 'BACKUP_C_KEY' },
    ],
    { RELAY_A_KEY: 'sk-a-000', RELAY_B_KEY: 'sk-b-000', BACKUP_C_KEY: 'sk-c-000' },
  );
  // Traffic: a failover from A (which then cools), successes on B, and a request the client got
  // wrong (422, returned as is); C is marked exhausted by hand.
  const statuses = [await sendCodex(serve.codexProxy)];
  for (const model of ['gpt-5', 'gpt-5-unknown-param', 'gpt-5-codex', 'gpt-5']) {
    statuses.push(await sendCodex(serve.codexProxy, model));
  }
  expect(statuses).toEqual([200, 200, 422, 200, 200]);
  expect(b.requests[0]?.headers.authorization).toBe('Bearer sk-b-000');
  const marked = await serve.api('/api/commands/setUpstreamExhausted', {
    service: 'codex',
    station: 'main',
    id: 'backup-c/default',
    exhausted: true,
  });
  expect(marked).toMatchObject({ ok: true });

  await page.setViewportSize({ width: 1440, height: 900 });
  await openConsole(page, serve);
  await expect(upstreamRow(page, hostOf(a))).toContainText(COOLING);
  await expect(upstreamRow(page, hostOf(b))).toContainText('Last good');
  await expect(upstreamRow(page, hostOf(c))).toContainText('Exhausted');

  const shots: Record<string, () => Promise<void>> = {
    Upstreams: async () => undefined,
    Requests: async () => {
      await expect(page.getByRole('table', { name: 'Requests' }).getByRole('row')).toHaveCount(6);
      // The oldest request is the failover: its detail lists both attempts.
      await page
        .getByRole('button', { name: /^Details of / })
        .last()
        .click();
      const detail = page.getByRole('complementary', { name: 'Request detail' });
      await expect(detail).toContainText('Relay A');
      await expect(detail).toContainText('Relay B');
      await expect(detail).not.toContainText('relay-a/default');
    },
    Overview: async () => {
      await expect(page.getByRole('heading', { name: 'Listeners' })).toBeVisible();
    },
    Settings: async () => {
      await expect(page.getByRole('heading', { name: 'Proxy and retry' })).toBeVisible();
    },
  };
  const update = process.env.UPDATE_SCREENSHOTS === '1';
  for (const [view, ready] of Object.entries(shots)) {
    await openView(page, view);
    await ready();
    await expect(page.locator('body')).not.toContainText('sk-b-000');
    const file = `screenshot-${view.toLowerCase()}.png`;
    const png = await page.screenshot({ path: testInfo.outputPath(file), fullPage: true });
    await testInfo.attach(file, { body: png, contentType: 'image/png' });
    if (update) writeFileSync(path.join(process.cwd(), 'docs', file), png);
  }
});
