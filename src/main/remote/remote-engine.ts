// Another instance's console seen as an EngineApi (docs/behaviour.md §11.2): commands go to its
// HTTP API, snapshots come from its event stream. Plain Node (fetch), so it is tested against a
// real `serve` without Electron. A dropped stream is retried with backoff; the last snapshot is
// kept meanwhile.
import {
  AppError,
  HTTP,
  SNAPSHOT_EVENT,
  type CommandArgs,
  type CommandName,
  type CommandResult,
  type CommandValue,
  type EngineApi,
} from '../../shared/contract';
import {
  bearer,
  commandRequest,
  isCommandResult,
  parseSnapshotData,
} from '../../shared/console-client';
import type { RemoteStatus } from '../../shared/remote';
import type { Snapshot } from '../../shared/snapshot';
import type { Scheduler } from '../engine/types';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;
/** The console sends a comment at least this often; silence this long means a dead link. */
const IDLE_MS = 45_000;

export interface RemoteLinkState {
  status: Exclude<RemoteStatus, 'local'>;
  error: string | null;
  lastSnapshotAt: number | null;
  retryAt: number | null;
}

export interface RemoteEngineOptions {
  origin: string;
  token: string;
  scheduler: Scheduler;
}

export class RemoteEngine implements EngineApi {
  private last: Snapshot | null = null;
  private readonly snapshotListeners = new Set<(s: Snapshot) => void>();
  private readonly stateListeners = new Set<(s: RemoteLinkState) => void>();
  private current: RemoteLinkState = {
    status: 'connecting',
    error: null,
    lastSnapshotAt: null,
    retryAt: null,
  };
  private abort: AbortController | null = null;
  private retryTimer: unknown = null;
  private failures = 0;
  private stopped = false;

  constructor(private readonly o: RemoteEngineOptions) {}

  start(): void {
    void this.stream();
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
    if (this.retryTimer !== null) this.o.scheduler.clearTimeout(this.retryTimer);
  }

  state(): RemoteLinkState {
    return this.current;
  }

  onState(listener: (s: RemoteLinkState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** The last snapshot received; throws until the first one has arrived. */
  snapshot(): Snapshot {
    if (!this.last) throw new AppError('io_error', 'no snapshot from the remote instance yet');
    return this.last;
  }

  latest(): Snapshot | null {
    return this.last;
  }

  onSnapshot(listener: (s: Snapshot) => void): () => void {
    this.snapshotListeners.add(listener);
    return () => this.snapshotListeners.delete(listener);
  }

  async command<K extends CommandName>(
    name: K,
    args: CommandArgs<K>,
  ): Promise<CommandResult<CommandValue<K>>> {
    try {
      const { path, init } = commandRequest(name, args, this.o.token);
      const res = await fetch(`${this.o.origin}${path}`, init);
      const body: unknown = await res.json();
      if (isCommandResult(body)) return body as CommandResult<CommandValue<K>>;
      return failure(`the remote instance answered HTTP ${res.status} without a result`);
    } catch (err) {
      return failure(`the remote instance cannot be reached: ${reason(err)}`);
    }
  }

  // ---- the event stream ------------------------------------------------------------------------

  private async stream(): Promise<void> {
    if (this.stopped) return;
    const abort = new AbortController();
    this.abort = abort;
    let idle: unknown = null;
    const touch = (): void => {
      if (idle !== null) this.o.scheduler.clearTimeout(idle);
      idle = this.o.scheduler.setTimeout(() => abort.abort(), IDLE_MS);
    };
    let error = 'the event stream ended';
    try {
      touch();
      const res = await fetch(`${this.o.origin}${HTTP.events}`, {
        headers: { ...bearer(this.o.token), accept: 'text/event-stream' },
        signal: abort.signal,
      });
      if (res.status === 401) throw new Error('the token was refused (401)');
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buf = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        touch();
        buf += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          this.event(block);
        }
      }
    } catch (err) {
      error = reason(err);
    } finally {
      if (idle !== null) this.o.scheduler.clearTimeout(idle);
    }
    if (this.stopped) return;
    this.failures += 1;
    const wait = Math.min(FIRST_RETRY_MS * 2 ** (this.failures - 1), MAX_RETRY_MS);
    this.setState({
      status: 'disconnected',
      error,
      lastSnapshotAt: this.current.lastSnapshotAt,
      retryAt: this.o.scheduler.now() + wait,
    });
    this.retryTimer = this.o.scheduler.setTimeout(() => {
      this.retryTimer = null;
      void this.stream();
    }, wait);
  }

  private event(block: string): void {
    let type = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) type = line.slice(6).trim();
      else if (line.startsWith('data:')) data += line.slice(5).trimStart();
    }
    if (type !== SNAPSHOT_EVENT || data === '') return;
    const snapshot = parseSnapshotData(data);
    if (snapshot === undefined) return;
    this.last = snapshot;
    this.failures = 0;
    const at = this.o.scheduler.now();
    if (this.current.status !== 'connected' || this.current.error !== null) {
      this.setState({ status: 'connected', error: null, lastSnapshotAt: at, retryAt: null });
    } else {
      this.current = { ...this.current, lastSnapshotAt: at };
    }
    for (const l of [...this.snapshotListeners]) l(snapshot);
  }

  private setState(next: RemoteLinkState): void {
    this.current = next;
    for (const l of [...this.stateListeners]) l(next);
  }
}

function failure(message: string): CommandResult<never> {
  return { ok: false, error: { code: 'io_error', message } };
}

function reason(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    return `${err.message}${detail}`;
  }
  return String(err);
}
