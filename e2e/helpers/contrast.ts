/// <reference lib="dom" />
// WCAG AA contrast over what a page shows: every visible piece of text against the background it is
// drawn on (ancestors' backgrounds composited, opacity applied), 4.5:1 for text and 3:1 for large
// text. Disabled controls are exempt (WCAG 1.4.3 "inactive user interface components").
import type { Locator, Page } from '@playwright/test';

export interface ContrastProblem {
  text: string;
  ratio: number;
  needed: number;
  color: string;
  background: string;
}

/** Runs in the page: the contrast of each text-bearing element under `root` (or the body). */
function measure(root: Element | null): ContrastProblem[] {
  type RGBA = [number, number, number, number];
  const parse = (c: string): RGBA => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m?.[1]) return [0, 0, 0, 0];
    const p = m[1]
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    return [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0, p[3] ?? 1];
  };
  const over = (top: RGBA, under: RGBA): RGBA => {
    const a = top[3] + under[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    const mix = (i: 0 | 1 | 2) => (top[i] * top[3] + under[i] * under[3] * (1 - top[3])) / a;
    return [mix(0), mix(1), mix(2), a];
  };
  const luminance = ([r, g, b]: RGBA) => {
    const lin = (v: number) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const ratio = (a: RGBA, b: RGBA) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
    return (hi + 0.05) / (lo + 0.05);
  };
  /** The opaque colour behind `el`: its own and its ancestors' backgrounds, topmost first. */
  const backdrop = (el: Element): RGBA => {
    const layers: RGBA[] = [];
    for (let e: Element | null = el; e; e = e.parentElement) {
      const bg = parse(getComputedStyle(e).backgroundColor);
      if (bg[3] > 0) layers.push(bg);
      if (bg[3] >= 1) break;
    }
    let colour: RGBA = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const opacity = (el: Element) => {
    let o = 1;
    for (let e: Element | null = el; e; e = e.parentElement)
      o *= Number(getComputedStyle(e).opacity);
    return o;
  };
  const fmt = (c: RGBA) =>
    `rgb(${c
      .slice(0, 3)
      .map((v) => Math.round(v))
      .join(' ')})`;

  const problems: ContrastProblem[] = [];
  const scope = root ?? document.body;
  const all = [scope, ...Array.from(scope.querySelectorAll('*'))];
  for (const el of all) {
    const own = Array.from(el.childNodes)
      .filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent ?? '')
      .join('')
      .trim();
    if (!own) continue;
    if (el.closest('[aria-hidden="true"], :disabled, option, svg')) continue;
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (rect.width === 0 || rect.height === 0 || style.visibility !== 'visible') continue;
    const bg = backdrop(el);
    const fg = over(parse(style.color), bg);
    const faded = over([fg[0], fg[1], fg[2], opacity(el)], bg);
    const size = parseFloat(style.fontSize);
    const bold = Number(style.fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    const r = ratio(faded, bg);
    if (r < needed) {
      problems.push({
        text: own.slice(0, 40),
        ratio: Math.round(r * 100) / 100,
        needed,
        color: fmt(faded),
        background: fmt(bg),
      });
    }
  }
  return problems;
}

/** Contrast problems of the text inside `scope` (the whole page by default). */
export async function contrastProblems(page: Page, scope?: Locator): Promise<ContrastProblem[]> {
  if (scope) return scope.evaluate(measure);
  return page.evaluate(measure, null);
}

/**
 * Hovers every enabled button inside `scope` in turn and measures it while hovered, so a hover
 * style that washes out a coloured button is caught.
 */
export async function hoverContrastProblems(
  page: Page,
  scope: Locator,
): Promise<ContrastProblem[]> {
  const problems: ContrastProblem[] = [];
  const buttons = scope.locator('button:not(:disabled):visible');
  const n = await buttons.count();
  for (let i = 0; i < n; i++) {
    const button = buttons.nth(i);
    await button.hover();
    for (const p of await contrastProblems(page, button))
      problems.push({ ...p, text: `hover ${p.text}` });
  }
  await page.mouse.move(0, 0);
  return problems;
}
