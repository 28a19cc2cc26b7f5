/// <reference lib="dom" />
// WCAG AA contrast (4.5:1 for text) over every view of the console, in the light and the dark
// theme, with every button also measured while hovered.
import { expect, test } from '@playwright/test';
import { contrastProblems, hoverContrastProblems } from './helpers/contrast';
import { openView, upstreamRow } from './helpers/page';
import { failingRelay, hostOf, okRelay, sendCodex } from './helpers/relays';
import { openConsole, relay, stage, useStage } from './helpers/stage';

useStage();

const VIEWS = ['Upstreams', 'Requests', 'Overview', 'Settings'] as const;

for (const theme of ['light', 'dark'] as const) {
  test(`every view reads at WCAG AA contrast in the ${theme} theme, buttons hovered too`, async ({
    page,
  }) => {
    const a = await relay(failingRelay);
    const b = await relay(okRelay);
    const c = await relay(okRelay);
    const d = await relay(okRelay);
    const { serve } = await stage([
      { url: a.url, alias: 'Relay A', id: 'relay-a' },
      { url: b.url, alias: 'Relay B', id: 'relay-b' },
      { url: c.url, alias: 'Spare C', id: 'spare-c' },
      { url: d.url, alias: 'Backup D', id: 'backup-d', tokenEnv: 'BACKUP_D_KEY' },
    ]);
    // Every status at once: A cooling after a failover, B last good, C disabled, D exhausted.
    expect(await sendCodex(serve.codexProxy)).toBe(200);
    expect(await sendCodex(serve.codexProxy, 'gpt-5-unknown-param')).toBe(422);
    const ref = { service: 'codex', station: 'main' };
    await serve.api('/api/commands/setUpstreamEnabled', {
      ...ref,
      id: 'spare-c/default',
      enabled: false,
    });
    await serve.api('/api/commands/setUpstreamExhausted', {
      ...ref,
      id: 'backup-d/default',
      exhausted: true,
    });

    await page.emulateMedia({ colorScheme: theme });
    await page.setViewportSize({ width: 1280, height: 900 });
    await openConsole(page, serve);
    await expect(upstreamRow(page, hostOf(a))).toContainText('Cooling');
    await expect(upstreamRow(page, hostOf(c))).toContainText('Disabled');
    for (const view of VIEWS) {
      await openView(page, view);
      if (view === 'Requests') {
        await page
          .getByRole('button', { name: /^Details of / })
          .last()
          .click();
      }
      const body = page.locator('body');
      expect(await contrastProblems(page), `${view} at rest (${theme})`).toEqual([]);
      expect(await hoverContrastProblems(page, body), `${view} hovered (${theme})`).toEqual([]);
    }
    // The upstream dialog, advanced fields open.
    await openView(page, 'Upstreams');
    await page.getByRole('button', { name: 'Add upstream' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add upstream', exact: true });
    await dialog.getByRole('button', { name: /More settings/ }).click();
    expect(await contrastProblems(page, dialog), `Add upstream dialog (${theme})`).toEqual([]);
    expect(await hoverContrastProblems(page, dialog), `dialog hovered (${theme})`).toEqual([]);
  });
}
