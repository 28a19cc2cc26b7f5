import { afterEach, describe, expect, it } from 'vitest';
import {
  closedPort,
  json,
  startFakeUpstream,
  type FakeUpstream,
} from '../../../../tests/fixtures/fake-upstream';
import { postJson } from '../../../../tests/fixtures/http-client';
import {
  configWith,
  startHarness,
  type Harness,
  type UpstreamSpec,
} from '../../../../tests/fixtures/proxy-harness';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function fake(handler: Parameters<typeof startFakeUpstream>[0]): Promise<FakeUpstream> {
  const f = await startFakeUpstream(handler);
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

const ok = (_req: unknown, res: import('node:http').ServerResponse) =>
  json(res, 200, { id: 'resp_ok', usage: { input_tokens: 3, output_tokens: 4 } });
const body = { model: 'gpt-5', input: 'hi' };

describe('attempts and failover', () => {
  it('retries a 500 on the same upstream and returns its success', async () => {
    const a = await fake((_r, res, n) =>
      n === 1 ? json(res, 500, { error: { message: 'boom' } }) : ok(_r, res),
    );
    const h = await harness([a.url]);
    const reply = await postJson(`${h.url}/v1/responses`, body);
    expect(reply.status).toBe(200);
    expect(a.requests).toHaveLength(2);
    const rec = await h.record();
    expect(rec.attempts.map((x) => x.decision)).toEqual(['retry-same', 'success']);
    expect(h.balancer.state(h.view()).failureCounts[0]).toBe(0);
    expect(rec.usage?.totalTokens).toBe(7);
  });

  it('retries a 502 until same-upstream attempts are used up, then cools it and the next answers', async () => {
    const a = await fake((_r, res) => json(res, 502, { error: { message: 'bad gateway' } }));
    const b = await fake(ok);
    const h = await harness([a.url, b.url]);
    const reply = await postJson(`${h.url}/v1/responses`, body);
    expect(reply.status).toBe(200);
    expect(a.requests).toHaveLength(2);
    expect(b.requests).toHaveLength(1);
    const st = h.balancer.state(h.view());
    expect(st.cooldownUntil[0]).toBe(h.clock.now() + 30_000);
    expect(st.failureCounts[0]).toBe(3);
    const rec = await h.record();
    expect(rec.upstream).toEqual({ id: 'p1/default', host: `127.0.0.1:${b.port}` });
    expect(rec.attempts.map((x) => x.decision)).toEqual(['retry-same', 'failover', 'success']);
    expect(rec.attempts[1]?.cooldownSecs).toBe(30);
  });

  it('fails over on a 429 whose Retry-After exceeds the backoff cap and cools it that long', async () => {
    const a = await fake((_r, res) =>
      json(res, 429, { error: { message: 'slow down' } }, { 'retry-after': '60' }),
    );
    const b = await fake(ok);
    const h = await harness([a.url, b.url]);
    expect((await postJson(`${h.url}/v1/responses`, body)).status).toBe(200);
    expect(a.requests).toHaveLength(1);
    expect(h.balancer.state(h.view()).cooldownUntil[0]).toBe(h.clock.now() + 60_000);
  });

  it('waits out a 429 whose Retry-After fits the backoff cap and retries the same upstream', async () => {
    const a = await fake((_r, res, n) =>
      n === 1
        ? json(res, 429, { error: { message: 'busy' } }, { 'retry-after': '0' })
        : ok(_r, res),
    );
    const b = await fake(ok);
    const h = await harness([a.url, b.url]);
    expect((await postJson(`${h.url}/v1/responses`, body)).status).toBe(200);
    expect(a.requests).toHaveLength(2);
    expect(b.requests).toHaveLength(0);
    expect(h.balancer.state(h.view()).cooldownUntil[0]).toBeNull();
  });

  it('skips an upstream that says the model does not exist, leaving its health alone', async () => {
    const a = await fake((_r, res) =>
      json(res, 404, {
        error: { type: 'invalid_request_error', message: 'The model `gpt-5` does not exist' },
      }),
    );
    const b = await fake(ok);
    const h = await harness([a.url, b.url]);
    expect((await postJson(`${h.url}/v1/responses`, body)).status).toBe(200);
    const st = h.balancer.state(h.view());
    expect(st.failureCounts[0]).toBe(0);
    expect(st.cooldownUntil[0]).toBeNull();
    expect((await h.record()).attempts[0]?.decision).toBe('skip-unsupported');
  });

  it('fails over at once on a 401', async () => {
    const a = await fake((_r, res) =>
      json(res, 401, { error: { type: 'authentication_error', message: 'bad key' } }),
    );
    const b = await fake(ok);
    const h = await harness([a.url, b.url]);
    expect((await postJson(`${h.url}/v1/responses`, body)).status).toBe(200);
    expect(a.requests).toHaveLength(1);
    expect(h.balancer.state(h.view()).failureCounts[0]).toBe(3);
  });

  it('flags a 402 and an insufficient_quota upstream exhausted and fails over', async () => {
    const a = await fake((_r, res) => json(res, 402, { error: { message: 'payment required' } }));
    const b = await fake((_r, res) =>
      json(res, 429, {
        error: { type: 'insufficient_quota', message: 'You exceeded your current quota' },
      }),
    );
    const c = await fake(ok);
    const h = await harness([a.url, b.url, c.url]);
    expect((await postJson(`${h.url}/v1/responses`, body)).status).toBe(200);
    const st = h.balancer.state(h.view());
    expect(st.usageExhausted).toEqual([true, true, false]);
    expect(st.exhaustedReason[1]).toContain('quota');
    expect(a.requests.length + b.requests.length).toBe(2);
    expect(st.cooldownUntil[0]).not.toBeNull();
  });

  it('returns a 400 invalid_request_error unchanged without failover or health change', async () => {
    const errBody = { error: { type: 'invalid_request_error', message: 'input is malformed' } };
    const a = await fake((_r, res) => json(res, 400, errBody, { 'x-upstream': 'a' }));
    const b = await fake(ok);
    const h = await harness([a.url, b.url]);
    const reply = await postJson(`${h.url}/v1/responses`, body);
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toEqual(errBody);
    expect(reply.headers['x-upstream']).toBe('a');
    expect(b.requests).toHaveLength(0);
    const st = h.balancer.state(h.view());
    expect(st.failureCounts[0]).toBe(0);
    expect(st.cooldownUntil[0]).toBeNull();
  });

  it('never retries a 413', async () => {
    const a = await fake((_r, res) => json(res, 413, { error: { message: 'too large' } }));
    const b = await fake(ok);
    const h = await harness([a.url, b.url]);
    expect((await postJson(`${h.url}/v1/responses`, body)).status).toBe(413);
    expect(a.requests).toHaveLength(1);
    expect(b.requests).toHaveLength(0);
  });

  it('fails over when the connection is refused', async () => {
    const port = await closedPort();
    const b = await fake(ok);
    const h = await harness([`http://127.0.0.1:${port}/v1`, b.url]);
    expect((await postJson(`${h.url}/v1/responses`, body)).status).toBe(200);
    const rec = await h.record();
    expect(rec.attempts[0]?.error).toMatch(/^connect/);
    expect(rec.attempts.at(-1)?.decision).toBe('success');
    expect(h.balancer.state(h.view()).cooldownUntil[0]).not.toBeNull();
  });

  it('fails over when the upstream resets the connection before headers', async () => {
    const a = await fake((req) => {
      req.socket.destroy();
    });
    const b = await fake(ok);
    const h = await harness([a.url, b.url]);
    expect((await postJson(`${h.url}/v1/responses`, body)).status).toBe(200);
    const rec = await h.record();
    expect(rec.attempts[0]?.error).toMatch(/^reset/);
    expect(a.requests).toHaveLength(2);
  });

  it('answers with a redacted upstream_unavailable summary when every upstream fails', async () => {
    const a = await fake((_r, res) =>
      json(res, 500, { error: { message: 'key sk-abcdefghijklmnopqrst rejected' } }),
    );
    const b = await fake((_r, res) =>
      json(res, 503, { error: { message: 'echo tok-secret-value-123' } }),
    );
    const h = await harness(
      [
        { base_url: a.url, auth: { auth_token: 'tok-inline-a-999' } },
        { base_url: b.url, auth: { auth_token_env: 'B_KEY' } },
      ],
      { B_KEY: 'tok-secret-value-123' },
    );
    const reply = await postJson(`${h.url}/v1/responses`, body);
    expect(reply.status).toBe(503);
    const doc = JSON.parse(reply.body);
    expect(doc.error.type).toBe('upstream_unavailable');
    expect(doc.error.attempts.map((x: { upstream: string }) => x.upstream)).toEqual([
      'p0/default',
      'p0/default',
      'p1/default',
      'p1/default',
    ]);
    expect(doc.error.attempts[1].cooldown_secs).toBe(30);
    expect(reply.body).not.toContain('sk-abcdefghijklmnopqrst');
    expect(reply.body).not.toContain('tok-secret-value-123');
    const rec = await h.record();
    expect(JSON.stringify(rec)).not.toContain('tok-secret-value-123');
  });

  it('answers 429 with Retry-After when every upstream is cooling', async () => {
    const a = await fake(ok);
    const b = await fake(ok);
    const h = await harness([a.url, b.url]);
    h.balancer.penalize(h.view(), 0, 45, 'test');
    h.balancer.penalize(h.view(), 1, 30, 'test');
    h.clock.advance(10_500);
    const reply = await postJson(`${h.url}/v1/responses`, body);
    expect(reply.status).toBe(429);
    expect(reply.headers['retry-after']).toBe('20');
    expect(JSON.parse(reply.body).error.type).toBe('all_upstreams_cooling');
    expect(a.requests.length + b.requests.length).toBe(0);
  });

  it('counts cooling and disabled upstreams apart in the all-cooling answer', async () => {
    const a = await fake(ok);
    const h = await harness([
      a.url,
      { base_url: a.url, enabled: false },
      { base_url: a.url, enabled: false },
      { base_url: a.url, enabled: false },
    ]);
    h.balancer.penalize(h.view(), 0, 30, 'test');
    const reply = await postJson(`${h.url}/v1/responses`, body);
    expect(reply.status).toBe(429);
    expect(JSON.parse(reply.body).error.message).toBe(
      'codex-helper-desktop all_upstreams_cooling: no upstream can take the request (1 cooling down, 3 disabled); retry in 30s',
    );
  });

  it('counts an exhausted last resort that is cooling as cooling down, since its cooldown frees it', async () => {
    // It read "(1 cooling down, 1 not selectable)" though the exhausted relay frees with its cooldown.
    const a = await fake(ok);
    const h = await harness([a.url, a.url]);
    h.balancer.penalize(h.view(), 0, 30, 'test');
    h.balancer.setExhausted(h.view(), 1, true, 'balance 0.2 USD', 'balance');
    h.balancer.penalize(h.view(), 1, 40, 'test');
    const reply = await postJson(`${h.url}/v1/responses`, body);
    expect(reply.status).toBe(429);
    expect(JSON.parse(reply.body).error.message).toBe(
      'codex-helper-desktop all_upstreams_cooling: no upstream can take the request (2 cooling down); retry in 30s',
    );
  });

  it('answers 503 naming the station when no upstream is enabled', async () => {
    const a = await fake(ok);
    const h = await harness([{ base_url: a.url, enabled: false }]);
    const reply = await postJson(`${h.url}/v1/responses`, body);
    expect(reply.status).toBe(503);
    const doc = JSON.parse(reply.body);
    expect(doc.error.type).toBe('no_upstream');
    expect(doc.error.message).toContain('"main"');
    expect(a.requests).toHaveLength(0);
  });

  it('fails over across stations when the provider layer allows several', async () => {
    const a = await fake((_r, res) => json(res, 500, {}));
    const b = await fake(ok);
    const config = configWith('codex', [a.url], { provider: { max_attempts: 2 } });
    config.codex.stations.push({
      name: 'backup',
      enabled: true,
      level: 2,
      upstreams: [
        {
          base_url: b.url,
          enabled: true,
          auth: {},
          tags: {},
          supported_models: {},
          model_mapping: {},
        },
      ],
    });
    const h = await startHarness({ config });
    cleanup.push(() => h.close());
    expect((await postJson(`${h.url}/v1/responses`, body)).status).toBe(200);
    expect((await h.record()).station).toBe('backup');
  });
});
