// The cost of one request (docs/behaviour.md §9): the model sent upstream, its
// usage and the upstream's price multiplier. Unknown model → null, never 0.
import type { ModelPrice, PricingConfig, ServiceName } from '../../../shared/config-types';
import type { TokenUsage } from '../../../shared/snapshot';
import { priceOf } from './prices';

const PER = 1_000_000;

/**
 * Responses / Chat Completions (codex): cached tokens are part of the input count.
 * Anthropic Messages (claude): cache reads and cache writes are counted apart from the input.
 */
export function usageCost(usage: TokenUsage, price: ModelPrice, service: ServiceName): number {
  const cached = usage.cachedInputTokens;
  const fresh = service === 'claude' ? usage.inputTokens : Math.max(0, usage.inputTokens - cached);
  const cacheWrite = service === 'claude' ? usage.cacheCreationTokens : 0;
  return (
    (fresh * price.input_per_1m +
      cached * price.cached_input_per_1m +
      cacheWrite * price.cache_write_per_1m +
      usage.outputTokens * price.output_per_1m) /
    PER
  );
}

export interface CostInput {
  service: ServiceName;
  /** The model sent upstream (after mapping). */
  model: string | null;
  usage: TokenUsage | null;
  multiplier: number;
  pricing: PricingConfig;
}

/** USD, or null when there is no usage or the model has no price. */
export function requestCost(c: CostInput): number | null {
  if (!c.usage || !c.model) return null;
  const price = priceOf(c.model, c.pricing);
  if (!price) return null;
  return usageCost(c.usage, price, c.service) * c.multiplier;
}
