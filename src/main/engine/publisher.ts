// Snapshot versioning and push (docs/behaviour.md §6): the snapshot is rebuilt lazily when
// something changed, each rebuild gets the next version, and subscribers get at most one push per
// coalesce interval, never synchronously inside the change that caused it. This is the one rate
// limit on snapshots: the adapters (SSE, Electron push) pass every published snapshot on.
import { SERVICES } from '../../shared/config-types';
import type { Snapshot } from '../../shared/snapshot';
import { createCoalescer } from './coalesce';
import type { Clock, Logger, Scheduler } from './types';

export interface PublisherOptions {
  /** Builds the whole snapshot for the given version. */
  build(version: number): Snapshot;
  /** Called before every read, to bring in changes still on their way (the request intake). */
  beforeRead?(): void;
  /** The engine's clock, which cooldown deadlines are on. */
  clock: Clock;
  /** Timers: pushes, and the refresh when a cooldown ends. */
  scheduler: Scheduler;
  logger: Logger;
  coalesceMs: number;
}

/** Earliest cooldown deadline still ahead in the snapshot, or Infinity. */
function nextCooldownEnd(s: Snapshot, now: number): number {
  let next = Infinity;
  for (const svc of SERVICES) {
    for (const st of s.services[svc].stations) {
      for (const u of st.upstreams) {
        if (u.cooldownUntil !== null && u.cooldownUntil > now) {
          next = Math.min(next, u.cooldownUntil);
        }
      }
    }
  }
  return next;
}

export class SnapshotPublisher {
  private readonly subscribers = new Set<(s: Snapshot) => void>();
  private version = 0;
  private cached: Snapshot | null = null;
  private dirty = true;
  private lastPushedVersion = -1;
  private expiryTimer: unknown = null;
  private running = false;
  private readonly pushes;

  constructor(private readonly opts: PublisherOptions) {
    // The snapshot is built when the push leaves, so a burst of changes costs one build.
    this.pushes = createCoalescer<void>(
      () => opts.scheduler.setTimeout(() => this.push(), 0),
      opts.coalesceMs,
      opts.scheduler,
    );
  }

  /** While running, a timer refreshes the snapshot when the next cooldown ends. */
  start(): void {
    this.running = true;
    this.markChanged();
  }

  stop(): void {
    this.running = false;
    this.clearExpiryTimer();
  }

  current(): Snapshot {
    this.opts.beforeRead?.();
    return this.dirty || !this.cached ? this.rebuild() : this.cached;
  }

  markChanged(): void {
    this.dirty = true;
    if (this.subscribers.size > 0) this.pushes.push();
  }

  /**
   * Changed now (a command): rebuild at once so the caller gets the version that includes its
   * change, and push it without waiting for the interval, since someone is watching for it.
   */
  changedNow(): number {
    this.dirty = true;
    const version = this.current().version;
    if (this.subscribers.size > 0) this.pushes.pushNow();
    return version;
  }

  subscribe(listener: (s: Snapshot) => void): () => void {
    this.subscribers.add(listener);
    return () => {
      this.subscribers.delete(listener);
    };
  }

  private rebuild(): Snapshot {
    this.dirty = false;
    this.version += 1;
    const s = this.opts.build(this.version);
    this.cached = s;
    this.scheduleExpiryRefresh(s);
    return s;
  }

  /** A cooldown ending changes what the next pick is: refresh the snapshot when it does. */
  private scheduleExpiryRefresh(s: Snapshot): void {
    this.clearExpiryTimer();
    if (!this.running) return;
    const { clock, scheduler } = this.opts;
    const now = clock.now();
    const next = nextCooldownEnd(s, now);
    if (next === Infinity) return;
    const wait = Math.min(next - now + 5, 2 ** 31 - 1);
    this.expiryTimer = scheduler.setTimeout(() => this.markChanged(), wait);
  }

  private clearExpiryTimer(): void {
    if (this.expiryTimer !== null) this.opts.scheduler.clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
  }

  private push(): void {
    const s = this.current();
    if (s.version === this.lastPushedVersion) return;
    this.lastPushedVersion = s.version;
    for (const l of [...this.subscribers]) {
      try {
        l(s);
      } catch (err) {
        this.opts.logger.error(`snapshot subscriber failed: ${String(err)}`);
      }
    }
  }
}
