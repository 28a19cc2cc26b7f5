import { describe, expect, it } from 'vitest';
import type { AppConfig, UpstreamConfig } from '../../../shared/config-types';
import { emptyConfig } from '../../../shared/config-types';
import type { TokenUsage } from '../../../shared/snapshot';
import { priceRequest } from './index';
import { builtInPrice, priceOf } from './prices';

function usage(over: Partial<TokenUsage>): TokenUsage {
  return {
    inputTokens: 0,
    outputTokens: 0,
    totalTokens: 0,
    reasoningTokens: 0,
    cachedInputTokens: 0,
    cacheCreationTokens: 0,
    ...over,
  };
}

function configWith(
  upstream: Partial<UpstreamConfig>,
  pricing: AppConfig['pricing'] = { models: {} },
): AppConfig {
  const c = emptyConfig();
  const u: UpstreamConfig = {
    base_url: 'https://relay.example/v1',
    enabled: true,
    auth: {},
    tags: { provider_id: 'relay', endpoint_id: 'default' },
    supported_models: {},
    model_mapping: {},
    ...upstream,
  };
  c.codex.stations = [{ name: 'main', enabled: true, level: 1, upstreams: [u] }];
  c.claude.stations = [{ name: 'main', enabled: true, level: 1, upstreams: [u] }];
  c.pricing = pricing;
  return c;
}

const request = {
  station: 'main',
  upstream: { id: 'relay/default' },
  mappedModel: null,
};

describe('request cost', () => {
  it('prices Responses cached tokens at the cached rate, out of the input count', () => {
    const cost = priceRequest(configWith({}), {
      ...request,
      service: 'codex',
      model: 'gpt-5',
      usage: usage({ inputTokens: 1_000_000, cachedInputTokens: 400_000, outputTokens: 100_000 }),
    });
    // 600k fresh × 1.25 + 400k cached × 0.125 + 100k out × 10 (per 1M)
    expect(cost).toBeCloseTo(0.75 + 0.05 + 1.0, 10);
  });

  it('prices Anthropic cache reads and writes apart from the input tokens', () => {
    const cost = priceRequest(configWith({}), {
      ...request,
      service: 'claude',
      model: 'claude-sonnet-4-5-20250929',
      usage: usage({
        inputTokens: 100_000,
        cachedInputTokens: 1_000_000,
        cacheCreationTokens: 200_000,
        outputTokens: 10_000,
      }),
    });
    // 100k × 3 + 1M × 0.30 + 200k × 3.75 + 10k × 15 (per 1M)
    expect(cost).toBeCloseTo(0.3 + 0.3 + 0.75 + 0.15, 10);
  });

  it('prices the model sent upstream after mapping, times the upstream multiplier', () => {
    const cost = priceRequest(configWith({ price_multiplier: 0.3 }), {
      ...request,
      service: 'codex',
      model: 'gpt-5',
      mappedModel: 'gpt-5.4-mini',
      usage: usage({ inputTokens: 1_000_000, outputTokens: 1_000_000 }),
    });
    expect(cost).toBeCloseTo((0.75 + 4.5) * 0.3, 10);
  });

  it('gives an unknown model no price (null, never 0)', () => {
    const cost = priceRequest(configWith({}), {
      ...request,
      service: 'claude',
      model: 'claude-opus-4-6',
      usage: usage({ inputTokens: 10, outputTokens: 10 }),
    });
    expect(cost).toBeNull();
    expect(priceOf('gpt-5.6', { models: {} })).toBeNull();
  });

  it('has no cost for a request without usage', () => {
    expect(
      priceRequest(configWith({}), { ...request, service: 'codex', model: 'gpt-5', usage: null }),
    ).toBeNull();
  });
});

describe('price lookup', () => {
  it('matches a built-in id exactly or followed by a date suffix, and nothing else', () => {
    expect(builtInPrice('gpt-5')?.input_per_1m).toBe(1.25);
    expect(builtInPrice('gpt-5-2025-08-07')?.input_per_1m).toBe(1.25);
    expect(builtInPrice('claude-opus-4-20250514')?.output_per_1m).toBe(75);
    expect(builtInPrice('gpt-5-mini')?.input_per_1m).toBe(0.25);
    expect(builtInPrice('gpt-5-turbo')).toBeNull();
    expect(builtInPrice('claude-opus-4-6')).toBeNull();
  });

  it('lets config patterns beat the table: exact over wildcard, then the longest literal part', () => {
    const price = (input: number) => ({
      input_per_1m: input,
      cached_input_per_1m: 0,
      output_per_1m: 0,
      cache_write_per_1m: 0,
    });
    const pricing = {
      models: { 'gpt-5*': price(1), 'gpt-5.4*': price(2), 'gpt-5.4-mini': price(3), '*': price(9) },
    };
    expect(priceOf('gpt-5.4-mini', pricing)?.input_per_1m).toBe(3);
    expect(priceOf('gpt-5.4-nano', pricing)?.input_per_1m).toBe(2);
    expect(priceOf('gpt-5', pricing)?.input_per_1m).toBe(1);
    expect(priceOf('claude-opus-4-6', pricing)?.input_per_1m).toBe(9);
  });
});
