// Quota and cost through the whole engine (docs/behaviour.md §9): a fake relay on
// 127.0.0.1 whose balance endpoint drops below the threshold is exhausted by the poll and cleared
// when it rises; requests are priced from the table; today's figures survive a restart.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../src/main/engine';
import type { Snapshot, UpstreamSnapshot } from '../src/shared/snapshot';
import { ManualClock } from './fixtures/clock';
import {
  anthropicStream,
  json,
  signal,
  startFakeUpstream,
  type FakeUpstream,
} from './fixtures/fake-upstream';

const SECRET = 'sk-relay-secret-abcdef123456';
const UNITS_PER_USD = 500_000;
let home: string;
let clock: ManualClock;
let engine: Engine;
let relay: FakeUpstream;
let backup: FakeUpstream;
/** What the relay's balance endpoint reports, in USD. */
let balanceUsd = 2;
let balanceStatus = 200;
let quotaError = false;
let balancePolled = signal();
/** While set, the balance endpoint holds its answer until the test resolves it. */
let holdBalance: Promise<void> | null = null;

const ref = { service: 'codex' as const, station: 'main', id: 'relay/default' };

function config(): string {
  return `version = 1
[retry.upstream]
max_attempts = 1
[codex]
active = "main"
[codex.stations.main]
[[codex.stations.main.upstreams]]
base_url = "${relay.url}/v1"
auth = { auth_token_env = "RELAY_KEY" }
tags = { provider_id = "relay", endpoint_id = "default" }
price_multiplier = 0.5
balance = { kind = "new-api", exhaust_below = 1 }
[[codex.stations.main.upstreams]]
base_url = "${backup.url}/v1"
tags = { provider_id = "backup", endpoint_id = "default" }
`;
}

const usage = {
  input_tokens: 10_000,
  input_tokens_details: { cached_tokens: 2_000 },
  output_tokens: 1_000,
  total_tokens: 11_000,
};
// gpt-5: 8 000 fresh × 1.25 + 2 000 cached × 0.125 + 1 000 out × 10, per 1M, × 0.5
const EXPECTED_COST = ((8_000 * 1.25 + 2_000 * 0.125 + 1_000 * 10) / 1_000_000) * 0.5;

function newEngine(): Engine {
  return createEngine({
    home,
    clock,
    scheduler: clock,
    env: { RELAY_KEY: SECRET },
    ports: { codex: 0, claude: 0 },
    random: () => 0,
    codexHome: join(home, 'codex-home'),
    claudeConfigDir: join(home, 'claude-home'),
  });
}

function row(s: Snapshot, id = 'relay/default'): UpstreamSnapshot {
  const u = s.services.codex.stations[0]?.upstreams.find((x) => x.id === id);
  if (!u) throw new Error(`no upstream ${id}`);
  return u;
}

