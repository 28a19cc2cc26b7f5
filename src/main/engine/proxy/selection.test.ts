// The selection rules through a real listener and real loopback upstreams (docs/behaviour.md
// §2.7, §3.7): 429 only while a cooldown will free an upstream, 503 no_upstream with the reasons
// otherwise, and each conversation kept on the relay that last answered it.
import { describe, expect, it } from 'vitest';
import { json, type FakeHandler } from '../../../../tests/fixtures/fake-upstream';
import { postJson } from '../../../../tests/fixtures/http-client';
import { configWith, upstreamOf } from '../../../../tests/fixtures/proxy-harness';
import { proxyKit } from '../../../../tests/fixtures/proxy-kit';

const kit = proxyKit();
const ok: FakeHandler = (_req, res) => json(res, 200, { id: 'resp_ok' });
const body = { model: 'gpt-5', input: 'hi' };
const fake = (handler: FakeHandler = ok) => kit.fake(handler);
const harness = kit.harness;

describe('when nothing can take a request', () => {
  it('answers 429 with Retry-After while every upstream is cooling', async () => {
    const a = await fake();
    const b = await fake();
    const h = await harness([a.url, b.url]);
    h.balancer.penalize(h.view(), 0, 90, 'test');
    h.balancer.penalize(h.view(), 1, 40, 'test');
    const reply = await postJson(`${h.url}/v1/responses`, body);
    expect(reply.status).toBe(429);
    expect(reply.headers['retry-after']).toBe('40');
    expect(JSON.parse(reply.body).error.type).toBe('all_upstreams_cooling');
    expect(a.requests.length + b.requests.length).toBe(0);
  });

  it('answers 503 no_upstream naming each reason when no cooldown would free anything', async () => {
    const a = await fake();
    const b = await fake();
    const c = await fake();
    const h = await harness(
      [
        { base_url: a.url, auth: { auth_token_env: 'RELAY_A_KEY' } },
        { base_url: b.url, enabled: false },
        c.url,
      ],
      { exhausted_fallback: false },
    );
    // Cooling but also exhausted: with exhausted_fallback = false its cooldown frees nothing.
    h.balancer.setExhausted(h.view(), 2, true, 'quota used up');
    h.balancer.penalize(h.view(), 2, 30, 'quota');
    const reply = await postJson(`${h.url}/v1/responses`, body);
    expect(reply.status).toBe(503);
    expect(reply.headers['retry-after']).toBeUndefined();
    const doc = JSON.parse(reply.body);
    expect(doc.error.type).toBe('no_upstream');
    expect(doc.error.message).toContain(
      'p0/default in station "main": key missing (RELAY_A_KEY is not set)',
    );
    expect(doc.error.message).toContain('p1/default in station "main": disabled');
    expect(doc.error.message).toContain('p2/default in station "main": exhausted (quota used up)');
    expect(a.requests.length + b.requests.length + c.requests.length).toBe(0);
  });

  it('answers 503 no_upstream when no upstream supports the model', async () => {
    const a = await fake();
    const h = await harness([{ base_url: a.url, supported_models: { 'claude-*': true } }]);
    const reply = await postJson(`${h.url}/v1/responses`, body);
    expect(reply.status).toBe(503);
    expect(JSON.parse(reply.body).error.message).toContain('model not supported (gpt-5)');
  });

  it('sends nothing to an upstream whose key is missing, even as the last good', async () => {
    const a = await fake();
    const b = await fake();
    const h = await harness([{ base_url: a.url, auth: { auth_token_env: 'RELAY_A_KEY' } }, b.url]);
    h.balancer.prefer(h.view(), 0);
    const reply = await postJson(`${h.url}/v1/responses`, body);
    expect(reply.status).toBe(200);
    expect(a.requests).toHaveLength(0);
    expect(b.requests).toHaveLength(1);
  });
});

