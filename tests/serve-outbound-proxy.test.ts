// Issue 13 item 11, against the real serve process and a real forwarding proxy on loopback: a
// relay only the proxy can reach (its name does not resolve here) is used through `[proxy]
// outbound`, through HTTPS_PROXY/HTTP_PROXY from the environment, and by the Test command;
// NO_PROXY and `outbound_proxy = "none"` go direct.
import { afterEach, describe, expect, it } from 'vitest';
import { startServe, type Serve } from '../e2e/helpers/serve';
import { json, startFakeUpstream, type FakeUpstream } from './fixtures/fake-upstream';
import { startForwardProxy, type ForwardProxy } from './fixtures/forward-proxy';
import { postJson } from './fixtures/http-client';
import { makeServeHome, type ServeHome } from './fixtures/serve-home';

let serve: Serve | null = null;
let home: ServeHome | null = null;
let relay: FakeUpstream | null = null;
let proxy: ForwardProxy | null = null;

afterEach(async () => {
  await serve?.stop();
  await relay?.close();
  await proxy?.close();
  home?.cleanup();
  serve = proxy = relay = home = null;
});

interface Envelope<T = unknown> {
  ok: boolean;
  value?: T;
  error?: { message: string };
}

async function setUp(opts: { proxyLines?: (p: string) => string; upstreamLines?: string }) {
  relay = await startFakeUpstream((req, res) => json(res, 200, { id: 'ok', path: req.url }));
  proxy = await startForwardProxy({ 'relay.test': '127.0.0.1' });
  home = await makeServeHome({
    proxy: opts.proxyLines?.(proxy.url) ?? '',
    rest: [
      '[codex]',
      'active = "main"',
      '[codex.stations.main]',
      '[[codex.stations.main.upstreams]]',
      `base_url = "http://relay.test:${relay.port}/v1"`,
      opts.upstreamLines ?? '',
      '',
    ].join('\n'),
  });
  return { relay, proxy, home };
}

describe('outbound proxy', () => {
  it('reaches a relay through [proxy] outbound, for requests and for the Test command', async () => {
    const {
      relay: r,
      proxy: p,
      home: h,
    } = await setUp({
      proxyLines: (u) => `outbound = "${u}"`,
    });
    serve = await startServe(h.dir);
    const reply = await postJson(`${serve.codexProxy}/v1/responses`, { model: 'gpt-5' });
    expect(reply.status).toBe(200);
    expect(r.requests[0]?.url).toBe('/v1/responses');
    expect(p.seen).toContain(`relay.test:${r.port}`);
    const id = (await serve.snapshot()).services.codex.stations[0]!.upstreams[0]!.id;
    const before = p.seen.length;
    const test = await serve.api<Envelope<{ ok: boolean; status: number }>>(
      '/api/commands/testUpstream',
      { service: 'codex', station: 'main', id },
    );
    expect(test.value?.status).toBe(200);
    expect(p.seen.length).toBeGreaterThan(before);
  });

  it('honours HTTP_PROXY from the environment, and outbound_proxy = "none" goes direct', async () => {
    const { relay: r, proxy: p, home: h } = await setUp({});
    serve = await startServe(h.dir, { HTTP_PROXY: p.url, HTTPS_PROXY: p.url, NO_PROXY: '' });
    const reply = await postJson(`${serve.codexProxy}/v1/responses`, { model: 'gpt-5' });
    expect(reply.status).toBe(200);
    expect(p.seen).toEqual([`relay.test:${r.port}`]);
    await serve.stop();
    serve = null;

    // The same relay with "none": a direct connection cannot resolve relay.test.
    const { appendFileSync } = await import('node:fs');
    appendFileSync(h.configFile, 'outbound_proxy = "none"\n');
    serve = await startServe(h.dir, { HTTP_PROXY: p.url });
    const direct = await postJson(`${serve.codexProxy}/v1/responses`, { model: 'gpt-5' });
    expect(direct.status).toBe(502);
    expect(direct.body).toContain('could not be resolved');
    expect(p.seen).toHaveLength(1);
  });

  it('goes direct for a host NO_PROXY names', async () => {
    const { proxy: p, home: h } = await setUp({});
    serve = await startServe(h.dir, { HTTP_PROXY: p.url, NO_PROXY: 'localhost,.test' });
    const reply = await postJson(`${serve.codexProxy}/v1/responses`, { model: 'gpt-5' });
    expect(reply.status).toBe(502);
    expect(p.seen).toEqual([]);
  });
});
