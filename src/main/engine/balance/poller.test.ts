import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyConfig, type AppConfig, type UpstreamConfig } from '../../../shared/config-types';
import { defaultPolicy } from '../../../../tests/fixtures/balancer';
import { ManualClock } from '../../../../tests/fixtures/clock';
import {
  json,
  startFakeUpstream,
  type FakeUpstream,
} from '../../../../tests/fixtures/fake-upstream';
import { Balancer } from '../balancer';
import { silentLogger } from '../types';
import { BalancePoller } from './poller';

let relay: FakeUpstream;
let clock: ManualClock;
let config: AppConfig;
let poller: BalancePoller;

function withRelay(u: Partial<UpstreamConfig>): AppConfig {
  const c = emptyConfig();
  c.codex.stations = [
    {
      name: 'main',
      enabled: true,
      level: 1,
      upstreams: [
        {
          base_url: `${relay.url}/v1`,
          enabled: true,
          auth: { api_key: 'anthropic-style-key-123' },
          tags: { provider_id: 'relay', endpoint_id: 'default' },
          supported_models: {},
          model_mapping: {},
          balance: { kind: 'sub2api' },
          ...u,
        },
      ],
    },
  ];
  return c;
}

beforeEach(async () => {
  relay = await startFakeUpstream((_req, res) => {
    json(res, 200, { isValid: true, remaining: 7 });
  });
  clock = new ManualClock();
  config = withRelay({});
  poller = new BalancePoller({
    scheduler: clock,
    logger: silentLogger,
    config: () => config,
    env: {},
    balancer: new Balancer({ clock, policy: defaultPolicy }),
    changed: () => undefined,
  });
});

afterEach(async () => {
  await poller.stop();
  await relay.close();
});

describe('balance poller', () => {
  it('sends x-api-key for an upstream that has only an api_key, to {origin}/v1/usage', async () => {
    poller.start();
    const b = await poller.check('codex', 'main', 'relay/default');
    expect(b).toMatchObject({ remaining: 7, currency: 'USD', error: null });
    expect(relay.requests[0]?.url).toBe('/v1/usage');
    expect(relay.requests[0]?.headers['x-api-key']).toBe('anthropic-style-key-123');
    expect(relay.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('polls after a quota error at most once per 30 s, and keeps one poll in flight', async () => {
    poller.start();
    await poller.check('codex', 'main', 'relay/default');
    poller.afterQuotaError('codex', 'main', 'relay/default');
    await poller.check('codex', 'main', 'relay/default');
    // The start poll was automatic less than 30 s ago: the quota error polled nothing.
    expect(relay.requests).toHaveLength(2);

    clock.advance(30_000);
    poller.afterQuotaError('codex', 'main', 'relay/default');
    const a = poller.check('codex', 'main', 'relay/default');
    const b = poller.check('codex', 'main', 'relay/default');
    // Both checks joined the poll the quota error started.
    expect(await a).toBe(await b);
    expect(relay.requests).toHaveLength(3);
  });

  it('polls a new or changed source at once and forgets a removed one', async () => {
    poller.start();
    await poller.check('codex', 'main', 'relay/default');
    config = withRelay({ balance: { kind: 'sub2api', exhaust_below: 1 } });
    poller.sync();
    await poller.check('codex', 'main', 'relay/default');
    expect(relay.requests).toHaveLength(2);
    config = withRelay({ balance: undefined });
    poller.sync();
    expect(poller.balanceOf('codex', 'main', 'relay/default')).toBeNull();
    expect(await poller.check('codex', 'main', 'relay/default')).toBeNull();
  });

  it('stops at once while a poll waits on a relay that never answers (the manual clock never times it out)', async () => {
    const silent = await startFakeUpstream(() => undefined);
    config = withRelay({ base_url: `${silent.url}/v1` });
    poller.start();
    const pending = poller.check('codex', 'main', 'relay/default');
    await expect.poll(() => silent.requests.length).toBe(1);
    await poller.stop();
    expect((await pending)?.error).toBeTruthy();
    await silent.close();
  });
});
