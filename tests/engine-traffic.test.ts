// The whole engine with its real listeners: traffic through the codex port shows up in the
// snapshot (counters, recent requests, cooldowns, next pick) and in logs/requests.jsonl, never
// with a secret; a taken port is reported in the snapshot without stopping the engine.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../src/main/engine';
import type { Snapshot } from '../src/shared/snapshot';
import { startFakeUpstream, type FakeUpstream } from './fixtures/fake-upstream';

const SECRET = 'sk-relay-secret-abcdef123456';
let home: string;
let engine: Engine;
let now: number;
let good: FakeUpstream;
let bad: FakeUpstream;

function config(badUrl: string, goodUrl: string, extra = ''): string {
  return `version = 1
[retry]
failure_cooldown_secs = 30
transport_cooldown_secs = 30
[retry.upstream]
max_attempts = 1
${extra}
[codex]
active = "main"
[codex.stations.main]
[[codex.stations.main.upstreams]]
base_url = "${badUrl}/v1"
auth = { auth_token_env = "RELAY_KEY" }
tags = { provider_id = "bad", endpoint_id = "default" }
[[codex.stations.main.upstreams]]
base_url = "${goodUrl}/v1"
auth = { auth_token_env = "RELAY_KEY" }
tags = { provider_id = "good", endpoint_id = "default" }
`;
}

async function post(port: number, body: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(`http://127.0.0.1:${port}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer client-key' },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

function main(s: Snapshot) {
  const st = s.services.codex.stations[0];
  if (!st) throw new Error('no station');
  return st;
}

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'chd-traffic-'));
  now = 1_800_000_000_000;
  bad = await startFakeUpstream((_req, res) => {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"boom"}}');
  });
  good = await startFakeUpstream((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ id: 'r1', usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 } }),
    );
  });
  writeFileSync(join(home, 'config.toml'), config(bad.url, good.url));
  engine = createEngine({
    home,
    clock: { now: () => now },
    env: { RELAY_KEY: SECRET },
    ports: { codex: 0, claude: false },
    random: () => 0,
    codexHome: join(home, 'codex-home'),
    claudeConfigDir: join(home, 'claude-home'),
  });
  await engine.start();
});

afterEach(async () => {
  await engine.stop();
  await good.close();
  await bad.close();
  rmSync(home, { recursive: true, force: true });
});

describe('engine traffic', () => {
  it('fails over, cools the failing upstream, and shows it all in the snapshot and the log', async () => {
    const port = engine.snapshot().services.codex.listening?.port;
    expect(port).toBeGreaterThan(0);
    const r = await post(port as number, { model: 'gpt-5', input: 'hi' });
    expect(r.status).toBe(200);

    const st = main(engine.snapshot());
    const [badRow, goodRow] = st.upstreams;
    expect(badRow).toMatchObject({ id: 'bad/default', failureCount: 3, penaltyStreak: 1 });
    expect(badRow?.cooldownUntil).toBe(now + 30_000);
    expect(badRow?.stats).toMatchObject({ requests: 1, failures: 1, lastStatus: 500 });
    expect(goodRow).toMatchObject({
      sticky: true,
      stats: { requests: 1, failures: 0, lastStatus: 200 },
    });
    expect(st.nextPick.index).toBe(1);

    const s = engine.snapshot();
    const last = s.recentRequests.at(-1);
    expect(last).toMatchObject({ status: 200, model: 'gpt-5', upstream: { id: 'good/default' } });
    expect(last?.attempts.map((a) => [a.upstream, a.decision])).toEqual([
      ['bad/default', 'failover'],
      ['good/default', 'success'],
    ]);
    expect(last?.usage?.totalTokens).toBe(15);
    expect(s.metrics.lastHour).toMatchObject({ requests: 1, successes: 1, failovers: 1 });
    expect(s.metrics.tokensToday['good/default']).toBe(15);

    await engine.flush();
    const log = readFileSync(join(home, 'logs', 'requests.jsonl'), 'utf8');
    expect(log.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(log)).toMatchObject({ status: 200, upstream: { id: 'good/default' } });
    expect(log).not.toContain(SECRET);
    expect(JSON.stringify(s)).not.toContain(SECRET);

    // The relay got its own key, never the client's.
    expect(good.requests[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it('lists logged requests page by page, each as the snapshot showed it, without waiting for the log write', async () => {
    const port = engine.snapshot().services.codex.listening?.port as number;
    for (let i = 0; i < 3; i++) await post(port, { model: 'gpt-5', input: `hi ${i}` });
    const recent = engine.snapshot().recentRequests;

    const first = await engine.command('listRequests', { limit: 2 });
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.more).toBe(true);
    expect(first.value.requests).toEqual([recent[2], recent[1]]);

    const before = first.value.requests[1]?.requestId;
    const second = await engine.command('listRequests', { before, limit: 2 });
    expect(second).toEqual({ ok: true, value: { requests: [recent[0]], more: false } });

    const bad = await engine.command('listRequests', { limit: 0 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_argument', path: 'limit' } });
  });

  it('brings the upstream back once its cooldown has passed', async () => {
    const port = engine.snapshot().services.codex.listening?.port as number;
    await post(port, { model: 'gpt-5', input: 'hi' });
    now += 31_000;
    // Asking for the next pick looks at the clock (the engine's timer does this by itself).
    const pick = await engine.command('explainNextPick', { service: 'codex' });
    expect(pick).toMatchObject({
      ok: true,
      value: {
        index: 1,
        rule: 'sticky',
        skipped: [{ index: 0, reason: 'sticky', detail: '', until: null }],
      },
    });
    const st = main(engine.snapshot());
    // The sticky upstream stays the pick; the cooled one is healthy again.
    expect(st.upstreams[0]).toMatchObject({ failureCount: 0, cooldownUntil: null });
  });

  it('answers 429 with Retry-After while every upstream is cooling', async () => {
    await good.close();
    const port = engine.snapshot().services.codex.listening?.port as number;
    const first = await post(port, { model: 'gpt-5', input: 'hi' });
    expect(first.status).toBe(502);
    expect(JSON.parse(first.text).error.type).toBe('upstream_unavailable');
    const res = await fetch(`http://127.0.0.1:${port}/v1/responses`, {
      method: 'POST',
      body: '{}',
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('30');
  });
});

