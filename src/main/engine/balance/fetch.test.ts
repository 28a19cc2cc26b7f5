// Balance polls take the upstream's outbound route (issue 13 item 11): a relay whose name only a
// forwarding proxy can resolve is reached through `[proxy] outbound` and `outbound_proxy`.
import { afterEach, describe, expect, it } from 'vitest';
import { json, startFakeUpstream } from '../../../../tests/fixtures/fake-upstream';
import { startForwardProxy } from '../../../../tests/fixtures/forward-proxy';
import { ManualClock } from '../../../../tests/fixtures/clock';
import { UpstreamPools } from '../proxy/upstream';
import { fetchText, PollError } from './fetch';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

describe('balance fetch and the outbound proxy', () => {
  it('reaches the balance endpoint through the outbound proxy, and not with "none"', async () => {
    const relay = await startFakeUpstream((_r, res) => json(res, 200, { remaining: 5 }));
    const proxy = await startForwardProxy({ 'relay.test': '127.0.0.1' });
    const pools = new UpstreamPools(5_000);
    cleanup.push(
      () => relay.close(),
      () => proxy.close(),
      () => pools.destroy(),
    );
    const base = {
      url: `http://relay.test:${relay.port}/api/balance`,
      headers: {},
      pools,
      scheduler: new ManualClock(),
      timeoutMs: 5_000,
    };
    const got = await fetchText({
      ...base,
      route: { upstream: {}, proxy: { outbound: proxy.url }, env: {} },
    });
    expect(got).toEqual({ status: 200, text: '{"remaining":5}' });
    expect(proxy.seen).toEqual([`relay.test:${relay.port}`]);
    await expect(
      fetchText({
        ...base,
        route: { upstream: { outbound_proxy: 'none' }, proxy: { outbound: proxy.url }, env: {} },
      }),
    ).rejects.toBeInstanceOf(PollError);
    expect(proxy.seen).toHaveLength(1);
  });
});
