// Which price a model id gets (docs/behaviour.md §9): config patterns first (exact
// beats wildcard, then the longest literal part), else the built-in list price of the exact id or
// the id followed by a date suffix. Nothing else is guessed: an unknown model has no price.
import type { ModelPrice, PricingConfig } from '../../../shared/config-types';
import { matchPattern } from '../proxy/models';

function p(input: number, cached: number, output: number, cacheWrite = 0): ModelPrice {
  return {
    input_per_1m: input,
    cached_input_per_1m: cached,
    output_per_1m: output,
    cache_write_per_1m: cacheWrite,
  };
}

/** Published list prices, USD per 1M tokens. */
const BUILT_IN: Readonly<Record<string, ModelPrice>> = (() => {
  const t: Record<string, ModelPrice> = {};
  const set = (ids: string[], price: ModelPrice) => ids.forEach((id) => (t[id] = price));
  set(['gpt-5.5'], p(5, 0.5, 30));
  set(['gpt-5.4'], p(2.5, 0.25, 15));
  set(['gpt-5.4-mini'], p(0.75, 0.075, 4.5));
  set(['gpt-5.4-nano'], p(0.2, 0.02, 1.25));
  set(['gpt-5.3-codex', 'gpt-5.2', 'gpt-5.2-codex'], p(1.75, 0.175, 14));
  set(['gpt-5.1', 'gpt-5.1-codex', 'gpt-5', 'gpt-5-codex'], p(1.25, 0.125, 10));
  set(['gpt-5-mini'], p(0.25, 0.025, 2));
  set(['gpt-5-nano'], p(0.05, 0.005, 0.4));
  set(['gpt-4.1'], p(2, 0.5, 8));
  set(['gpt-4.1-mini'], p(0.4, 0.1, 1.6));
  set(['o3'], p(2, 0.5, 8));
  set(['o4-mini'], p(1.1, 0.275, 4.4));
  set(['claude-opus-4-5'], p(5, 0.5, 25, 6.25));
  set(['claude-opus-4-1', 'claude-opus-4'], p(15, 1.5, 75, 18.75));
  set(['claude-sonnet-4-5', 'claude-sonnet-4'], p(3, 0.3, 15, 3.75));
  set(['claude-haiku-4-5'], p(1, 0.1, 5, 1.25));
  return t;
})();

/** `-20250929` or `-2025-08-07` at the end of an id. */
const DATE_SUFFIX = /-(\d{8}|\d{4}-\d{2}-\d{2})$/;

export function builtInPrice(model: string): ModelPrice | null {
  if (Object.hasOwn(BUILT_IN, model)) return BUILT_IN[model] ?? null;
  const m = DATE_SUFFIX.exec(model);
  if (!m) return null;
  const base = model.slice(0, m.index);
  return Object.hasOwn(BUILT_IN, base) ? (BUILT_IN[base] ?? null) : null;
}

function configPrice(model: string, pricing: PricingConfig): ModelPrice | null {
  const models = pricing.models;
  if (Object.hasOwn(models, model)) return models[model] ?? null;
  let best: { literal: number; price: ModelPrice } | null = null;
  for (const pattern in models) {
    if (!pattern.includes('*')) continue;
    const m = matchPattern(pattern, model);
    const price = models[pattern];
    if (m && price && (best === null || m.literal > best.literal)) {
      best = { literal: m.literal, price };
    }
  }
  return best?.price ?? null;
}

/** The price of `model`, or null when neither config nor the built-in table names it. */
export function priceOf(model: string, pricing: PricingConfig): ModelPrice | null {
  return configPrice(model, pricing) ?? builtInPrice(model);
}
