// The Redis store's check-and-set scripts (docs/behaviour.md §11) against a real redis-server:
// concurrent writers cannot shorten a cooldown or bring back an older exhaustion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../src/main/engine/shared/redis-store';
import type { SharedChange } from '../src/main/engine/shared/port';
import type { SharedStatus } from '../src/shared/snapshot';
import { silentLogger } from '../src/main/engine/types';
import { ManualClock } from './fixtures/clock';
import { redisMissing, startRedis, type RedisServer } from './fixtures/redis-server';

if (redisMissing) console.warn(`skipping the Redis store tests: ${redisMissing}`);

let redis: RedisServer | null = null;
let n = 0;

beforeAll(async () => {
  if (!redisMissing) redis = await startRedis();
});
afterAll(async () => {
  await redis?.cleanup();
});

const KEY = 'codex/acme/main|https://a.example/v1';

function connected(store: RedisStore): Promise<void> {
  return new Promise((resolve) => {
    if (store.status().status === 'connected') return resolve();
    const off = store.onStatus((s: SharedStatus) => {
      if (s.status === 'connected') {
        off();
        resolve();
      }
    });
  });
}

async function open(prefix: string, clock: ManualClock, id: string): Promise<RedisStore> {
  const store = new RedisStore({
    url: redis!.url,
    prefix,
    clock,
    logger: silentLogger,
    instanceId: id,
  });
  store.start(() => ({ cooldowns: [], exhaustion: [] }));
  await connected(store);
  return store;
}

/** Resolves with the first remote change that matches. */
function next(store: RedisStore, match: (c: SharedChange) => boolean): Promise<SharedChange> {
  return new Promise((resolve) => {
    const off = store.onRemote((c) => {
      if (match(c)) {
        off();
        resolve(c);
      }
    });
  });
}

describe.skipIf(redisMissing !== null)('the Redis store', () => {
  it('keeps the longest cooldown whatever order concurrent writers land in', async () => {
    const clock = new ManualClock();
    const prefix = `s${++n}`;
    const writers = await Promise.all([1, 2, 3].map((i) => open(prefix, clock, `w${i}`)));
    const reader = await open(prefix, clock, 'reader');
    const longest = clock.now() + 90_000;
    const heard = next(reader, (c) => c.kind === 'cooldown' && c.until === longest);
    writers[0]!.write({ kind: 'cooldown', key: KEY, until: clock.now() + 60_000, failures: 3 });
    writers[1]!.write({ kind: 'cooldown', key: KEY, until: longest, failures: 3 });
    writers[2]!.write({ kind: 'cooldown', key: KEY, until: clock.now() + 30_000, failures: 3 });
    await heard;
    // A late reader sees only what the store kept.
    const late = new RedisStore({
      url: redis!.url,
      prefix,
      clock,
      logger: silentLogger,
      instanceId: 'late',
    });
    const loaded = next(late, (c) => c.kind === 'cooldown');
    late.start(() => ({ cooldowns: [], exhaustion: [] }));
    expect(await loaded).toMatchObject({ until: longest });
    for (const s of [...writers, reader, late]) await s.stop();
  });

  it('keeps the latest exhaustion and offers state.json only where the store has none', async () => {
    const clock = new ManualClock();
    const prefix = `s${++n}`;
    const a = await open(prefix, clock, 'a');
    const at = clock.now();
    const lifted = next(a, (c) => c.kind === 'exhaust');
    const b = await open(prefix, clock, 'b');
    b.write({ kind: 'exhaust', key: KEY, exhausted: false, reason: null, by: null, at: at + 10 });
    b.write({ kind: 'exhaust', key: KEY, exhausted: true, reason: 'old', by: 'user', at });
    expect(await lifted).toMatchObject({ exhausted: false });
    // A restart that remembers the relay as exhausted does not overrule the store.
    const restarted = new RedisStore({
      url: redis!.url,
      prefix,
      clock,
      logger: silentLogger,
      instanceId: 'c',
    });
    const loaded = next(restarted, (c) => c.kind === 'exhaust');
    restarted.start(() => ({
      cooldowns: [],
      exhaustion: [
        { kind: 'exhaust', key: KEY, exhausted: true, reason: 'x', by: 'user', at: at + 99 },
      ],
    }));
    expect(await loaded).toMatchObject({ exhausted: false });
    for (const s of [a, b, restarted]) await s.stop();
  });

  it('hands a session binding made while an instance was away to it when it connects', async () => {
    const clock = new ManualClock();
    const prefix = `s${++n}`;
    const a = await open(prefix, clock, 'a');
    a.write({
      kind: 'session',
      service: 'codex',
      sessionId: 'conv:1',
      key: KEY,
      pinned: false,
      at: clock.now(),
      ttlMs: 60_000,
    });
    // Stopping sends what is queued; a later instance reads the binding back when it connects.
    await a.stop();
    const late = new RedisStore({
      url: redis!.url,
      prefix,
      clock,
      logger: silentLogger,
      instanceId: 'late',
    });
    const loaded = next(late, (c) => c.kind === 'session');
    late.start(() => ({ cooldowns: [], exhaustion: [] }));
    expect(await loaded).toMatchObject({ service: 'codex', sessionId: 'conv:1', key: KEY });
    await late.stop();
  });
});
