/// <reference lib="dom" />
// Desktop habits in the browser console (docs/behaviour.md §8): with notifications permitted, a
// relay tripping shows one notification naming it; the event is listed under "Recent events".
import { expect, test } from '@playwright/test';
import { configText } from './helpers/home';
import { openView } from './helpers/page';
import { failingRelay, sendCodex } from './helpers/relays';
import { openConsole, relay, stage, useStage } from './helpers/stage';

useStage();

declare global {
  interface Window {
    shownNotifications: { title: string; body: string }[];
  }
}

test('with notifications permitted, tripping a fake relay shows one notification naming it', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['notifications']);
  // Record what the page shows, then let the real Notification show it too.
  await page.addInitScript(() => {
    const Real = window.Notification;
    window.shownNotifications = [];
    class Recorded extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        window.shownNotifications.push({ title, body: options?.body ?? '' });
      }
    }
    window.Notification = Recorded as typeof Notification;
  });
  const a = await relay(failingRelay);
  // One relay with a one-second cooldown trips again and again, so one trip falls after the 5 s
  // start grace; "no upstream available" is switched off to leave the trip alone.
  const { serve } = await stage(
    [],
    {},
    (ports) =>
      configText(ports, [{ url: a.url, alias: 'Flaky relay', id: 'relay-a' }]).replace(
        /_cooldown_secs = 30/g,
        '_cooldown_secs = 1',
      ) + '\n[notifications]\nall_down = false\n',
  );
  await openConsole(page, serve);
  await openView(page, 'Settings');
  await expect(page.getByText('Notifications are allowed in this browser.')).toBeVisible();

  const shown = () => page.evaluate(() => window.shownNotifications);
  await expect
    .poll(
      async () => {
        await sendCodex(serve.codexProxy);
        return (await shown()).length;
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0);
  const notes = await shown();
  expect(notes).toHaveLength(1);
  expect(notes[0]?.title).toBe('Flaky relay tripped');
  expect(notes[0]?.body).toContain('Codex');

  await openView(page, 'Overview');
  const events = page.getByRole('list', { name: 'Recent events' });
  await expect(
    events.getByRole('listitem').filter({ hasText: 'Flaky relay tripped' }).first(),
  ).toBeVisible();
});

test('without permission the Settings view offers "Allow notifications"', async ({ page }) => {
  const { serve } = await stage();
  await page.goto(serve.consoleUrl);
  await openView(page, 'Settings');
  await expect(page.getByRole('button', { name: 'Allow notifications' })).toBeVisible();
  await expect(page.getByRole('switch', { name: 'A relay tripped' })).toBeChecked();
  await page.getByRole('switch', { name: 'Recovered' }).click();
  await expect(page.getByRole('switch', { name: 'Recovered' })).toBeChecked();
  expect((await serve.snapshot()).settings.notifications.recovered).toBe(true);
});
