// listSessions through the engine (docs/behaviour.md §10): conversations from the client's own
// folder joined with our request log (upstreams, tokens, cost) and the balancer's binding and pin.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../src/main/engine';
import type { StationView } from '../src/main/engine/types';
import { ok, startOfflineEngine } from './fixtures/offline-engine';

const CONFIG = `version = 1

[codex]
active = "main"

[codex.stations.main]
[[codex.stations.main.upstreams]]
base_url = "https://relay-a.example/v1"
tags = { provider_id = "relay-a", endpoint_id = "default" }

[[codex.stations.main.upstreams]]
base_url = "https://relay-b.example/v1"
tags = { provider_id = "relay-b", endpoint_id = "default" }
`;

const MAIN: StationView = {
  service: 'codex',
  name: 'main',
  upstreams: ['a', 'b'].map((x) => ({
    base_url: `https://relay-${x}.example/v1`,
    tags: { provider_id: `relay-${x}`, endpoint_id: 'default' },
    enabled: true,
  })),
};

const FIXTURE = resolve(__dirname, 'fixtures/sessions/codex-rollout.jsonl');
const FIXTURE_ID = '01a22cf4-7939-7992-bcc9-240eb0b00b20';
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const NOW = 1_800_000_000_000;

let home: string;
let engine: Engine;

function writeRollout(id: string, ageSecs: number): void {
  const folder = join(home, 'codex-home', 'sessions', '2026', '11', '30');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `rollout-2026-11-30T10-00-00-${id}.jsonl`);
  writeFileSync(file, readFileSync(FIXTURE, 'utf8').replaceAll(FIXTURE_ID, id));
  const t = (NOW - ageSecs * 1000) / 1000;
  utimesSync(file, t, t);
}

function logLine(
  n: number,
  sessionId: string,
  upstream: string,
  tokens: number,
  cost: number | null,
) {
  return JSON.stringify({
    time: new Date(NOW - 60_000 + n).toISOString(),
    requestId: `req-${n}`,
    service: 'codex',
    method: 'POST',
    path: '/v1/responses',
    status: 200,
    durationMs: 5,
    ttfbMs: 2,
    sessionId,
    model: 'gpt-6.2-sol',
    mappedModel: null,
    station: 'main',
    upstream: { id: `${upstream}/default`, host: `${upstream}.example` },
    usage: {
      inputTokens: tokens - 1,
      outputTokens: 1,
      totalTokens: tokens,
      reasoningTokens: 0,
      cachedInputTokens: 0,
      cacheCreationTokens: 0,
    },
    costUsd: cost,
    attempts: [],
    error: null,
  });
}

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'chd-sessions-'));
  writeFileSync(join(home, 'config.toml'), CONFIG);
  mkdirSync(join(home, 'logs'));
  writeFileSync(
    join(home, 'logs', 'requests.jsonl'),
    [
      logLine(1, uuid(1), 'relay-a', 100, 0.01),
      logLine(2, uuid(1), 'relay-b', 50, null),
      logLine(3, uuid(1), 'relay-a', 30, 0.02),
      logLine(4, uuid(2), 'relay-b', 7, null),
    ].join('\n') + '\n',
  );
  writeRollout(uuid(1), 30);
  writeRollout(uuid(2), 20);
  writeRollout(uuid(3), 10);
  engine = await startOfflineEngine(home, () => NOW, {});
});

afterEach(async () => {
  await engine.stop();
  rmSync(home, { recursive: true, force: true });
});

const list = (offset: number, limit: number) =>
  ok(engine.command('listSessions', { service: 'codex', offset, limit }));

describe('listSessions', () => {
  it('lists conversations newest first with what served them, their tokens and cost', async () => {
    const page = await list(0, 10);
    expect(page.total).toBe(3);
    expect(page.more).toBe(false);
    expect(page.sessions.map((s) => s.id)).toEqual([uuid(3), uuid(2), uuid(1)]);
    const first = page.sessions[2]!;
    expect(first).toMatchObject({
      service: 'codex',
      cwd: '/tmp/sx/h/work',
      firstMessage: 'say hi second line',
      model: 'gpt-6.2-sol',
      turns: 2,
      resumeCommand: `codex resume ${uuid(1)}`,
      requests: 3,
      tokens: 180,
      bound: null,
      pinned: null,
      boundNotFirst: false,
    });
    expect(first.costUsd).toBeCloseTo(0.03, 10);
    expect(first.upstreams).toEqual([
      { station: 'main', id: 'relay-a/default', host: 'relay-a.example', requests: 2 },
      { station: 'main', id: 'relay-b/default', host: 'relay-b.example', requests: 1 },
    ]);
    // Served, but no request had a price.
    expect(page.sessions[1]!.costUsd).toBeNull();
    expect(page.sessions[0]!.requests).toBe(0);
  });

  it('pages with offset and limit and says whether more remain', async () => {
    const page = await list(1, 1);
    expect(page.sessions.map((s) => s.id)).toEqual([uuid(2)]);
    expect(page.more).toBe(true);
    expect((await list(2, 5)).more).toBe(false);
    expect(engine.sessions.reads('codex')).toBe(2);
  });

  it('shows the bound upstream and flags a binding to one that is not the first selectable', async () => {
    const route = engine.balancer.route('codex', uuid(1));
    engine.balancer.bind(route, MAIN, 1);
    const s = (await list(0, 10)).sessions.find((x) => x.id === uuid(1))!;
    expect(s.bound).toEqual({ station: 'main', id: 'relay-b/default' });
    expect(s.boundNotFirst).toBe(true);
  });

  it('does not flag a binding to the first selectable upstream', async () => {
    engine.balancer.bind(engine.balancer.route('codex', uuid(1)), MAIN, 0);
    const s = (await list(0, 10)).sessions.find((x) => x.id === uuid(1))!;
    expect(s.bound).toEqual({ station: 'main', id: 'relay-a/default' });
    expect(s.boundNotFirst).toBe(false);
  });

  it('shows a pin made with pinSession, and none after unpinSession', async () => {
    const args = { service: 'codex' as const, station: 'main', id: 'relay-b/default' };
    await ok(engine.command('pinSession', { ...args, sessionId: uuid(2) }));
    let s = (await list(0, 10)).sessions.find((x) => x.id === uuid(2))!;
    expect(s.pinned).toEqual({ station: 'main', id: 'relay-b/default' });
    await ok(engine.command('unpinSession', { service: 'codex', sessionId: uuid(2) }));
    s = (await list(0, 10)).sessions.find((x) => x.id === uuid(2))!;
    expect(s.pinned).toBeNull();
  });

  it('refuses a limit out of range and a negative offset, naming the argument', async () => {
    const r = await engine.command('listSessions', { service: 'codex', offset: 0, limit: 0 });
    expect(r.ok ? null : r.error.path).toBe('limit');
    const o = await engine.command('listSessions', { service: 'codex', offset: -1, limit: 5 });
    expect(o.ok ? null : o.error.path).toBe('offset');
  });
});
