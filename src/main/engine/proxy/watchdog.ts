// The idle watchdog of a 2xx answer (docs/behaviour.md §3.6): silence for `ms` calls `onIdle`.
// A timer per answer (set, refreshed on every chunk, cleared) cost more per request than anything
// around it, so answers with the same idle time share one interval that checks when each last
// heard something: `onIdle` comes between `ms` and `ms` + a quarter of it (at most 1 s) after the
// last chunk. The hold (hold.ts) makes the watchdog and hands it on to the relay (stream.ts) with
// a new `onIdle`. The interval runs only while answers are in flight.

interface Group {
  readonly ms: number;
  readonly watches: Set<IdleWatchdog>;
  timer: NodeJS.Timeout | null;
}

const groups = new Map<number, Group>();

function check(g: Group): void {
  if (g.watches.size === 0) {
    // Stopped one tick after the last answer, not at once: the next request reuses it.
    if (g.timer) clearInterval(g.timer);
    g.timer = null;
    return;
  }
  const now = performance.now();
  for (const w of g.watches) {
    if (now - w.lastHeard >= g.ms) {
      g.watches.delete(w);
      w.onIdle();
    }
  }
}

function groupFor(ms: number): Group {
  let g = groups.get(ms);
  if (!g) {
    g = { ms, watches: new Set(), timer: null };
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

  constructor(ms: number, onIdle: () => void) {
    this.onIdle = onIdle;
    this.group = groupFor(ms);
    this.group.watches.add(this);
  }

  /** Something arrived: the silence starts again. */
  touch(): void {
    this.lastHeard = performance.now();
  }

  stop(): void {
    this.group.watches.delete(this);
  }
}
