// Rate-limits snapshot pushes for one subscriber: at most one delivery per interval, and the value
// delivered after a burst is always the latest one (an intermediate snapshot is worthless once a
// newer one exists).
import { systemClock, type Clock } from './types';

/** Timers as a port, so tests drive coalescing with a manual clock instead of sleeping. */
export interface Scheduler extends Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemScheduler: Scheduler = {
  now: () => systemClock.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    // A pending push must never keep a shutting-down process alive.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface Coalescer<T> {
  push(value: T): void;
  /** Drops any pending value; later pushes are ignored. */
  close(): void;
}

export function createCoalescer<T>(
  deliver: (value: T) => void,
  intervalMs: number,
  scheduler: Scheduler = systemScheduler,
): Coalescer<T> {
  let lastDelivery = Number.NEGATIVE_INFINITY;
  let pending: { value: T } | null = null;
  let timer: unknown = null;
  let closed = false;

  const flush = (): void => {
    timer = null;
    if (closed || !pending) return;
    const { value } = pending;
    pending = null;
    lastDelivery = scheduler.now();
    deliver(value);
  };

  return {
    push(value) {
      if (closed) return;
      pending = { value };
      if (timer !== null) return;
      const wait = lastDelivery + intervalMs - scheduler.now();
      if (wait <= 0) flush();
      else timer = scheduler.setTimeout(flush, wait);
    },
    close() {
      closed = true;
      pending = null;
      if (timer !== null) scheduler.clearTimeout(timer);
      timer = null;
    },
  };
}
