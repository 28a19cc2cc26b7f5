import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract';
import {
  json,
  startFakeUpstream,
  type FakeUpstream,
} from '../../../../tests/fixtures/fake-upstream';
import { postJson, send } from '../../../../tests/fixtures/http-client';
import {
  configWith,
  startHarness,
  upstreamOf,
  type Harness,
  type UpstreamSpec,
} from '../../../../tests/fixtures/proxy-harness';
import { ManualClock } from '../../../../tests/fixtures/clock';
import { probeUpstream, startProxyListener } from './index';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function fake(handler?: Parameters<typeof startFakeUpstream>[0]): Promise<FakeUpstream> {
  const f = await startFakeUpstream(handler ?? ((_r, res) => json(res, 200, { ok: true })));
  cleanup.push(() => f.close());
  return f;
}

async function harness(
  upstreams: UpstreamSpec[],
  env: Record<string, string> = {},
): Promise<Harness> {
  const h = await startHarness({ config: configWith('codex', upstreams), env });
  cleanup.push(() => h.close());
  return h;
}

describe('forwarding', () => {
  it('joins base path and request path without doubling /v1 and keeps the query', async () => {
    const a = await fake();
    const h = await harness([`${a.url}/v1/`]);
    await send(`${h.url}/v1/responses?beta=true&x=%2F`);
    await send(`${h.url}/models`);
    expect(a.requests.map((r) => r.url)).toEqual(['/v1/responses?beta=true&x=%2F', '/v1/models']);
  });

  it('replaces the client credentials with the upstream ones', async () => {
    const a = await fake();
    const h = await harness([{ base_url: a.url, auth: { auth_token_env: 'A_TOKEN' } }], {
      A_TOKEN: 'relay-token',
    });
    await postJson(
      `${h.url}/v1/responses`,
      {},
      { authorization: 'Bearer client', 'x-api-key': 'client-key' },
    );
    expect(a.requests[0]?.headers['authorization']).toBe('Bearer relay-token');
    expect(a.requests[0]?.headers['x-api-key']).toBeUndefined();
  });

  it('passes the client credentials through when the upstream has none', async () => {
    const a = await fake();
    const h = await harness([a.url]);
    await postJson(
      `${h.url}/v1/responses`,
      {},
      { authorization: 'Bearer client', 'x-api-key': 'client-key' },
    );
    expect(a.requests[0]?.headers['authorization']).toBe('Bearer client');
    expect(a.requests[0]?.headers['x-api-key']).toBe('client-key');
  });

  it('drops hop-by-hop and Connection-named headers and limits accept-encoding', async () => {
    const a = await fake((_r, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'keep-alive': 'timeout=5',
        'x-kept': 'yes',
      });
      res.end('{}');
    });
    const h = await harness([a.url]);
    const reply = await send(`${h.url}/v1/responses`, {
      method: 'POST',
      headers: {
        connection: 'keep-alive, x-drop-me',
        'x-drop-me': '1',
        te: 'trailers',
        'proxy-authorization': 'Basic abc',
        'accept-encoding': 'zstd, gzip',
        'x-custom': 'stays',
      },
      body: '{}',
    });
    const seen = a.requests[0]!.headers;
    expect(seen['x-drop-me']).toBeUndefined();
    expect(seen['te']).toBeUndefined();
    expect(seen['proxy-authorization']).toBeUndefined();
    expect(seen['accept-encoding']).toBe('gzip');
    expect(seen['x-custom']).toBe('stays');
    expect(seen['host']).toBe(`127.0.0.1:${a.port}`);
    expect(reply.headers['keep-alive']).not.toBe('timeout=5');
    expect(reply.headers['x-kept']).toBe('yes');
  });

  it('decodes a gzip upstream answer and reads its usage', async () => {
    const a = await fake((_r, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(
        gzipSync(JSON.stringify({ id: 'x', usage: { prompt_tokens: '5', completion_tokens: 6 } })),
      );
    });
    const h = await harness([a.url]);
    const reply = await postJson(
      `${h.url}/v1/chat/completions`,
      { model: 'gpt-5' },
      { 'accept-encoding': 'gzip' },
    );
    expect(reply.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(reply.body).id).toBe('x');
    expect((await h.record()).usage?.totalTokens).toBe(11);
  });

  it('filters upstreams by model and rewrites the model through exact and wildcard mappings', async () => {
    const a = await fake();
    const b = await fake();
    const h = await harness([
      { base_url: a.url, supported_models: { 'claude-*': true } },
      { base_url: b.url, model_mapping: { 'gpt-5': 'gpt-5.4', 'gpt-5-*': 'relay-*-v2' } },
    ]);
    await postJson(`${h.url}/v1/responses`, { model: 'gpt-5', input: 'x' });
    await postJson(`${h.url}/v1/responses`, { model: 'gpt-5-mini' });
    expect(a.requests).toHaveLength(0);
    expect(JSON.parse(b.requests[0]!.body.toString()).model).toBe('gpt-5.4');
    expect(JSON.parse(b.requests[1]!.body.toString()).model).toBe('relay-mini-v2');
    const rec = await h.record(1);
    expect(rec.model).toBe('gpt-5');
    expect(rec.mappedModel).toBe('gpt-5.4');
    expect(rec.attempts[0]?.decision).toBe('skip-unsupported');
  });

  it('sends an unmapped body byte for byte and takes the session id from the headers', async () => {
    const a = await fake();
    const h = await harness([a.url]);
    const raw = '{ "model" : "gpt-5",\n "prompt_cache_key": "pk" }';
    await send(`${h.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'session-id': 'sess-1' },
      body: raw,
    });
    await send(`${h.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: raw,
    });
    expect(a.requests[0]!.body.toString()).toBe(raw);
    expect((await h.record(1)).sessionId).toBe('sess-1');
    expect((await h.record(2)).sessionId).toBe('pk');
  });

  it('refuses an upstream that points back at the proxy itself', async () => {
    const h = await harness(['http://127.0.0.1:1/v1']);
    h.config.codex.stations[0]!.upstreams[0] = upstreamOf(
      `http://localhost:${h.listener.address.port}/v1`,
      0,
    );
    const reply = await postJson(`${h.url}/v1/responses`, {});
    expect(reply.status).toBe(502);
    expect(JSON.parse(reply.body).error.message).toContain('self-loop');
  });

  it('refuses browser requests carrying an Origin header', async () => {
    const a = await fake();
    const h = await harness([a.url]);
    const reply = await postJson(`${h.url}/v1/responses`, {}, { origin: 'https://evil.example' });
    expect(reply.status).toBe(403);
    expect(a.requests).toHaveLength(0);
    h.config.proxy.allow_browser_origins = true;
    expect(
      (await postJson(`${h.url}/v1/responses`, {}, { origin: 'https://ok.example' })).status,
    ).toBe(200);
  });

  it('answers 413 with JSON for a body over 10 MiB', async () => {
    const a = await fake();
    const h = await harness([a.url]);
    const reply = await send(`${h.url}/v1/responses`, {
      method: 'POST',
      body: Buffer.alloc(10 * 1024 * 1024 + 1, 97),
    });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body).error.type).toBe('request_too_large');
    expect((await h.record()).status).toBe(413);
    expect(a.requests).toHaveLength(0);
  });

  it('forwards HEAD / like any request', async () => {
    const a = await fake((_r, res) => {
      res.writeHead(200, { 'x-head': '1' });
      res.end();
    });
    const h = await harness([a.url]);
    const reply = await send(`${h.url}/`, { method: 'HEAD' });
    expect(reply.status).toBe(200);
    expect(a.requests[0]?.method).toBe('HEAD');
    expect(a.requests[0]?.url).toBe('/');
  });

  it('fails start-up on a taken port with a message naming it', async () => {
    const blocker = http.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => blocker.close(() => r())));
    const port = (blocker.address() as { port: number }).port;
    const h = await harness(['http://127.0.0.1:1']);
    const err = await startProxyListener({
      service: 'claude',
      host: '127.0.0.1',
      port,
      getRuntime: () => ({ config: h.config, env: {} }),
      balancer: h.balancer,
      clock: h.clock,
      logger: { info() {}, warn() {}, error() {} },
      onRequest() {},
      ownAddresses: () => [],
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(
      new RegExp(`^port ${port} on 127.0.0.1 is already in use`),
    );
    // The holder is this very test process; name it where the system lets us see it.
    expect((err as AppError).message).toContain(`(by pid ${process.pid}`);
  });

  it('tests an upstream with GET {base_url}/models and its auth', async () => {
    const a = await fake((_r, res) => json(res, 200, { data: [] }));
    const result = await probeUpstream(
      upstreamOf({ base_url: `${a.url}/v1`, auth: { api_key: 'k-123456' } }, 0),
      {},
      new ManualClock(),
    );
    expect(result).toMatchObject({ status: 200, ok: true, error: null });
    expect(a.requests[0]?.url).toBe('/v1/models');
    expect(a.requests[0]?.headers['x-api-key']).toBe('k-123456');
    const down = await probeUpstream(upstreamOf('http://127.0.0.1:1', 0), {}, new ManualClock());
    expect(down.ok).toBe(false);
    expect(down.error).toMatch(/connect/);
  });
});
