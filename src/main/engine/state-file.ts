// The engine's state.json (docs/behaviour.md §2.6): read into the balancer at start, written when
// the balancer changes, and what went wrong with it as the snapshot's stateError: the load's
// problem, replaced by a failed write's until a later write works.
import type { StateErrorInfo } from '../../shared/snapshot';
import type { Balancer } from './balancer';
import { StateStore } from './state';
import type { Clock, Logger } from './types';

export interface StateFileOptions {
  file: string;
  balancer: Balancer;
  clock: Clock;
  logger: Logger;
  delayMs?: number;
  /** The snapshot is out of date. */
  changed: () => void;
}

export class StateFile {
  private readonly store: StateStore;
  private readonly balancer: Balancer;
  private error: StateErrorInfo | null = null;
  /** What loading state.json reported; a failed write replaces it until a write works again. */
  private loadError: StateErrorInfo | null = null;

  constructor(o: StateFileOptions) {
    this.balancer = o.balancer;
    this.store = new StateStore({
      onWritten: (problem) => {
        // A failed write shows in the snapshot until a later write works (docs/behaviour.md §2.6).
        const next: StateErrorInfo | null = problem
          ? {
              message: `${problem}; cooldowns and counts will not survive a restart`,
              file: o.file,
              movedTo: null,
            }
          : (this.loadError ?? null);
        if (next?.message === this.error?.message) return;
        this.error = next;
        o.changed();
      },
      file: o.file,
      clock: o.clock,
      logger: o.logger,
      delayMs: o.delayMs,
    });
  }

  /** The snapshot's stateError. */
  current(): StateErrorInfo | null {
    return this.error;
  }

  /** Reads state.json into the balancer. */
  load(): void {
    const loaded = this.store.load();
    this.error = loaded.error;
    this.loadError = loaded.error;
    if (loaded.state) this.balancer.restore(loaded.state);
  }

  /** A write of the balancer's state, debounced. */
  readonly persist = (): void => this.store.schedule(() => this.balancer.toJSON());

  flush(): Promise<void> {
    return this.store.flush();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
