/// <reference lib="dom" />
// Quota and cost in Chromium (docs/behaviour.md §9): a fake New API relay's balance
// shows on its row; after it drops below the threshold, Check balance marks the relay Exhausted
// and traffic goes to the backup; the Overview shows what today's requests cost.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { json, startFakeUpstream } from '../tests/fixtures/fake-upstream';
import { configText } from './helpers/home';
import { openView, upstreamRow } from './helpers/page';
import { hostOf, okRelay, sendCodex } from './helpers/relays';
import { openConsole, relay, stage, useStage } from './helpers/stage';

useStage();

const UNITS_PER_USD = 500_000;

test('the row shows the relay’s balance, then Exhausted once it drops; Overview shows today’s cost', async ({
  page,
}) => {
  let balanceUsd = 2;
  const paid = await relay(() =>
    startFakeUpstream((req, res) => {
      if (req.url !== '/api/usage/token/') return json(res, 200, { id: 'r', usage: {} });
      const available = balanceUsd * UNITS_PER_USD;
      json(res, 200, {
        code: true,
        data: {
          total_granted: 5 * UNITS_PER_USD,
          total_used: 5 * UNITS_PER_USD - available,
          total_available: available,
          unlimited_quota: false,
        },
      });
    }),
  );
  const backup = await relay(okRelay);
  const { serve } = await stage([], { PAID_KEY: 'sk-paid-relay-key-0123456789' }, (ports) =>
    configText(ports, [
      { url: paid.url, alias: 'Paid relay', id: 'paid', tokenEnv: 'PAID_KEY' },
      { url: backup.url, alias: 'Backup relay', id: 'backup' },
    ]).replace(
      'tags = { provider_id = "paid", endpoint_id = "default" }',
      'tags = { provider_id = "paid", endpoint_id = "default" }\nbalance = { kind = "new-api", exhaust_below = 1 }',
    ),
  );
  await openConsole(page, serve);
  const row = upstreamRow(page, hostOf(paid));
  await expect(row).toContainText('Balance $2.00');
  await expect(row).not.toContainText('Exhausted');

  balanceUsd = 0.5;
  await row.getByRole('button', { name: 'Check balance' }).click();
  await expect(row).toContainText('Balance $0.50');
  await expect(row).toContainText('Exhausted');
  await expect(row).toContainText('at or below the threshold');

  // The exhausted relay is passed over; the backup's answer (1200 in, 340 out on gpt-5) is priced.
  expect(await sendCodex(serve.codexProxy)).toBe(200);
  expect(paid.requests.filter((r) => r.url === '/v1/responses')).toHaveLength(0);
  await openView(page, 'Overview');
  const cost = page.getByRole('table', { name: 'Cost per upstream' });
  await expect(cost).toContainText('Backup relay');
  await expect(cost).toContainText('$0.0049');
  await expect(page.getByText(/Codex.*\$0\.0049 today/)).toBeVisible();
});

test('the upstream dialog sets a balance source and a price multiplier, and the row can check it', async ({
  page,
}) => {
  const relayA = await relay(() =>
    startFakeUpstream((_req, res) => json(res, 200, { isValid: true, remaining: 7.25 })),
  );
  const { serve, configFile } = await stage([{ url: relayA.url, alias: 'Relay A', id: 'relay-a' }]);
  await openConsole(page, serve);
  const row = upstreamRow(page, hostOf(relayA));
  await expect(row.getByRole('button', { name: 'Check balance' })).toHaveCount(0);

  await row.getByRole('button', { name: 'Edit' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit upstream' });
  await dialog.getByRole('button', { name: /More settings/ }).click();
  await dialog.getByLabel('Price multiplier').fill('0.3');
  await dialog.getByLabel('Balance source').selectOption('sub2api');
  await dialog.getByLabel('Exhausted at or below').fill('1');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();

  await expect
    .poll(() => readFileSync(configFile, 'utf8'))
    .toContain('balance = { kind = "sub2api", exhaust_below = 1 }');
  expect(readFileSync(configFile, 'utf8')).toContain('price_multiplier = 0.3');
  await expect(row).toContainText('Balance $7.25');
  // Saving polled once; Check balance polls again.
  const polls = () => relayA.requests.filter((r) => r.url === '/v1/usage').length;
  expect(polls()).toBe(1);
  await row.getByRole('button', { name: 'Check balance' }).click();
  await expect.poll(polls).toBe(2);
});
