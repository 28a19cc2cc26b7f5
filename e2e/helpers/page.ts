// Locators for the upstreams view, by role and accessible name (docs/behaviour.md §6.1), and a
// reader for a row's countdown.
import { expect, type Locator, type Page } from '@playwright/test';

export const upstreamRows = (page: Page): Locator =>
  page.getByRole('list', { name: 'Upstreams' }).getByRole('listitem');

export const upstreamRow = (page: Page, host: string): Locator =>
  upstreamRows(page).filter({ hasText: host });

export const COOLING = /Cooling (?:(\d+)m )?(\d+)s/;

/** The whole seconds a row's "Cooling Ns" (or "Cooling Mm Ns") shows right now. */
export async function coolingSeconds(row: Locator): Promise<number> {
  const text = (await row.getByText(COOLING).textContent()) ?? '';
  const m = COOLING.exec(text);
  if (!m?.[2]) throw new Error(`no "Cooling Ns" in row status: ${text}`);
  return Number(m[1] ?? 0) * 60 + Number(m[2]);
}

export async function openView(page: Page, name: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Views' });
  await nav.getByRole('button', { name, exact: true }).click();
  await expect(nav.getByRole('button', { name, exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
}
