// state.json persistence (docs/behaviour.md §2.6): debounced atomic writes, and a load that never
// throws and never deletes what it cannot read — a bad file is renamed aside and reported.
import fs from 'node:fs';
import path from 'node:path';
import type { StateErrorInfo } from '../../../shared/snapshot';
import type { Clock, Logger, PersistedBalancerState } from '../types';
import { silentLogger } from '../types';
import { validatePersistedState } from './validate';

export interface StateStoreOptions {
  file: string;
  clock: Clock;
  logger?: Logger;
  delayMs?: number;
  /** After each write: null when it worked, else what went wrong (shown as the snapshot's stateError). */
  onWritten?(problem: string | null): void;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class StateStore {
  private readonly file: string;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly delayMs: number;
  private pending: (() => PersistedBalancerState) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Writes are chained so two never race on the same tmp file. */
  private writing: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly onWritten: (problem: string | null) => void;

  constructor(opts: StateStoreOptions) {
    this.file = opts.file;
    this.clock = opts.clock;
    this.logger = opts.logger ?? silentLogger;
    this.delayMs = opts.delayMs ?? 500;
    this.onWritten = opts.onWritten ?? (() => undefined);
  }

  load(): { state: PersistedBalancerState | null; error: StateErrorInfo | null } {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: null, error: null };
      return { state: null, error: this.setAside(`cannot read: ${errorText(err)}`) };
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      // Newer engines quote the offending text in the message; it may hold a URL, so only the
      // position is kept.
      const at = /position (\d+)/.exec(errorText(err));
      const where = at ? ` at position ${at[1]}` : '';
      return { state: null, error: this.setAside(`not valid JSON${where}`) };
    }
    try {
      return { state: validatePersistedState(data), error: null };
    } catch (err) {
      return { state: null, error: this.setAside(`unexpected content: ${errorText(err)}`) };
    }
  }

  schedule(state: () => PersistedBalancerState): void {
    if (this.closed) return;
    // Keep only the latest producer: the write reads the state as it is when it happens.
    this.pending = state;
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.writePending();
    }, this.delayMs);
  }

  async flush(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    await this.writePending();
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private writePending(): Promise<void> {
    const producer = this.pending;
    this.pending = null;
    if (producer) {
      this.writing = this.writing.then(() => this.writeNow(producer));
    }
    return this.writing;
  }

  private async writeNow(producer: () => PersistedBalancerState): Promise<void> {
    const tmp = `${this.file}.tmp`;
    try {
      const text = `${JSON.stringify(producer(), null, 2)}\n`;
      await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
      await fs.promises.writeFile(tmp, text, { mode: 0o600 });
      // writeFile's mode only applies on creation; a leftover tmp file keeps its old mode.
      await fs.promises.chmod(tmp, 0o600);
      await fs.promises.rename(tmp, this.file);
      this.onWritten(null);
    } catch (err) {
      // Losing one state write is harmless (it is rewritten on the next change); crashing is not.
      const problem = `could not write ${this.file}: ${errorText(err)}`;
      this.logger.error(problem);
      await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
      this.onWritten(problem);
    }
  }

  private setAside(problem: string): StateErrorInfo {
    const base = `${this.file}.corrupt-${this.clock.now()}`;
    let target = base;
    for (let n = 1; fs.existsSync(target); n++) target = `${base}-${n}`;
    let movedTo: string | null = null;
    try {
      fs.renameSync(this.file, target);
      movedTo = target;
    } catch (err) {
      this.logger.error(`could not move ${this.file} aside: ${errorText(err)}`);
    }
    const kept = movedTo ? `; kept it as ${movedTo} and started with clean state` : '';
    const message = `balancer state ${this.file} is ${problem}${kept}`;
    this.logger.warn(message);
    return { message, file: this.file, movedTo };
  }
}
