// The whole engine with a real listener and real loopback relays (docs/behaviour.md §2.7, §3.7):
// a conversation stays on its relay after the station moved on, logs/requests.jsonl says so, the
// binding survives a restart through state.json, and a service with only key-missing relays
// answers 503 no_upstream.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngineHome, type EngineHome } from './fixtures/engine-home';
import { json, startFakeUpstream, type FakeUpstream } from './fixtures/fake-upstream';
import { postJson } from './fixtures/http-client';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function relay(fail: (sessionId: string | undefined) => boolean): Promise<FakeUpstream> {
  const f = await startFakeUpstream((req, res) => {
    const id = req.headers['session-id'];
    if (fail(typeof id === 'string' ? id : undefined)) json(res, 500, { error: { message: 'no' } });
    else json(res, 200, { id: 'resp_ok' });
  });
  cleanup.push(() => f.close());
  return f;
}

function configFor(a: string, b: string, extraAuth = ''): string {
  return `version = 1
[retry.upstream]
max_attempts = 1
[codex]
active = "main"
[codex.stations.main]
[[codex.stations.main.upstreams]]
base_url = "${a}"
tags = { provider_id = "relay-a", endpoint_id = "default" }
${extraAuth}
[[codex.stations.main.upstreams]]
base_url = "${b}"
tags = { provider_id = "relay-b", endpoint_id = "default" }
${extraAuth}
`;
}

async function start(text: string): Promise<EngineHome> {
  const h = await startEngineHome(text);
  cleanup.push(() => h.remove());
  return h;
}

function url(h: EngineHome): string {
  return `http://127.0.0.1:${h.engine.snapshot().services.codex.listening?.port}/v1/responses`;
}

const body = { model: 'gpt-5', input: 'hi' };

describe('session affinity in the engine', () => {
  it('keeps a conversation on relay A after another one moved the station to B, and logs it', async () => {
    const a = await relay((id) => id === 'other');
    const b = await relay(() => false);
    const h = await start(configFor(a.url, b.url));
    const send = (id: string) => postJson(url(h), body, { 'session-id': id });
    expect((await send('mine')).status).toBe(200);
    expect((await send('other')).status).toBe(200);
    // The other conversation's failure cooled A and made B the station's last good; once the
    // cooldown has passed, "mine" goes back to A, and that success on its own relay leaves B the
    // last good for new conversations (docs/behaviour.md §2.4).
    expect(h.engine.snapshot().services.codex.stations[0]?.lastGoodIndex).toBe(1);
    h.clock.now += 31_000;
    expect((await send('mine')).status).toBe(200);
    expect(h.engine.snapshot().services.codex.stations[0]?.lastGoodIndex).toBe(1);
    expect(a.requests.filter((r) => r.headers['session-id'] === 'mine')).toHaveLength(2);
    await h.engine.flush();
    const lines = readFileSync(join(h.home, 'logs', 'requests.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.sessionId, l.affinity, l.upstream?.id])).toEqual([
      ['mine', 'new', 'relay-a/default'],
      ['other', 'new', 'relay-b/default'],
      ['mine', 'kept', 'relay-a/default'],
    ]);
    const state = JSON.parse(readFileSync(join(h.home, 'state.json'), 'utf8'));
    expect(state.sessions.codex.bindings.map((e: { id: string }) => e.id).sort()).toEqual([
      'mine',
      'other',
    ]);
  });

  it('answers 503 no_upstream naming the missing keys when no relay has its key', async () => {
    const a = await relay(() => false);
    const b = await relay(() => false);
    const h = await start(configFor(a.url, b.url, 'auth = { auth_token_env = "UNSET_KEY" }'));
    expect(h.engine.snapshot().services.codex).toMatchObject({
      available: false,
      availableAgainAt: null,
    });
    const reply = await postJson(url(h), body);
    expect(reply.status).toBe(503);
    const doc = JSON.parse(reply.body);
    expect(doc.error.type).toBe('no_upstream');
    expect(doc.error.message).toContain(
      'relay-a/default in station "main": key missing (UNSET_KEY is not set)',
    );
    expect(a.requests.length + b.requests.length).toBe(0);
  });
});
