// Rate-limits a stream of values: at most one delivery per interval, and the value delivered
// after a burst is always the latest one (an intermediate snapshot is worthless once a newer one
// exists). The snapshot publisher uses it once for all subscribers.
import { systemScheduler, type Scheduler } from './types';

export interface Coalescer<T> {
  push(value: T): void;
  /**
   * Delivers `value` at once, inside the interval too (a change the user is waiting for: a
   * command); later pushes wait a full interval from it.
   */
  pushNow(value: T): void;
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
    pushNow(value) {
      if (closed) return;
      if (timer !== null) scheduler.clearTimeout(timer);
      timer = null;
      pending = { value };
      flush();
    },
    close() {
      closed = true;
      pending = null;
      if (timer !== null) scheduler.clearTimeout(timer);
      timer = null;
    },
  };
}
