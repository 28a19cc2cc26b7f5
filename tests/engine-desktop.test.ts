// The desktop habits through the whole engine (docs/behaviour.md §8): a paused proxy answers 503
// proxy_paused until resumed, and a relay tripping is an event in logs/events.jsonl and in the
// snapshot's recent events, naming the relay by its alias.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../src/main/engine';
import type { Snapshot } from '../src/shared/snapshot';
import { startEngineHome, type EngineHome } from './fixtures/engine-home';
import { startFakeUpstream, type FakeUpstream } from './fixtures/fake-upstream';

let h: EngineHome;
let home: string;
let engine: Engine;
let bad: FakeUpstream;
let good: FakeUpstream;

async function post(
  port: number,
): Promise<{ status: number; body: { error?: { type?: string } } }> {
  const res = await fetch(`http://127.0.0.1:${port}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-5', input: 'hi' }),
  });
  return { status: res.status, body: (await res.json()) as { error?: { type?: string } } };
}

function nextSnapshot(e: Engine, ok: (s: Snapshot) => boolean): Promise<Snapshot> {
  return new Promise((resolve) => {
    if (ok(e.snapshot())) return resolve(e.snapshot());
    const off = e.onSnapshot((s) => {
      if (!ok(s)) return;
      off();
      resolve(s);
    });
  });
}

beforeEach(async () => {
  bad = await startFakeUpstream((_req, res) => {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"boom"}}');
  });
  good = await startFakeUpstream((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"id":"r1"}');
  });
  h = await startEngineHome(`version = 1
[retry]
failure_cooldown_secs = 30
[retry.upstream]
max_attempts = 1
[codex]
active = "main"
[codex.stations.main]
[[codex.stations.main.upstreams]]
base_url = "${bad.url}/v1"
alias = "Flaky relay"
tags = { provider_id = "bad", endpoint_id = "default" }
[[codex.stations.main.upstreams]]
base_url = "${good.url}/v1"
tags = { provider_id = "good", endpoint_id = "default" }
`);
  engine = h.engine;
  home = h.home;
});

afterEach(async () => {
  await h.remove();
  await bad.close();
  await good.close();
});

describe('pausing the proxy', () => {
  it('answers 503 proxy_paused while paused, shows it in the snapshot, and forwards again once resumed', async () => {
    const port = engine.snapshot().services.codex.listening?.port as number;
    const paused = await engine.command('setPaused', { paused: true });
    expect(paused.ok).toBe(true);
    expect(engine.snapshot().services.codex.paused).toBe(true);
    expect(engine.snapshot().services.claude.paused).toBe(true);

    const refused = await post(port);
    expect(refused.status).toBe(503);
    expect(refused.body.error?.type).toBe('proxy_paused');
    expect(bad.requests.length + good.requests.length).toBe(0);

    await engine.command('setPaused', { paused: false });
    expect(engine.snapshot().services.codex.paused).toBe(false);
    expect((await post(port)).status).toBe(200);
  });

  it('refuses a paused value that is not true or false', async () => {
    const r = await engine.command('setPaused', { paused: 'yes' as never });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });
});

describe('events', () => {
  it('writes a relay that tripped to logs/events.jsonl and to the recent events, by its alias', async () => {
    await nextSnapshot(engine, () => true);
    const port = engine.snapshot().services.codex.listening?.port as number;
    expect((await post(port)).status).toBe(200);
    const s = await nextSnapshot(engine, (x) => x.recentEvents.length > 0);
    expect(s.recentEvents[0]).toMatchObject({
      kind: 'tripped',
      service: 'codex',
      station: 'main',
      relay: { id: 'bad/default', name: 'Flaky relay' },
    });
    await engine.flush();
    const lines = readFileSync(join(home, 'logs', 'events.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      {
        time: new Date(h.clock.now).toISOString(),
        kind: 'tripped',
        from: null,
        service: 'codex',
        station: 'main',
        upstream: { id: 'bad/default', name: 'Flaky relay' },
      },
    ]);
    // requests.jsonl stays one line per finished request.
    expect(
      readFileSync(join(home, 'logs', 'requests.jsonl'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(1);
  });

  it('shows the events of the last run after a restart, without announcing them again', async () => {
    // After a restart the Overview said "Nothing has happened yet" beside a log of today's trips.
    await nextSnapshot(engine, () => true);
    const port = engine.snapshot().services.codex.listening?.port as number;
    expect((await post(port)).status).toBe(200);
    await nextSnapshot(engine, (x) => x.recentEvents.length > 0);
    await engine.stop();
    const again = createEngine({
      home,
      clock: { now: () => h.clock.now + 60_000 },
      ports: { codex: 0, claude: false },
      codexHome: join(home, 'codex-home'),
      claudeConfigDir: join(home, 'claude-home'),
    });
    await again.start();
    try {
      const s = await nextSnapshot(again, (x) => x.recentEvents.length > 0);
      expect(s.recentEvents).toEqual([
        {
          id: -1,
          at: h.clock.now,
          kind: 'tripped',
          from: null,
          service: 'codex',
          station: 'main',
          relay: { id: 'bad/default', name: 'Flaky relay' },
        },
      ]);
      expect(s.notices).toEqual([]);
    } finally {
      await again.stop();
    }
  });
});

describe('desktop settings', () => {
  it('saves [notifications] and [app] through updateSettings and shows them in the snapshot', async () => {
    const r = await engine.command('updateSettings', {
      patch: { notifications: { recovered: true }, app: { startAtLogin: true, language: 'zh-CN' } },
    });
    expect(r.ok).toBe(true);
    expect(engine.snapshot().settings.notifications.recovered).toBe(true);
    expect(engine.snapshot().settings.app).toEqual({ startAtLogin: true, language: 'zh-CN' });
    const text = readFileSync(join(home, 'config.toml'), 'utf8');
    expect(text).toContain('[notifications]\nrecovered = true');
    expect(text).toMatch(/\[app\]\nstart_at_login = true\nlanguage = "zh-CN"/);
  });
});

describe("the login shell's environment", () => {
  it('finds a key only the shell profile exports, says so, and sends it to the relay', async () => {
    const relay = await startFakeUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"r1"}');
    });
    const shellHome = await startEngineHome(
      `version = 1
[codex]
active = "main"
[codex.stations.main]
[[codex.stations.main.upstreams]]
base_url = "${relay.url}/v1"
auth = { auth_token_env = "PROFILE_KEY" }
[[codex.stations.main.upstreams]]
base_url = "${relay.url}/v2"
auth = { auth_token_env = "APP_KEY" }
`,
      { APP_KEY: 'from-app' },
      { PROFILE_KEY: 'from-profile', APP_KEY: 'shadowed' },
    );
    try {
      const [fromShell, fromApp] =
        shellHome.engine.snapshot().services.codex.stations[0]!.upstreams;
      expect(fromShell).toMatchObject({ authProblem: null, keyFromShell: true });
      expect(fromApp).toMatchObject({ authProblem: null, keyFromShell: false });
      const port = shellHome.engine.snapshot().services.codex.listening?.port as number;
      expect((await post(port)).status).toBe(200);
      expect(relay.requests[0]?.headers.authorization).toBe('Bearer from-profile');
    } finally {
      await shellHome.remove();
      await relay.close();
    }
  });
});