describe('session affinity through the proxy', () => {
  const session = (id: string) => ({ 'session-id': id });

  it('keeps a conversation on its relay after the last good moved, and logs how each went', async () => {
    // Relay A refuses session s2 only, so s2's failover moves the station's last good to B.
    const a = await fake((req, res) =>
      req.headers['session-id'] === 's2'
        ? json(res, 500, { error: { message: 'no' } })
        : ok(req, res, 0),
    );
    const b = await fake();
    const h = await harness([a.url, b.url]);
    const send = (id: string) => postJson(`${h.url}/v1/responses`, body, session(id));

    expect((await send('s1')).status).toBe(200);
    expect(await h.record(1)).toMatchObject({
      sessionId: 's1',
      affinity: 'new',
      upstream: { id: 'p0/default' },
    });

    expect((await send('s2')).status).toBe(200);
    expect(await h.record(2)).toMatchObject({ affinity: 'new', upstream: { id: 'p1/default' } });
    h.balancer.reset(h.view(), 0);
    expect(h.balancer.state(h.view()).lastGoodIndex).toBe(1);

    expect((await send('s1')).status).toBe(200);
    expect(await h.record(3)).toMatchObject({ affinity: 'kept', upstream: { id: 'p0/default' } });
    expect(a.requests.filter((r) => r.headers['session-id'] === 's1')).toHaveLength(2);

    expect((await send('s2')).status).toBe(200);
    expect(await h.record(4)).toMatchObject({ affinity: 'kept', upstream: { id: 'p1/default' } });
  });

  it("leaves the station's last good where the user put it when a conversation is answered on its own relay", async () => {
    const a = await fake();
    const b = await fake();
    const h = await harness([a.url, b.url]);
    const send = (id: string) => postJson(`${h.url}/v1/responses`, body, session(id));
    expect((await send('old')).status).toBe(200);
    expect(h.balancer.state(h.view()).lastGoodIndex).toBe(0);
    // The user sends new traffic to B (what "Go back to #1" does for the first selectable one).
    h.balancer.prefer(h.view(), 1);

    expect((await send('old')).status).toBe(200);
    expect(await h.record(2)).toMatchObject({ affinity: 'kept', upstream: { id: 'p0/default' } });
    expect(h.balancer.state(h.view()).lastGoodIndex).toBe(1);

    expect((await send('new')).status).toBe(200);
    expect(await h.record(3)).toMatchObject({ affinity: 'new', upstream: { id: 'p1/default' } });
  });

  it('moves a conversation whose relay fails during the request, saying why', async () => {
    let down = false;
    const a = await fake((req, res) =>
      down ? json(res, 502, { error: { message: 'relay down' } }) : ok(req, res, 0),
    );
    const b = await fake();
    const h = await harness([a.url, b.url]);
    await postJson(`${h.url}/v1/responses`, body, session('s1'));
    down = true;
    const reply = await postJson(`${h.url}/v1/responses`, body, session('s1'));
    expect(reply.status).toBe(200);
    expect(await h.record(2)).toMatchObject({
      affinity: 'moved',
      affinityReason: 'bound upstream failed: relay down',
      upstream: { id: 'p1/default' },
    });
    // The relay that answered is the conversation's now.
    await postJson(`${h.url}/v1/responses`, body, session('s1'));
    expect(await h.record(3)).toMatchObject({ affinity: 'kept', upstream: { id: 'p1/default' } });
  });

  it('sends a pinned conversation to its pin and shows the move when the pin cannot take it', async () => {
    const a = await fake();
    const b = await fake();
    const h = await harness([a.url, b.url]);
    h.balancer.pinSession('codex', 's1', h.view(), 1);
    await postJson(`${h.url}/v1/responses`, body, session('s1'));
    expect(await h.record(1)).toMatchObject({ affinity: 'kept', upstream: { id: 'p1/default' } });
    h.balancer.setExhausted(h.view(), 1, true, 'quota');
    await postJson(`${h.url}/v1/responses`, body, session('s1'));
    expect(await h.record(2)).toMatchObject({
      affinity: 'moved',
      affinityReason: 'pinned upstream is exhausted (quota)',
      upstream: { id: 'p0/default' },
    });
  });

  it("tries the station of a conversation's relay first, across stations", async () => {
    let down = true;
    const a = await fake((req, res) => (down ? json(res, 500, {}) : ok(req, res, 0)));
    const b = await fake();
    const config = configWith('codex', [a.url], { provider: { max_attempts: 2 } });
    config.codex.stations.push({
      name: 'backup',
      enabled: true,
      level: 2,
      upstreams: [upstreamOf(b.url, 0)],
    });
    const h = await kit.harnessFor(config);
    const send = (id: string) => postJson(`${h.url}/v1/responses`, body, session(id));
    await send('s1');
    expect(await h.record(1)).toMatchObject({ station: 'backup', affinity: 'new' });
    down = false;
    h.balancer.reset(h.view(), 0);
    await send('s1');
    expect(await h.record(2)).toMatchObject({ station: 'backup', affinity: 'kept' });
    await send('s2');
    expect(await h.record(3)).toMatchObject({ station: 'main', affinity: 'new' });
    expect(a.requests.filter((r) => r.headers['session-id'] === 's1')).toHaveLength(2);
  });

  it('logs nothing about affinity for a request without a session id', async () => {
    const a = await fake();
    const h = await harness([a.url]);
    await postJson(`${h.url}/v1/responses`, body);
    const rec = await h.record(1);
    expect(rec.sessionId).toBeNull();
    expect(rec).not.toHaveProperty('affinity');
  });
});
