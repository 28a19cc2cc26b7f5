// The idle watchdog of a 2xx answer (docs/behaviour.md §3.6): silence for `ms` calls `onIdle`.
// A timer per answer (set, refreshed on every chunk, cleared) cost more per request than anything
// around it, so answers with the same idle time share one interval that checks when each last
// heard something: `onIdle` comes between `ms` and `ms` + a quarter of it (at most 1 s) after the
// last chunk. The hold (hold.ts) makes the watchdog and hands it on to the relay (stream.ts) with
// a new `onIdle`. The interval runs only while answers are in flight.

interface Group {
  readonly ms: number;
  /**
   * The running watchdogs, each knowing its index: an array with swap-remove, as a Set's table
   * is re-allocated again and again as answers come and go, and each new table outlived the
   * young generation (docs/benchmarks.md).
   */
  readonly watches: IdleWatchdog[];
  timer: NodeJS.Timeout | null;
}

const groups = new Map<number, Group>();

function check(g: Group): void {
  if (g.watches.length === 0) {
    // Stopped one tick after the last answer, not at once: the next request reuses it.
    if (g.timer) clearInterval(g.timer);
    g.timer = null;
    return;
  }
  const now = performance.now();
  // Backwards: a removal moves the last watchdog, already checked, into the freed index.
  for (let i = g.watches.length - 1; i >= 0; i--) {
    const w = g.watches[i];
    // onIdle may have stopped others, shortening the array.
    if (w === undefined || now - w.lastHeard < g.ms) continue;
    w.stop();
    w.onIdle();
  }
}

function groupFor(ms: number): Group {
  let g = groups.get(ms);
  if (!g) {
    g = { ms, watches: [], timer: null };
    groups.set(ms, g);
  }
  if (g.timer === null) {
    const every = Math.min(1000, Math.max(5, Math.floor(ms / 4)));
    const group = g;
    // Unref'd: an answer in flight keeps the process up through its sockets.
    g.timer = setInterval(() => check(group), every).unref();
  }
  return g;
}

export class IdleWatchdog {
  onIdle: () => void;
  /** performance.now() of the last sign of life. */
  lastHeard = performance.now();
  private readonly group: Group;
  /** Index in the group's array; -1 once stopped. */
  private index: number;

  constructor(ms: number, onIdle: () => void) {
    this.onIdle = onIdle;
    this.group = groupFor(ms);
    this.index = this.group.watches.push(this) - 1;
  }

  /** Something arrived: the silence starts again. */
  touch(): void {
    this.lastHeard = performance.now();
  }

  stop(): void {
    const i = this.index;
    if (i < 0) return;
    this.index = -1;
    const watches = this.group.watches;
    const last = watches.pop()!;
    if (last !== this) {
      watches[i] = last;
      last.index = i;
    }
  }
}
