/// <reference lib="dom" />
// Shared state in the console (docs/behaviour.md §11.1): an unreachable Redis is said once, and
// an untagged upstream says on its row that it is not shared.
import { expect, test } from '@playwright/test';
import { configText } from './helpers/home';
import { freePort } from './helpers/serve';
import { openConsole, stage, useStage } from './helpers/stage';

useStage();

test('an unreachable Redis shows one notice and untagged rows say they are not shared', async ({
  page,
}) => {
  const nobody = await freePort();
  const upstreams = [
    { url: 'http://127.0.0.1:41001', alias: 'Tagged relay', id: 'tagged' },
    { url: 'http://127.0.0.1:41002', alias: 'Plain relay', id: '' },
  ];
  const { serve } = await stage(
    upstreams,
    {},
    (ports) =>
      `${configText(ports, upstreams)}\n[shared]\nredis_url = "redis://127.0.0.1:${nobody}/0"\n`,
  );
  await openConsole(page, serve);
  const notice = page.getByRole('status').filter({ hasText: 'Redis cannot be reached' });
  await expect(notice).toHaveCount(1);
  await expect(notice).toContainText('ECONNREFUSED');
  const rows = page.getByRole('list', { name: 'Upstreams' }).getByRole('listitem');
  await expect(rows.filter({ hasText: 'Plain relay' })).toContainText(
    'Not shared (no identity tags)',
  );
  await expect(rows.filter({ hasText: 'Tagged relay' })).not.toContainText('Not shared');
  expect((await serve.snapshot()).shared).toMatchObject({ status: 'down' });
});
