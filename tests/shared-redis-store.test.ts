// The Redis store's check-and-set scripts (docs/behaviour.md §11) against a real redis-server:
// concurrent writers cannot shorten a cooldown or bring back an older exhaustion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../src/main/engine/shared/redis-store';
import type { SharedChange } from '../src/main/engine/shared/port';
import type { SharedStatus } from '../src/shared/snapshot';
import { silentLogger } from '../src/main/engine/types';
import { ManualClock } from './fixtures/clock';
import { sharedInstance, type SharedInstance } from './fixtures/shared-instance';
import type { Balancer } from '../src/main/engine/balancer';
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

function store(prefix: string, clock: ManualClock, id: string): RedisStore {
  return new RedisStore({ url: redis!.url, prefix, clock, logger: silentLogger, instanceId: id });
}

async function open(prefix: string, clock: ManualClock, id: string): Promise<RedisStore> {
  const s = store(prefix, clock, id);
  s.start(() => ({ cooldowns: [], exhaustion: [] }));
  await connected(s);
  return s;
}

/** A balancer linked through its own store, once that store has connected and read back. */
async function linked(
  prefix: string,
  clock: ManualClock,
  station: string,
  balancer?: Balancer,
): Promise<SharedInstance & { store: RedisStore }> {
  const s = store(prefix, clock, `${station}-${++n}`);
  const instance = sharedInstance(s, clock, station, true, balancer);
  await connected(s);
  return { ...instance, store: s };
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
  it('carries a pin and its removal to the other instance, which reads the latest back after a reconnect', async () => {
    const clock = new ManualClock();
    const prefix = `s${++n}`;
    const a = await linked(prefix, clock, 'alice');
    let b = await linked(prefix, clock, 'bob');
    const watch = await open(prefix, clock, 'watch');
    const pinOnB = () => b.balancer.sessionOf('codex', 'conv-1').pin;
    const other = b.balancer.state(b.view).signatures[1];

    let heard = next(b.store, (c) => c.kind === 'session' && c.pinned);
    a.balancer.pinSession('codex', 'conv-1', a.view, 1);
    await heard;
    expect(pinOnB()).toMatchObject({ station: 'bob', signature: other });

    clock.advance(1_000);
    heard = next(b.store, (c) => c.kind === 'unpin');
    a.balancer.unpinSession('codex', 'conv-1');
    await heard;
    expect(pinOnB()).toBeNull();

    // B is away while A pins again and then unpins: B comes back with its stale pin undone.
    clock.advance(1_000);
    heard = next(b.store, (c) => c.kind === 'session' && c.pinned);
    a.balancer.pinSession('codex', 'conv-1', a.view, 1);
    await heard;
    await b.sync.stop();
    clock.advance(1_000);
    heard = next(watch, (c) => c.kind === 'unpin');
    a.balancer.unpinSession('codex', 'conv-1');
    await heard;
    expect(pinOnB()).not.toBeNull();
    b = await linked(prefix, clock, 'bob', b.balancer);
    expect(pinOnB()).toBeNull();

    // Away again while A pins: the pin, later than the unpin, is read back.
    await b.sync.stop();
    clock.advance(1_000);
    heard = next(watch, (c) => c.kind === 'session' && c.pinned);
    a.balancer.pinSession('codex', 'conv-1', a.view, 1);
    await heard;
    b = await linked(prefix, clock, 'bob', b.balancer);
    expect(pinOnB()).toMatchObject({ station: 'bob', signature: other, at: clock.now() });
    for (const s of [a.sync, b.sync]) await s.stop();
    await watch.stop();
  });

  it('keeps the latest of a pin and an unpin whatever order writers land in', async () => {
    const clock = new ManualClock();
    const prefix = `s${++n}`;
    const at = clock.now();
    const session = { service: 'codex', sessionId: 'conv:2' } as const;
    const pin = (when: number): SharedChange => ({
      kind: 'session',
      ...session,
      key: KEY,
      pinned: true,
      at: when,
      ttlMs: 60_000,
    });
    const readBack = async (id: string): Promise<SharedChange> => {
      const late = store(prefix, clock, id);
      const loaded = next(late, (c) => c.kind === 'unpin' || (c.kind === 'session' && c.pinned));
      late.start(() => ({ cooldowns: [], exhaustion: [] }));
      const change = await loaded;
      await late.stop();
      return change;
    };
    const [w1, w2] = await Promise.all([open(prefix, clock, 'w1'), open(prefix, clock, 'w2')]);
    w1.write({ kind: 'unpin', ...session, at: at + 10 });
    w2.write(pin(at));
    // A pin at the very time of the unpin loses to it too.
    w2.write(pin(at + 10));
    // Stopping sends what each has queued.
    await Promise.all([w1.stop(), w2.stop()]);
    expect(await readBack('late1')).toEqual({ kind: 'unpin', ...session, at: at + 10 });
    const w3 = await open(prefix, clock, 'w3');
    w3.write(pin(at + 20));
    await w3.stop();
    expect(await readBack('late2')).toMatchObject({ kind: 'session', key: KEY, at: at + 20 });
  });
});
