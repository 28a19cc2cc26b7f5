/// <reference lib="dom" />
// The upstream list as a new user reads it: why "Next" is where it is, a missing key, the worst
// state at the top of every view, reordering without surprises, tests, disabled rows.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { contrastProblems } from './helpers/contrast';
import { openView, upstreamRow, upstreamRows } from './helpers/page';
import { failingRelay, flakyRelay, hostOf, okRelay, sendCodex } from './helpers/relays';
import { openConsole, relay, stage, useStage } from './helpers/stage';

useStage();

test('after a fall to a lower relay, why? names the sticky rule, and Go back to #1 sends new requests to #1', async ({
  page,
}) => {
  const a = await relay(flakyRelay);
  const b = await relay(okRelay);
  const { serve } = await stage([
    { url: a.url, alias: 'Relay A', id: 'relay-a' },
    { url: b.url, alias: 'Relay B', id: 'relay-b' },
  ]);
  expect(await sendCodex(serve.codexProxy)).toBe(200);
  // Relay A is fine again (its cooldown cleared), but Relay B answered last and stays next.
  await serve.api('/api/commands/resetUpstream', {
    service: 'codex',
    station: 'main',
    id: 'relay-a/default',
  });
  await openConsole(page, serve);
  const rowA = upstreamRow(page, hostOf(a));
  const rowB = upstreamRow(page, hostOf(b));
  await expect(rowA).toContainText('Healthy');
  await expect(rowB).toContainText('Next');
  await rowB.getByRole('button', { name: /why\?/ }).click();
  await expect(rowB).toContainText('Staying with Relay B: it answered last');
  await expect(rowB).toContainText('Skipped #1 Relay A: staying on the last good upstream');

  await page.getByRole('button', { name: 'Go back to #1' }).click();
  await expect(rowA).toContainText('Next');
  await expect(page.getByRole('button', { name: 'Go back to #1' })).toHaveCount(0);
  expect(await sendCodex(serve.codexProxy)).toBe(200);
  expect(a.requests).toHaveLength(2);
});

test('an upstream whose key is not set shows "Key missing", is never Next, and says how to fix it', async ({
  page,
}) => {
  const a = await relay(okRelay);
  const b = await relay(okRelay);
  const { serve } = await stage([
    { url: a.url, alias: 'Relay A', id: 'relay-a', tokenEnv: 'RELAY_A_KEY_NOT_SET' },
    { url: b.url, alias: 'Relay B', id: 'relay-b' },
  ]);
  await openConsole(page, serve);
  const rowA = upstreamRow(page, hostOf(a));
  await expect(rowA.getByLabel('Status')).toHaveText('Key missing');
  await expect(rowA).toContainText('RELAY_A_KEY_NOT_SET is not set');
  await expect(rowA).toContainText('Set it in the environment the app starts from');
  await expect(rowA).not.toContainText('Next');
  await expect(upstreamRow(page, hostOf(b))).toContainText('Next');
  expect(await sendCodex(serve.codexProxy)).toBe(200);
  expect(a.requests).toHaveLength(0);
});

test('when no upstream can take a request, every view says which frees first, and Reset all clears the wait', async ({
  page,
}) => {
  const a = await relay(failingRelay);
  const b = await relay(failingRelay);
  const { serve } = await stage([
    { url: a.url, alias: 'Relay A', id: 'relay-a' },
    { url: b.url, alias: 'Relay B', id: 'relay-b' },
  ]);
  expect(await sendCodex(serve.codexProxy)).toBe(500);
  // Both are cooling now: the next request is refused before any upstream is tried.
  expect(await sendCodex(serve.codexProxy)).toBe(429);
  await openConsole(page, serve);
  const alert = page.getByRole('alert');
  for (const view of ['Upstreams', 'Requests', 'Overview', 'Settings']) {
    await openView(page, view);
    await expect(alert).toContainText('No Codex upstream can take a request.');
    await expect(alert).toContainText(/Relay A frees first, in \d+s\./);
  }
  await openView(page, 'Requests');
  await page
    .getByRole('button', { name: /^Details of .* POST \/v1\/responses$/ })
    .first()
    .click();
  const detail = page.getByRole('complementary', { name: 'Request detail' });
  await expect(detail).toContainText('Status 429');
  await expect(detail).toContainText(
    'None: no upstream could take the request, so none was tried.',
  );
  await alert.getByRole('button', { name: 'Reset all' }).click();
  await expect(alert).toHaveCount(0);
  await openView(page, 'Upstreams');
  await expect(upstreamRow(page, hostOf(a)).getByLabel('Status')).toHaveText('Healthy');
  await expect(upstreamRow(page, hostOf(b)).getByLabel('Status')).toHaveText('Healthy');
});

