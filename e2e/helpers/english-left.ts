// The Chinese smoke story's check: what English is left in a page rendered in zh-CN. Two views of
// the same question: English catalogue messages found verbatim in the page, and English words in
// the page's text and accessible names outside data (hosts, paths, ids, raw upstream text), which
// catches strings that never went through the catalogue.
import type { Page } from '@playwright/test';
import { en } from '../../src/shared/i18n/en';
import { zhCN } from '../../src/shared/i18n/zh-CN';

/** Words that are names, not English: products, protocols, units, and the stories' own data. */
const ALLOWED = new Set(
  [
    'Codex',
    'Claude',
    'Code',
    'Helper',
    'OpenAI',
    'Anthropic',
    'HTTP',
    'HTTPS',
    'URL',
    'API',
    'JSON',
    'TOML',
    'SSE',
    'ID',
    'CLI',
    'ms',
    'true',
    'false',
    'English',
    'codex-helper',
    'config.toml',
    'main',
    'gpt-5',
    'gpt',
    'Bearer',
    'env',
    'tokens',
    'GET',
    'POST',
    'HEAD',
  ].map((w) => w.toLowerCase()),
);

/** English messages that differ in Chinese and carry no placeholder, longest first. */
const STATIC_ENGLISH = Object.entries(en)
  .filter(
    ([id, m]) => typeof m === 'string' && !m.includes('{') && m !== zhCN[id as keyof typeof en],
  )
  .map(([, m]) => m as string)
  .filter((m) => /[a-z]{3,}/i.test(m))
  .sort((a, b) => b.length - a.length);

export interface EnglishLeft {
  messages: string[];
  words: string[];
}

/** `data`: words of the story's own data (ids, station names) that may show in titles. */
export async function englishLeft(page: Page, data: readonly string[] = []): Promise<EnglishLeft> {
  const own = new Set(data.map((w) => w.toLowerCase()));
  const texts = await page.evaluate(() => {
    // Data shown as it is (hosts, paths, ids, raw upstream text) is marked by its element.
    const DATA = '.mono, code, pre, [data-raw], input, textarea, option';
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest(DATA) || el.closest('[hidden], [aria-hidden="true"]')) continue;
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      out.push(n.textContent ?? '');
    }
    for (const el of Array.from(
      document.querySelectorAll('[aria-label], [title], [placeholder]'),
    )) {
      if (el.closest(DATA) && !['INPUT', 'TEXTAREA'].includes(el.tagName)) continue;
      for (const a of ['aria-label', 'title', 'placeholder']) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
    }
    return out;
  });
  // Paths and URLs ("/v1/responses") are data wherever they appear.
  const all = texts.join('\n').replace(/\S*\/\S*/g, ' ');
  const messages = STATIC_ENGLISH.filter((m) => all.includes(m));
  const words = [
    ...new Set(
      (all.match(/(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9.'’-]*[A-Za-z]/g) ?? []).filter(
        (w) =>
          !ALLOWED.has(w.toLowerCase()) &&
          !own.has(w.toLowerCase()) &&
          !/^[a-z0-9-]+\.[a-z]/i.test(w),
      ),
    ),
  ];
  return { messages, words };
}