describe('engine cooldown expiry', () => {
  it('pushes a fresh snapshot by itself when a cooldown ends, without any traffic', async () => {
    const h = mkdtempSync(join(tmpdir(), 'chd-expiry-'));
    writeFileSync(
      join(h, 'config.toml'),
      config(bad.url, good.url).replace(
        'transport_cooldown_secs = 30',
        'transport_cooldown_secs = 1',
      ),
    );
    // The real clock: this is about the engine's own timer, so a one-second cooldown must pass.
    const e = createEngine({
      home: h,
      env: { RELAY_KEY: SECRET },
      ports: { codex: 0, claude: false },
      codexHome: join(h, 'c'),
      claudeConfigDir: join(h, 'd'),
    });
    await e.start();
    try {
      const port = e.snapshot().services.codex.listening?.port as number;
      await post(port, { model: 'gpt-5', input: 'hi' });
      expect(main(e.snapshot()).upstreams[0]?.cooldownUntil).not.toBeNull();
      const cooled = await new Promise<Snapshot>((resolve) => {
        const off = e.onSnapshot((s) => {
          if (main(s).upstreams[0]?.cooldownUntil === null) {
            off();
            resolve(s);
          }
        });
      });
      expect(main(cooled).upstreams[0]).toMatchObject({ failureCount: 0, cooldownUntil: null });
    } finally {
      await e.stop();
      rmSync(h, { recursive: true, force: true });
    }
  });
});

describe('engine listeners', () => {
  let blocker: Server;
  afterEach(() => new Promise<void>((r) => blocker.close(() => r())));

  it('reports a taken port in the snapshot and keeps the rest running', async () => {
    blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const taken = (blocker.address() as { port: number }).port;
    const other = createEngine({
      home: mkdtempSync(join(tmpdir(), 'chd-taken-')),
      ports: { codex: taken, claude: false },
      codexHome: join(home, 'x'),
      claudeConfigDir: join(home, 'y'),
    });
    await other.start();
    const s = other.snapshot();
    expect(s.services.codex.listening).toBeNull();
    expect(s.services.codex.error).toContain(String(taken));
    expect(s.services.codex.error).toMatch(/in use/);
    await other.stop();
    rmSync(other.info().home, { recursive: true, force: true });
  });
});
