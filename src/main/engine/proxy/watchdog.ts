// The idle watchdog of one 2xx answer (docs/behaviour.md §3.6): silence for `ms` calls `onIdle`.
// One timer per answer, made by the hold (hold.ts) and handed on to the relay (stream.ts) with a
// new `onIdle`, instead of a timer each (a timer costs more per request than anything around it).
export class IdleWatchdog {
  onIdle: () => void;
  private readonly timer: NodeJS.Timeout;

  constructor(ms: number, onIdle: () => void) {
    this.onIdle = onIdle;
    this.timer = setTimeout(() => this.onIdle(), ms);
  }

  /** Something arrived: the silence starts again. */
  touch(): void {
    this.timer.refresh();
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
