// Reading `[pricing.models."<pattern>"]` and an upstream's `price_multiplier` / `balance`
// (docs/behaviour.md §9). Every problem names its key path.
import {
  BALANCE_KINDS,
  type BalanceConfig,
  type BalanceKind,
  type ModelPrice,
  type PricingConfig,
} from '../../../shared/config-types';
import { checkModelPattern } from '../../../shared/upstream-rules';
import { checkBalanceEndpoint } from '../../../shared/balance-rules';
import { ConfigProblem, type Reader } from './read-helpers';

const PRICE_KEYS = [
  'input_per_1m',
  'cached_input_per_1m',
  'output_per_1m',
  'cache_write_per_1m',
] as const;

function readPrice(r: Reader): ModelPrice {
  r.allowOnly(PRICE_KEYS);
  const input = r.number('input_per_1m', 0);
  const output = r.number('output_per_1m', 0);
  if (input === undefined) throw new ConfigProblem(r.keyPath('input_per_1m'), 'is required');
  if (output === undefined) throw new ConfigProblem(r.keyPath('output_per_1m'), 'is required');
  // Without a stated discount, cached and cache-write tokens cost what input tokens cost.
  return {
    input_per_1m: input,
    cached_input_per_1m: r.number('cached_input_per_1m', 0) ?? input,
    output_per_1m: output,
    cache_write_per_1m: r.number('cache_write_per_1m', 0) ?? input,
  };
}

export function readPricing(root: Reader): PricingConfig {
  const r = root.sub('pricing', '[pricing]');
  r.allowOnly(['models']);
  const models = r.sub('models', '[pricing.models]');
  const out: Record<string, ModelPrice> = {};
  for (const pattern of Object.keys(models.table)) {
    const bad = checkModelPattern(pattern);
    if (bad) throw new ConfigProblem(models.keyPath(pattern), bad);
    out[pattern] = readPrice(models.sub(pattern, `[${models.keyPath(pattern)}]`));
  }
  return { models: out };
}

/** Keys each kind accepts besides kind, interval_secs and exhaust_below. */
const KIND_KEYS: Record<BalanceKind, readonly string[]> = {
  'new-api': ['divisor'],
  'openai-balance': [],
  sub2api: [],
  'http-json': ['endpoint', 'remaining_path', 'divisor', 'currency'],
};

export function readBalance(upstream: Reader): BalanceConfig | undefined {
  if (upstream.table.balance === undefined) return undefined;
  const r = upstream.sub('balance', `${upstream.path}.balance`);
  const kind = r.string('kind');
  if (kind === undefined) {
    throw new ConfigProblem(r.keyPath('kind'), `is required (one of ${BALANCE_KINDS.join(', ')})`);
  }
  if (!(BALANCE_KINDS as readonly string[]).includes(kind)) {
    throw new ConfigProblem(
      r.keyPath('kind'),
      `unknown kind "${kind}" (expected one of ${BALANCE_KINDS.join(', ')})`,
    );
  }
  const k = kind as BalanceKind;
  r.allowOnly(['kind', 'interval_secs', 'exhaust_below', ...KIND_KEYS[k]]);
  const out: BalanceConfig = { kind: k };
  const interval = r.integer('interval_secs', 30);
  if (interval !== undefined) out.interval_secs = interval;
  const below = r.number('exhaust_below', Number.NEGATIVE_INFINITY);
  if (below !== undefined) out.exhaust_below = below;
  const divisor = r.number('divisor', 0);
  if (divisor !== undefined) {
    if (divisor === 0) throw new ConfigProblem(r.keyPath('divisor'), 'must be greater than 0');
    out.divisor = divisor;
  }
  if (k === 'http-json') {
    const endpoint = r.string('endpoint');
    const path = r.string('remaining_path');
    if (endpoint === undefined)
      throw new ConfigProblem(r.keyPath('endpoint'), 'is required for kind "http-json"');
    if (path === undefined || path.trim() === '') {
      throw new ConfigProblem(r.keyPath('remaining_path'), 'is required for kind "http-json"');
    }
    const bad = checkBalanceEndpoint(endpoint);
    if (bad) throw new ConfigProblem(r.keyPath('endpoint'), bad);
    out.endpoint = endpoint;
    out.remaining_path = path;
    const currency = r.string('currency');
    if (currency !== undefined) out.currency = currency;
  }
  return out;
}

/** `price_multiplier`: a number ≥ 0 (absent = 1). */
export function readPriceMultiplier(upstream: Reader): number | undefined {
  return upstream.number('price_multiplier', 0);
}
