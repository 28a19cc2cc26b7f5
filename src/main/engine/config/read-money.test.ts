import { describe, expect, it } from 'vitest';
import { parseConfig } from './index';

const FILE = '/home/u/config.toml';
const UP = '[[codex.stations.main.upstreams]]\nbase_url = "https://relay.example/v1"\n';

function parse(text: string) {
  return parseConfig(`version = 1\n${text}`, FILE);
}

function errorOf(text: string): string {
  const r = parse(text);
  if (r.ok) throw new Error('expected an error');
  return r.error.message;
}

describe('pricing and balance keys', () => {
  it('reads [pricing.models."<pattern>"] with cached and cache-write prices defaulting to input', () => {
    const r = parse('[pricing.models."gpt-5*"]\ninput_per_1m = 1.25\noutput_per_1m = 10\n');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.config.pricing.models['gpt-5*']).toEqual({
      input_per_1m: 1.25,
      cached_input_per_1m: 1.25,
      output_per_1m: 10,
      cache_write_per_1m: 1.25,
    });
  });

  it('names the key path of a bad price or pattern', () => {
    expect(errorOf('[pricing.models."gpt-5*"]\ninput_per_1m = 1\n')).toContain(
      'pricing.models."gpt-5*".output_per_1m: is required',
    );
    expect(errorOf('[pricing.models."a*b*"]\ninput_per_1m = 1\noutput_per_1m = 1\n')).toContain(
      'more than one *',
    );
  });

  it('reads price_multiplier and a balance source as written (defaults stay absent)', () => {
    const r = parse(
      `${UP}price_multiplier = 0.3\nbalance = { kind = "new-api", exhaust_below = 0.5 }\n`,
    );
    if (!r.ok) throw new Error(r.error.message);
    const u = r.config.codex.stations[0]?.upstreams[0];
    expect(u?.price_multiplier).toBe(0.3);
    expect(u?.balance).toEqual({ kind: 'new-api', exhaust_below: 0.5 });
  });

  it('refuses an unknown kind, keys of another kind, a short interval and http-json without endpoint', () => {
    expect(errorOf(`${UP}balance = { kind = "magic" }\n`)).toContain('unknown kind "magic"');
    expect(errorOf(`${UP}balance = { kind = "sub2api", endpoint = "{origin}/x" }\n`)).toContain(
      'unknown key "endpoint"',
    );
    expect(errorOf(`${UP}balance = { kind = "new-api", interval_secs = 5 }\n`)).toContain(
      'balance.interval_secs: must be at least 30',
    );
    expect(errorOf(`${UP}balance = { kind = "http-json", remaining_path = "a" }\n`)).toContain(
      'balance.endpoint: is required',
    );
    expect(
      errorOf(
        `${UP}balance = { kind = "http-json", endpoint = "{origin}/b", remaining_path = "a", divisor = 0 }\n`,
      ),
    ).toContain('balance.divisor: must be greater than 0');
  });
});