async function post(model = 'gpt-5'): Promise<number> {
  const port = engine.snapshot().services.codex.listening?.port;
  const res = await fetch(`http://127.0.0.1:${port}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, input: 'hi' }),
  });
  await res.text();
  return res.status;
}

async function check() {
  const r = await engine.command('checkBalance', ref);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const balanceRequests = () => relay.requests.filter((r) => r.url === '/api/usage/token/').length;

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'chd-money-'));
  clock = new ManualClock();
  balanceUsd = 2;
  balanceStatus = 200;
  quotaError = false;
  balancePolled = signal();
  holdBalance = null;
  relay = await startFakeUpstream(async (req, res) => {
    if (req.url === '/api/usage/token/') {
      balancePolled.resolve();
      if (holdBalance) await holdBalance;
      if (balanceStatus !== 200) return json(res, balanceStatus, { message: `bad key ${SECRET}` });
      const available = balanceUsd * UNITS_PER_USD;
      return json(res, 200, {
        code: true,
        data: {
          total_granted: 5 * UNITS_PER_USD,
          total_used: 5 * UNITS_PER_USD - available,
          total_available: available,
          unlimited_quota: false,
        },
      });
    }
    if (quotaError) return json(res, 402, { error: { message: 'insufficient quota' } });
    json(res, 200, { id: 'r1', usage });
  });
  backup = await startFakeUpstream((_req, res) => json(res, 200, { id: 'r2', usage }));
  writeFileSync(join(home, 'config.toml'), config());
  engine = newEngine();
  await engine.start();
});

afterEach(async () => {
  await engine.stop();
  await relay.close();
  await backup.close();
  rmSync(home, { recursive: true, force: true });
});

describe('quota and cost', () => {
  it('polls at start with the relay’s own key and shows the balance', async () => {
    const { balance } = await check();
    expect(balance).toMatchObject({
      remaining: 2,
      limit: 5,
      used: 3,
      currency: 'USD',
      error: null,
    });
    expect(relay.requests[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
    // The start poll and the check were one poll.
    expect(balanceRequests()).toBe(1);
    expect(row(engine.snapshot())).toMatchObject({ usageExhausted: false, exhaustedBy: null });
  });

  it('exhausts the relay when a poll finds it at or below the threshold and clears it when it rises', async () => {
    await check();
    balanceUsd = 0.5;
    clock.advance(300_000); // the interval poll starts; the check joins it
    await check();
    expect(balanceRequests()).toBe(2);
    let u = row(engine.snapshot());
    expect(u).toMatchObject({ usageExhausted: true, exhaustedBy: 'balance' });
    expect(u.exhaustedReason).toBe('balance 0.5 USD is at or below the threshold 1 USD');
    expect(await post()).toBe(200);
    expect(backup.requests).toHaveLength(1);

    balanceUsd = 4;
    clock.advance(300_000);
    await check();
    u = row(engine.snapshot());
    expect(u).toMatchObject({
      usageExhausted: false,
      exhaustedBy: null,
      balance: { remaining: 4 },
    });
  });

  it('never lifts an exhaustion the user set, and a failed poll changes nothing but shows why', async () => {
    await check();
    const set = await engine.command('setUpstreamExhausted', { ...ref, exhausted: true });
    expect(set.ok).toBe(true);
    await check();
    expect(row(engine.snapshot())).toMatchObject({ usageExhausted: true, exhaustedBy: 'user' });

    balanceStatus = 401;
    const { balance } = await check();
    expect(balance).toMatchObject({ remaining: 2 });
    expect(balance?.error).toContain('status 401');
    expect(balance?.error).not.toContain(SECRET);
    expect(JSON.stringify(engine.snapshot())).not.toContain(SECRET);
  });

  it('polls after a quota error on the relay and lifts that exhaustion when the balance is fine', async () => {
    await check();
    quotaError = true;
    clock.advance(31_000);
    balancePolled = signal();
    const release = signal();
    holdBalance = release.promise;
    expect(await post()).toBe(200);
    await balancePolled.promise;
    // The check joins the poll the quota error started (one poll in flight per upstream).
    const checked = check();
    release.resolve();
    await checked;
    expect(balanceRequests()).toBe(2);
    // The balance is above the threshold: the quota error's exhaustion is lifted.
    expect(row(engine.snapshot())).toMatchObject({ usageExhausted: false });
  });

  it('prices each request from the table and keeps today’s cost, tokens and request counts across a restart', async () => {
    expect(await post()).toBe(200);
    expect(await post('gpt-9-unknown')).toBe(200);
    // The record is made once the answer has left: wait for it rather than race it.
    await expect.poll(() => engine.snapshot().recentRequests.length).toBe(2);
    const s = engine.snapshot();
    expect(s.recentRequests[0]?.costUsd).toBeCloseTo(EXPECTED_COST, 12);
    expect(s.recentRequests[1]?.costUsd).toBeNull();
    expect(row(s).costTodayUsd).toBeCloseTo(EXPECTED_COST, 12);
    expect(s.services.codex).toMatchObject({ unpricedToday: 1 });
    expect(s.services.codex.costMonthUsd).toBeCloseTo(EXPECTED_COST, 12);
    expect(s.metrics.tokensToday['relay/default']).toBe(22_000);

    await engine.flush();
    const lines = readFileSync(join(home, 'logs', 'requests.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { costUsd: unknown }).costUsd)).toEqual([
      EXPECTED_COST,
      null,
    ]);

    await engine.stop();
    engine = newEngine();
    await engine.start();
    await engine.whenLogRead();
    const again = engine.snapshot();
    expect(row(again).costTodayUsd).toBeCloseTo(EXPECTED_COST, 12);
    expect(again.services.codex).toMatchObject({ unpricedToday: 1 });
    expect(again.metrics.tokensToday['relay/default']).toBe(22_000);
    // The row's request count covers the same day as its cost, not just this run.
    expect(row(again).stats).toMatchObject({ requests: 2, failures: 0 });
  });

  it('writes a price multiplier and a balance source given through updateUpstream, and removes them', async () => {
    const backupRef = { service: 'codex' as const, station: 'main', id: 'backup/default' };
    const set = await engine.command('updateUpstream', {
      ...backupRef,
      patch: { priceMultiplier: 0.3, balance: { kind: 'sub2api', exhaustBelow: 1 } },
    });
    expect(set.ok).toBe(true);
    const text = readFileSync(join(home, 'config.toml'), 'utf8');
    expect(text).toContain('price_multiplier = 0.3');
    expect(text).toMatch(/balance = \{ kind = "sub2api", exhaust_below = 1 \}/);
    expect(row(engine.snapshot(), 'backup/default')).toMatchObject({
      priceMultiplier: 0.3,
      balanceSource: { kind: 'sub2api', intervalSecs: 300, exhaustBelow: 1, endpoint: null },
    });

    const bad = await engine.command('updateUpstream', {
      ...backupRef,
      patch: { balance: { kind: 'http-json', remainingPath: 'data.balance' } },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_argument', path: 'balance' } });

    const cleared = await engine.command('updateUpstream', {
      ...backupRef,
      patch: { priceMultiplier: null, balance: null },
    });
    expect(cleared.ok).toBe(true);
    const after = readFileSync(join(home, 'config.toml'), 'utf8').split(
      'provider_id = "backup"',
    )[1];
    expect(after).not.toContain('price_multiplier');
    expect(after).not.toContain('sub2api');
    expect(row(engine.snapshot(), 'backup/default')).toMatchObject({
      priceMultiplier: 1,
      balanceSource: null,
      balance: null,
    });
  });

  it('prices a streamed Claude answer by its mapped model, cache reads and writes apart from input', async () => {
    const anthropic = await startFakeUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(anthropicStream('hi'));
    });
    try {
      writeFileSync(
        join(home, 'config.toml'),
        `${config()}
[claude]
active = "main"
[claude.stations.main]
[[claude.stations.main.upstreams]]
base_url = "${anthropic.url}"
tags = { provider_id = "anthropic", endpoint_id = "default" }
model_mapping = { "my-sonnet" = "claude-sonnet-4-5-20250929" }
`,
      );
      expect(engine.checkConfigNow()).toBe(true);
      const port = engine.snapshot().services.claude.listening?.port;
      const res = await fetch(`http://127.0.0.1:${port}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'my-sonnet', stream: true, messages: [] }),
      });
      await res.text();
      await expect.poll(() => engine.snapshot().recentRequests.length).toBe(1);
      const last = engine.snapshot().recentRequests.at(-1);
      expect(last?.mappedModel).toBe('claude-sonnet-4-5-20250929');
      // 25 input × 3 + 4 cache read × 0.30 + 6 cache write × 3.75 + 9 output × 15, per 1M
      expect(last?.costUsd).toBeCloseTo((25 * 3 + 4 * 0.3 + 6 * 3.75 + 9 * 15) / 1_000_000, 12);
      expect(engine.snapshot().services.claude.costTodayUsd).toBeCloseTo(last?.costUsd ?? 0, 12);
    } finally {
      await anthropic.close();
    }
  });
});
