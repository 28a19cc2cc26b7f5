// The shared store on Redis (docs/behaviour.md §11), through ioredis. Nothing here is awaited by a
// request: `write` queues, a background drain runs the scripts, and a change that cannot be sent
// stays queued (coalesced per relay) until Redis is back. On every (re)connect the instance sends
// what it queued, extends the store's cooldowns with its own running ones, offers its exhaustion
// where the store has none (state.json is the source when Redis is empty), then reads everything
// the store holds. Other instances' changes arrive on one pub/sub channel. This file is the
// connection, the queue and the channel; what one change writes is in redis-writes.ts, what a
// connect reads back in redis-reads.ts.
import { Redis } from 'ioredis';
import type { SharedStatus } from '../../../shared/snapshot';
import type { Clock, Logger } from '../types';
import type { LocalSeed, SharedChange, SharedPort } from './port';
import { readStore } from './redis-reads';
import { sendChange, storeNames, type Message, type StoreNames } from './redis-writes';
import { queueId } from './stored';

/** Changes kept while Redis is away; the oldest go first beyond this. */
const MAX_QUEUED = 10_000;
const RECONNECT_MAX_MS = 1_000;

export interface RedisStoreOptions {
  url: string;
  prefix: string;
  clock: Clock;
  logger: Logger;
  /** Tells this instance's own messages apart on the channel. */
  instanceId: string;
}

export class RedisStore implements SharedPort {
  private readonly client: Redis;
  private readonly sub: Redis;
  private readonly queue = new Map<string, SharedChange>();
  private readonly remote = new Set<(change: SharedChange) => void>();
  private readonly statusListeners = new Set<(status: SharedStatus) => void>();
  private current: SharedStatus;
  private seed: () => LocalSeed = () => ({ cooldowns: [], exhaustion: [] });
  private draining = false;
  private ready = false;
  private stopped = false;
  private readonly names: StoreNames;

  constructor(private readonly o: RedisStoreOptions) {
    this.names = storeNames(o.prefix);
    this.current = { status: 'connecting', error: null, since: o.clock.now() };
    const options = {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2_000,
      // A Redis that accepts a connection and never answers must not hold up a drain or a stop.
      commandTimeout: 2_000,
      retryStrategy: (times: number) => Math.min(100 * times, RECONNECT_MAX_MS),
    };
    this.client = new Redis(o.url, options);
    // The subscriber queues its SUBSCRIBE until connected and re-subscribes after a reconnect.
    this.sub = new Redis(o.url, { ...options, enableOfflineQueue: true });
    for (const c of [this.client, this.sub]) {
      c.on('error', (err: unknown) => this.down(err));
      c.on('close', () => this.down(null));
    }
    // Both connections up (the subscriber re-subscribes on its own): catch up.
    for (const c of [this.client, this.sub]) c.on('ready', () => this.recheck());
    this.sub.on('message', (channel: string, text: string) => this.message(channel, text));
  }

  start(seed: () => LocalSeed): void {
    this.seed = seed;
    void this.client.connect().catch((err: unknown) => this.down(err));
    void this.sub.connect().catch((err: unknown) => this.down(err));
    void this.sub.subscribe(this.names.channel).catch((err: unknown) => this.down(err));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // What is queued gets one chance to go out while Redis is up; stop never waits for Redis.
    if (this.ready) await this.drain().catch(() => undefined);
    this.client.disconnect();
    this.sub.disconnect();
  }

  status(): SharedStatus {
    return this.current;
  }

  onStatus(listener: (status: SharedStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onRemote(listener: (change: SharedChange) => void): () => void {
    this.remote.add(listener);
    return () => this.remote.delete(listener);
  }

  write(change: SharedChange): void {
    this.enqueue(change);
    if (this.ready) void this.drain();
  }

  // ---- connection ------------------------------------------------------------------------------

  private recheck(): void {
    if (this.stopped || this.ready) return;
    if (this.client.status === 'ready' && this.sub.status === 'ready') void this.connected();
  }

  private async connected(): Promise<void> {
    this.ready = true;
    try {
      await this.drain();
      const seed = this.seed();
      for (const c of seed.cooldowns) await this.send(c, false);
      for (const e of seed.exhaustion) await this.send(e, true);
      await this.load();
      if (this.ready)
        this.setStatus({ status: 'connected', error: null, since: this.o.clock.now() });
    } catch (err) {
      this.down(err);
    }
  }

  private down(err: unknown): void {
    this.ready = false;
    if (this.stopped) return;
    const error = err === null ? 'connection closed' : this.describe(err);
    // Said once: a retry that fails the same way is not news.
    if (this.current.status === 'down') return;
    this.o.logger.warn(`shared state: Redis unreachable (${error}); working on local state`);
    this.setStatus({ status: 'down', error, since: this.o.clock.now() });
  }

  private setStatus(next: SharedStatus): void {
    if (next.status === this.current.status && next.error === this.current.error) return;
    if (next.status === 'connected') this.o.logger.info('shared state: connected to Redis');
    this.current = next;
    for (const l of [...this.statusListeners]) l(next);
  }

  /** An error message without the URL's password. */
  private describe(err: unknown): string {
    const text = err instanceof Error ? err.message : String(err);
    let password = '';
    try {
      password = decodeURIComponent(new URL(this.o.url).password);
    } catch {
      password = '';
    }
    return password === '' ? text : text.split(password).join('***');
  }

  // ---- writes ----------------------------------------------------------------------------------

  private enqueue(change: SharedChange): void {
    const id = queueId(change);
    const old = this.queue.get(id);
    if (old && old.kind === 'cooldown' && change.kind === 'cooldown' && old.until > change.until)
      return;
    this.queue.set(id, change);
    if (this.queue.size > MAX_QUEUED) {
      const oldest = this.queue.keys().next();
      if (!oldest.done) this.queue.delete(oldest.value);
    }
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.ready && this.queue.size > 0) {
        const [id, change] = this.queue.entries().next().value as [string, SharedChange];
        this.queue.delete(id);
        try {
          await this.send(change, false);
        } catch (err) {
          // Not sent: back in the queue unless something newer for it came meanwhile.
          if (!this.queue.has(id)) this.queue.set(id, change);
          this.down(err);
          return;
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private send(change: SharedChange, ifAbsent: boolean): Promise<void> {
    return sendChange(this.client, this.names, this.o.instanceId, change, ifAbsent);
  }

  // ---- reads -----------------------------------------------------------------------------------

  /** Everything the store holds about relays and sessions, as changes (after each connect). */
  private load(): Promise<void> {
    return readStore(
      this.client,
      this.names,
      () => this.o.clock.now(),
      MAX_QUEUED,
      (change) => this.emit(change),
    );
  }

  private message(channel: string, text: string): void {
    if (channel !== this.names.channel) return;
    let parsed: Message;
    try {
      parsed = JSON.parse(text) as Message;
    } catch {
      return;
    }
    if (parsed.from === this.o.instanceId || typeof parsed.change?.kind !== 'string') return;
    this.emit(parsed.change);
  }

  private emit(change: SharedChange): void {
    for (const l of [...this.remote]) {
      try {
        l(change);
      } catch (err) {
        this.o.logger.error(`shared state: applying a change failed: ${String(err)}`);
      }
    }
  }
}
