/// <reference lib="dom" />
// The rest of the console as a new user meets it: names instead of ids, Settings that explain
// themselves, a Requests table that fits, a first run, the upstream dialog, a broken config, and
// a client switched on from the console being restored when serve stops.
import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openView, upstreamRow, upstreamRows } from './helpers/page';
import { failingRelay, hostOf, okRelay, sendCodex } from './helpers/relays';
import { openConsole, relay, stage, useStage } from './helpers/stage';

useStage();

test('upstreams are named by alias, else host, in the Overview, its chart and request attempts; ids only in tooltips', async ({
  page,
}) => {
  const a = await relay(failingRelay);
  const b = await relay(okRelay);
  const { serve } = await stage([
    { url: a.url, alias: 'Relay A', id: 'relay-a' },
    { url: b.url, alias: '', id: 'relay-b' },
  ]);
  expect(await sendCodex(serve.codexProxy)).toBe(200);
  await openConsole(page, serve);

  await openView(page, 'Overview');
  const tokens = page.getByRole('table', { name: 'Tokens today per upstream' });
  await expect(tokens).toContainText(hostOf(b));
  await expect(tokens.getByText(hostOf(b))).toHaveAttribute('title', 'relay-b/default');
  await expect(page.locator('.legend')).toContainText(hostOf(b));

  await openView(page, 'Requests');
  await page
    .getByRole('button', { name: /^Details of / })
    .first()
    .click();
  const detail = page.getByRole('complementary', { name: 'Request detail' });
  await expect(detail).toContainText('Relay A');
  await expect(detail).toContainText(`${hostOf(b)} HTTP 200 — answered`);
  for (const view of ['Overview', 'Requests', 'Upstreams']) {
    await openView(page, view);
    await expect(page.locator('main')).not.toContainText('relay-a/default');
    await expect(page.locator('main')).not.toContainText('relay-b/default');
  }
});

test('a failed request names the last relay it tried, and a fresh log offers no older requests', async ({
  page,
}) => {
  const a = await relay(failingRelay);
  const { serve } = await stage([{ url: a.url, alias: 'Relay A', id: 'relay-a' }]);
  expect(await sendCodex(serve.codexProxy)).toBeGreaterThanOrEqual(500);
  await openConsole(page, serve);
  await openView(page, 'Requests');
  const table = page.getByRole('table', { name: 'Requests' });
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table.getByRole('row').nth(1)).toContainText('Relay A');
  await expect(page.getByText('That is the whole log.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Show older requests' })).toHaveCount(0);
});

test('Settings explain each field, say which failures each cooldown is for, and ask before dropping unsaved edits', async ({
  page,
}) => {
  const { serve } = await stage([{ url: 'http://127.0.0.1:41001', alias: 'Relay A', id: 'a' }]);
  await openConsole(page, serve);
  await openView(page, 'Settings');
  await expect(page.getByLabel('Failure cooldown (s)')).toHaveAccessibleDescription(
    /once it reaches the failure threshold/,
  );
  await expect(page.getByLabel('Transport cooldown (s)')).toHaveAccessibleDescription(
    /no connection, a timeout, a broken stream, 429 or 5xx/,
  );
  await expect(page.getByLabel('Session affinity', { exact: true })).toHaveAccessibleDescription(
    /Keeps each conversation on the upstream that answered it/,
  );
  await expect(page.getByLabel('Session affinity TTL (s)')).toHaveAccessibleDescription(
    /stays bound to its upstream after its last request/,
  );
  const profile = page.getByLabel('Retry profile');
  await expect(profile).toHaveAccessibleDescription(/then moves on to the next one/);
  await profile.selectOption('same-upstream');
  await expect(profile).toHaveAccessibleDescription(/never moves on to another/);
  await expect(page.getByRole('group', { name: 'Notifications' })).toHaveAccessibleDescription(
    /Which events pop up a notification/,
  );
  await expect(page.getByLabel('Language')).toHaveAccessibleDescription(/System follows/);

  await page.getByLabel('Failure threshold').fill('5');
  const nav = page.getByRole('navigation', { name: 'Views' });
  await nav.getByRole('button', { name: 'Upstreams' }).click();
  const ask = page.getByRole('dialog', { name: 'Unsaved changes' });
  await ask.getByRole('button', { name: 'Stay' }).click();
  await expect(ask).toBeHidden();
  await expect(page.getByLabel('Failure threshold')).toHaveValue('5');
  await nav.getByRole('button', { name: 'Upstreams' }).click();
  await ask.getByRole('button', { name: 'Discard changes' }).click();
  await expect(page.getByRole('list', { name: 'Upstreams' })).toBeVisible();
  await openView(page, 'Settings');
  await expect(page.getByLabel('Failure threshold')).toHaveValue('3');
});

