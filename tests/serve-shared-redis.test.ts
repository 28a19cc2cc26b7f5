// Issue 14 §2 (docs/behaviour.md §11): two real `serve` processes on one real redis-server share
// what they learn about the same relays, and keep working on their own while Redis is away.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot, UpstreamSnapshot } from '../src/shared/snapshot';
import { startServe, type Serve } from '../e2e/helpers/serve';
import { startFakeUpstream, type FakeUpstream } from './fixtures/fake-upstream';
import { send } from './fixtures/http-client';
import { redisMissing, startRedis, type RedisServer } from './fixtures/redis-server';
import { makeServeHome, type ServeHome } from './fixtures/serve-home';

if (redisMissing) console.warn(`skipping the shared-state tests: ${redisMissing}`);

let redis: RedisServer | null = null;
let failing: FakeUpstream;
let healthy: FakeUpstream;
const started: { serve: Serve; home: ServeHome }[] = [];
let prefixes = 0;

beforeAll(async () => {
  if (redisMissing) return;
  redis = await startRedis();
  failing = await startFakeUpstream((_req, res) => {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"relay broken"}}');
  });
  healthy = await startFakeUpstream((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"object":"list","data":[]}');
  });
});

afterAll(async () => {
  await redis?.cleanup();
  await failing?.close();
  await healthy?.close();
});

afterEach(async () => {
  for (const { serve, home } of started.splice(0)) {
    await serve.stop();
    home.cleanup();
  }
  if (redis) await redis.restart();
});

/** One instance whose station has its own name, on the relays under the same identity tags. */
async function instance(station: string, prefix: string): Promise<Serve> {
  const home = await makeServeHome({
    rest: [
      '[shared]',
      `redis_url = "${redis!.url}"`,
      `key_prefix = "${prefix}"`,
      '[retry]',
      'failure_threshold = 1',
      '[retry.upstream]',
      'max_attempts = 1',
      '[codex]',
      `active = "${station}"`,
      `[codex.stations.${station}]`,
      '[[codex.stations.' + station + '.upstreams]]',
      `base_url = "${failing.url}/v1"`,
      'tags = { provider_id = "acme", endpoint_id = "main" }',
      '[[codex.stations.' + station + '.upstreams]]',
      `base_url = "${healthy.url}/v1"`,
      'tags = { provider_id = "other", endpoint_id = "main" }',
    ].join('\n'),
  });
  const serve = await startServe(home.dir);
  started.push({ serve, home });
  return serve;
}

function firstUpstream(s: Snapshot): UpstreamSnapshot {
  return s.services.codex.stations[0]!.upstreams[0]!;
}

async function pair(): Promise<[Serve, Serve]> {
  const prefix = `t${++prefixes}`;
  const a = await instance('alice', prefix);
  const b = await instance('bob', prefix);
  for (const s of [a, b]) {
    await expect.poll(async () => (await s.snapshot()).shared.status).toBe('connected');
  }
  return [a, b];
}

describe.skipIf(redisMissing !== null)('shared state through Redis', () => {
  it('skips a relay on instance B that failed through instance A, without B touching it', async () => {
    const [a, b] = await pair();
    expect((await send(`${a.codexProxy}/v1/models`)).status).toBe(200);
    const hitsAfterA = failing.requests.length;
    expect(hitsAfterA).toBeGreaterThan(0);
    await expect.poll(async () => firstUpstream(await b.snapshot()).cooldownUntil).not.toBeNull();

    const reply = await send(`${b.codexProxy}/v1/models`);
    expect(reply.status).toBe(200);
    expect(failing.requests.length).toBe(hitsAfterA);
  });

  it('shows exhaustion set by a click in instance A in instance B, with its source', async () => {
    const [a, b] = await pair();
    const id = firstUpstream(await a.snapshot()).id;
    await a.api('/api/commands/setUpstreamExhausted', {
      service: 'codex',
      station: 'alice',
      id,
      exhausted: true,
    });
    await expect
      .poll(async () => {
        const u = firstUpstream(await b.snapshot());
        return [u.usageExhausted, u.exhaustedBy];
      })
      .toEqual([true, 'user']);
  });

  it('loses no request while Redis is killed and both instances catch up when it returns', async () => {
    const [a, b] = await pair();
    const during = [a, b].flatMap((s) =>
      Array.from({ length: 10 }, () => send(`${s.codexProxy}/v1/models`)),
    );
    await redis!.stop(true);
    for (const s of [a, b]) {
      await expect.poll(async () => (await s.snapshot()).shared.status).toBe('down');
    }
    const replies = await Promise.all([
      ...during,
      send(`${a.codexProxy}/v1/models`),
      send(`${b.codexProxy}/v1/models`),
    ]);
    expect(replies.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    // While Redis is away, A learns something B does not know yet.
    const id = firstUpstream(await a.snapshot()).id;
    await a.api('/api/commands/setUpstreamExhausted', {
      service: 'codex',
      station: 'alice',
      id,
      exhausted: true,
    });
    expect(firstUpstream(await b.snapshot()).usageExhausted).toBe(false);

    await redis!.restart();
    for (const s of [a, b]) {
      await expect
        .poll(async () => (await s.snapshot()).shared.status, { timeout: 10_000 })
        .toBe('connected');
    }
    await expect.poll(async () => firstUpstream(await b.snapshot()).usageExhausted).toBe(true);
  });
});