test('a relay that failed over reads "Cooling" beside its one failed request, with no failure count to contradict it', async ({
  page,
}) => {
  const a = await relay(failingRelay);
  const b = await relay(okRelay);
  const { serve } = await stage([
    { url: a.url, alias: 'Relay A', id: 'relay-a' },
    { url: b.url, alias: 'Relay B', id: 'relay-b' },
  ]);
  expect(await sendCodex(serve.codexProxy)).toBe(200);
  await openConsole(page, serve);
  const rowA = upstreamRow(page, hostOf(a));
  await expect(rowA.getByLabel('Status')).toHaveText(/^Cooling \d+s$/);
  await expect(rowA).toContainText('1 request · 1 failed');
  const rowB = upstreamRow(page, hostOf(b));
  await expect(rowB).toContainText('1 request');
  // Relay B is next; its why? counts Relay A's cooldown down like the pill (it once read the
  // time left from 0: "cooling down (29,934,203m 46s left)").
  await rowB.getByRole('button', { name: /why\?/ }).click();
  await expect(rowB).toContainText(/Skipped #1 Relay A: cooling down \(\d{1,2}s left\)/);
});

test('moving past an untagged upstream warns first, and Add identity tags keeps its state through the move', async ({
  page,
}) => {
  const a = await relay(okRelay);
  const b = await relay(okRelay);
  const { serve, configFile } = await stage([
    { url: a.url, alias: 'Relay A', id: 'relay-a' },
    { url: b.url, alias: 'Relay B', id: '' },
  ]);
  await openConsole(page, serve);
  const rowA = upstreamRow(page, hostOf(a));
  const rowB = upstreamRow(page, hostOf(b));
  await expect(page.getByRole('button', { name: 'Add identity tags' })).toBeVisible();
  await rowB.getByRole('switch', { name: 'Usage exhausted' }).click();
  await expect(rowB.getByLabel('Status')).toHaveText('Exhausted');

  await rowA.getByRole('button', { name: 'Move down' }).click();
  const warning = page.getByRole('dialog', { name: 'Move upstream' });
  await expect(warning).toContainText('Relay B');
  await warning.getByRole('button', { name: 'Add identity tags' }).click();
  await expect(warning).toBeHidden();
  await expect(upstreamRows(page).nth(0)).toContainText(hostOf(b));
  await expect(upstreamRows(page).nth(1)).toContainText(hostOf(a));
  await expect(rowB.getByLabel('Status')).toHaveText('Exhausted');
  expect(readFileSync(configFile, 'utf8')).toContain('provider_id = "relay-b"');
  await expect(page.getByRole('button', { name: 'Add identity tags' })).toHaveCount(0);
});

test('Move down keeps keyboard focus on the row, and one notice shows at a time at the bottom left', async ({
  page,
}) => {
  const relays = [await relay(okRelay), await relay(okRelay), await relay(okRelay)];
  const { serve } = await stage(
    relays.map((r, i) => ({ url: r.url, alias: `Relay ${'ABC'[i]}`, id: `relay-${i}` })),
  );
  await page.setViewportSize({ width: 1280, height: 800 });
  await openConsole(page, serve);
  const rowA = upstreamRow(page, hostOf(relays[0]!));
  await rowA.getByRole('button', { name: 'Move down' }).focus();
  await page.keyboard.press('Enter');
  await expect(upstreamRows(page).nth(1)).toContainText(hostOf(relays[0]!));
  await expect(rowA.getByRole('button', { name: 'Move down' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(upstreamRows(page).nth(2)).toContainText(hostOf(relays[0]!));
  // At the bottom Move down turns disabled; focus moves to Move up on the same row, not the page.
  await expect(rowA.getByRole('button', { name: 'Move down' })).toBeDisabled();
  await expect(rowA.getByRole('button', { name: 'Move up' })).toBeFocused();

  const notices = page.getByRole('status').filter({ hasText: 'State moved with Relay A' });
  await expect(notices).toHaveCount(1);
  const box = await notices.boundingBox();
  expect(box!.x).toBeLessThan(640);
  expect(box!.y).toBeGreaterThan(400);
});

test('dragging by the handle shows an insertion line where the row lands; the row text stays selectable', async ({
  page,
}) => {
  const relays = [await relay(okRelay), await relay(okRelay), await relay(okRelay)];
  const { serve } = await stage(
    relays.map((r, i) => ({ url: r.url, alias: `Relay ${'ABC'[i]}`, id: `relay-${i}` })),
  );
  await openConsole(page, serve);
  const rowA = upstreamRow(page, hostOf(relays[0]!));
  const rowC = upstreamRow(page, hostOf(relays[2]!));
  await expect(rowA).not.toHaveAttribute('draggable', 'true');
  await rowA.getByText('Relay A', { exact: true }).click({ clickCount: 3 });
  expect(await page.evaluate(() => window.getSelection()?.toString())).toContain('Relay A');

  const line = () =>
    rowC.evaluate((el) => getComputedStyle(el, '::after').getPropertyValue('content'));
  expect(await line()).toBe('none');
  // The browser's own drag events, as a pointer drag fires them: start on the handle, over the
  // third row, drop there.
  const data = await page.evaluateHandle(() => new DataTransfer());
  await rowA.locator('.drag-handle').dispatchEvent('dragstart', { dataTransfer: data });
  await rowC.dispatchEvent('dragover', { dataTransfer: data });
  await expect.poll(line).not.toBe('none');
  await rowC.dispatchEvent('drop', { dataTransfer: data });
  await expect(upstreamRows(page).nth(2)).toContainText(hostOf(relays[0]!));
  expect(await line()).toBe('none');
});

test('Test shows "Failed: HTTP 500 — relay is down" with the raw answer on demand; Test all badges every row', async ({
  page,
}) => {
  const a = await relay(failingRelay);
  const b = await relay(okRelay);
  const { serve } = await stage([
    { url: a.url, alias: 'Relay A', id: 'relay-a' },
    { url: b.url, alias: 'Relay B', id: 'relay-b' },
  ]);
  await openConsole(page, serve);
  const rowA = upstreamRow(page, hostOf(a));
  await rowA.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(rowA).toContainText('Failed: HTTP 500 — relay is down');
  await expect(rowA).not.toContainText('server_error');
  await rowA.getByRole('button', { name: 'Details' }).click();
  await expect(rowA).toContainText('"type":"server_error"');

  await page.getByRole('button', { name: 'Test all' }).click();
  await expect(upstreamRow(page, hostOf(b))).toContainText(/Test OK · \d+ ms/);
  await expect(rowA).toContainText('Failed: HTTP 500 — relay is down');
});

for (const theme of ['light', 'dark'] as const) {
  test(`a disabled row fades its name, not its Enabled switch (${theme})`, async ({ page }) => {
    const a = await relay(okRelay);
    const b = await relay(okRelay);
    const { serve } = await stage([
      { url: a.url, alias: 'Relay A', id: 'relay-a' },
      { url: b.url, alias: 'Relay B', id: 'relay-b' },
    ]);
    await page.emulateMedia({ colorScheme: theme });
    await openConsole(page, serve);
    const rowB = upstreamRow(page, hostOf(b));
    const enabled = rowB.getByRole('switch', { name: 'Enabled' });
    await enabled.click();
    await expect(enabled).toHaveAttribute('aria-checked', 'false');
    await expect(rowB.getByLabel('Status')).toHaveText('Disabled');
    expect(await contrastProblems(page, rowB)).toEqual([]);
    const opacity = await enabled.evaluate((el) => {
      let o = 1;
      for (let e: Element | null = el; e; e = e.parentElement)
        o *= Number(getComputedStyle(e).opacity);
      return o;
    });
    expect(opacity).toBe(1);
    const name = rowB.getByText('Relay B', { exact: true });
    const nameColour = await name.evaluate((el) => getComputedStyle(el).color);
    const otherColour = await upstreamRow(page, hostOf(a))
      .getByText('Relay A', { exact: true })
      .evaluate((el) => getComputedStyle(el).color);
    expect(nameColour).not.toBe(otherColour);
  });
}