for (const width of [1280, 800]) {
  test(`the Requests table keeps TTFB, Duration and Tokens in view at ${width} px, and the picked request's detail is on screen`, async ({
    page,
  }) => {
    const b = await relay(okRelay);
    const { serve } = await stage([
      { url: b.url, alias: 'A relay with a rather long display name that goes on', id: 'relay-b' },
    ]);
    await serve.api('/api/commands/updateUpstream', {
      service: 'codex',
      station: 'main',
      id: 'relay-b/default',
      patch: { modelMapping: { 'gpt-5': 'gpt-5.4-some-long-model-name' } },
    });
    for (let i = 0; i < 3; i++) expect(await sendCodex(serve.codexProxy)).toBe(200);
    await page.setViewportSize({ width, height: 720 });
    await openConsole(page, serve);
    await openView(page, 'Requests');
    const table = page.getByRole('table', { name: 'Requests' });
    await expect(table.getByRole('row')).toHaveCount(4);
    for (const column of ['TTFB', 'Duration', 'Tokens']) {
      await expect(table.getByRole('columnheader', { name: column })).toBeInViewport({ ratio: 1 });
    }
    const wrap = page.locator('.table-wrap');
    expect(await wrap.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    // The mapped model stays on one line (clipped, whole text in its tooltip).
    const model = table.getByRole('cell', { name: /gpt-5 → gpt-5\.4/ }).first();
    expect((await model.boundingBox())!.height).toBeLessThan(50);
    await expect(model).toHaveAttribute('title', 'gpt-5 → gpt-5.4-some-long-model-name');

    await page
      .getByRole('button', { name: /^Details of / })
      .last()
      .click();
    await expect(page.getByRole('complementary', { name: 'Request detail' })).toBeInViewport();
  });
}

test('a failed request reads as a sentence, with the raw error on demand', async ({ page }) => {
  const a = await relay(failingRelay);
  const { serve } = await stage([{ url: a.url, alias: 'Relay A', id: 'relay-a' }]);
  expect(await sendCodex(serve.codexProxy)).toBe(500);
  await openConsole(page, serve);
  await openView(page, 'Requests');
  await page
    .getByRole('button', { name: /^Details of / })
    .first()
    .click();
  const detail = page.getByRole('complementary', { name: 'Request detail' });
  await expect(detail).toContainText('HTTP 500 — ');
  await expect(detail.locator('pre')).toBeHidden();
  await detail.getByText('Raw error').click();
  await expect(detail.locator('pre')).toBeVisible();
  await expect(detail.locator('pre')).toContainText('upstream_unavailable');
});

test("a first run offers the relays in Codex's config.toml, then Point Codex here; serve restores Codex when it stops", async ({
  page,
}) => {
  const r = await relay(okRelay);
  const { serve, home } = await stage();
  const codexConfig = path.join(home, 'codex', 'config.toml');
  const original = `model = "gpt-5"\nmodel_provider = "right"\n\n[model_providers.right]\nname = "RightCode"\nbase_url = "${r.url}/v1"\nenv_key = "RIGHT_API_KEY"\n`;
  writeFileSync(codexConfig, original);
  // No ~/.codex-helper here: the offer asks for it, and finding nothing is not an error.
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await openConsole(page, serve);
  // Before any upstream exists, pointing Codex here says that every request would fail.
  await openView(page, 'Overview');
  await page.getByRole('button', { name: 'Point Codex here' }).click();
  const early = page.getByRole('dialog', { name: 'Switch Codex on' });
  await expect(early).toContainText(
    'There is no Codex upstream here yet: until you add one, every Codex request will fail.',
  );
  await early.getByRole('button', { name: 'Cancel' }).click();
  await openView(page, 'Upstreams');
  const offer = page.getByText("Found in Codex's config.toml").locator('..');
  await expect(offer).toContainText('RightCode');
  await openView(page, 'Overview');
  await openView(page, 'Upstreams');
  await expect(offer).toContainText('RightCode');
  expect(consoleErrors).toEqual([]);
  await page.getByRole('button', { name: 'Add this upstream' }).click();
  await expect(upstreamRows(page)).toHaveCount(1);
  await expect(upstreamRow(page, hostOf(r))).toContainText('RightCode');

  await page.getByRole('button', { name: 'Point Codex here' }).click();
  const confirm = page.getByRole('dialog', { name: 'Switch Codex on' });
  await expect(confirm).not.toContainText('There is no Codex upstream here yet');
  await confirm.getByRole('button', { name: 'Switch on' }).click();
  await expect(confirm).toBeHidden();
  await expect.poll(() => readFileSync(codexConfig, 'utf8')).toContain('codex_proxy');

  expect(await serve.stop('SIGINT')).toBe(0);
  expect(readFileSync(codexConfig, 'utf8')).toBe(original);
  expect(serve.stdout.some((l) => l.startsWith('codex: restored'))).toBe(true);
});

test('the upstream dialog is named Add upstream or Edit upstream, folds advanced fields, keeps Save in view, and Escape asks before discarding', async ({
  page,
}) => {
  const { serve } = await stage([{ url: 'http://127.0.0.1:41001', alias: 'Relay A', id: 'a' }]);
  await page.setViewportSize({ width: 1000, height: 520 });
  await openConsole(page, serve);
  await expect(page.getByRole('combobox', { name: 'Station' })).toHaveAccessibleDescription(
    /A station is a named list of upstreams/,
  );
  await page.getByRole('button', { name: 'Add upstream' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add upstream', exact: true });
  await expect(dialog.getByLabel('Base URL')).toHaveAttribute('placeholder', /^e\.g\. /);
  await expect(dialog.getByLabel('Display name')).toHaveAttribute('placeholder', /^e\.g\. /);
  await expect(dialog.getByLabel('Model mapping')).toHaveCount(0);
  await dialog.getByRole('button', { name: /More settings/ }).click();
  await expect(dialog.getByLabel('Model mapping')).toBeVisible();
  await expect(dialog.getByLabel('Tags')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Save' })).toBeInViewport({ ratio: 1 });

  await dialog.getByLabel('Base URL').fill('http://127.0.0.1:41002/v1');
  await page.keyboard.press('Escape');
  const ask = page.getByRole('dialog', { name: 'Discard changes?' });
  await ask.getByRole('button', { name: 'Keep editing' }).click();
  await expect(dialog.getByLabel('Base URL')).toHaveValue('http://127.0.0.1:41002/v1');
  await page.keyboard.press('Escape');
  await ask.getByRole('button', { name: 'Discard' }).click();
  await expect(dialog).toBeHidden();
  await expect(upstreamRows(page)).toHaveCount(1);

  await upstreamRows(page).first().getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit upstream', exact: true });
  await expect(edit.getByLabel('Display name')).toHaveValue('Relay A');
  await page.keyboard.press('Escape');
  await expect(edit).toBeHidden();
});

test('while config.toml is broken, editing controls are off and say why; its path is shown once', async ({
  page,
}) => {
  const { serve, configFile } = await stage([
    { url: 'http://127.0.0.1:41001', alias: 'Relay A', id: 'relay-a' },
  ]);
  const good = readFileSync(configFile, 'utf8');
  await openConsole(page, serve);
  writeFileSync(configFile, 'version = 1\n[codex\n');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(configFile);
  await expect(page.getByText(configFile)).toHaveCount(1);
  const add = page.getByRole('button', { name: 'Add upstream' });
  await expect(add).toBeDisabled();
  await expect(add).toHaveAccessibleDescription(/fix the file/);
  const row = upstreamRows(page).first();
  for (const name of ['Edit', 'Delete', 'Move down']) {
    await expect(row.getByRole('button', { name, exact: true })).toBeDisabled();
  }
  await expect(row.getByRole('switch', { name: 'Enabled' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Add station' })).toBeDisabled();
  // Balancer state is not config: testing and resetting still work.
  await expect(row.getByRole('button', { name: 'Test', exact: true })).toBeEnabled();
  await expect(row.getByRole('button', { name: 'Reset', exact: true })).toBeEnabled();

  writeFileSync(configFile, good);
  await expect(add).toBeEnabled();
  await expect(row.getByRole('button', { name: 'Edit' })).toBeEnabled();
});
