// "Connect to…" (docs/behaviour.md §11.2): remembers instances, attaches the window to one or back
// to this computer, and tells the window what it shows. Plain Node: the Electron adapter passes
// its IPC calls here, and tests drive it against a real `serve`.
import { bearer } from '../../shared/console-client';
import { AppError, HTTP } from '../../shared/contract';
import {
  LOCAL_REMOTE_STATE,
  parseConsoleUrl,
  type ConnectInput,
  type RemoteEntry,
  type RemoteState,
} from '../../shared/remote';
import type { Scheduler } from '../engine/types';
import { RemoteEngine, type RemoteLinkState } from './remote-engine';
import type { RemoteList } from './remote-list';
import type { EngineRouter } from './router';

export interface RemoteControlOptions {
  router: EngineRouter;
  list: RemoteList;
  scheduler: Scheduler;
}

export class RemoteControl {
  private remote: { entry: RemoteEntry; engine: RemoteEngine } | null = null;
  private readonly listeners = new Set<(s: RemoteState) => void>();

  constructor(private readonly o: RemoteControlOptions) {}

  state(): RemoteState {
    const saved = this.o.list.list();
    if (!this.remote) return { ...LOCAL_REMOTE_STATE, saved };
    const link: RemoteLinkState = this.remote.engine.state();
    return { showing: this.remote.entry, ...link, saved };
  }

  onState(listener: (s: RemoteState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Checks the URL and token against the instance, remembers it, and shows it. */
  async connect(input: ConnectInput): Promise<RemoteState> {
    const parsed = parseConsoleUrl(input);
    if ('error' in parsed)
      throw new AppError('invalid_argument', `${parsed.path} ${parsed.error}`, parsed.path);
    let status: number;
    try {
      const res = await fetch(`${parsed.origin}${HTTP.snapshot}`, {
        headers: bearer(parsed.token),
      });
      status = res.status;
      await res.body?.cancel();
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new AppError('io_error', `${parsed.origin} cannot be reached (${why})`, 'url');
    }
    if (status === 401)
      throw new AppError('refused', `${parsed.origin} refused the token`, 'token');
    if (status !== 200) {
      throw new AppError(
        'io_error',
        `${parsed.origin} is not a Codex Helper console (HTTP ${status})`,
        'url',
      );
    }
    const name = input.name?.trim() || new URL(parsed.origin).host;
    const entry = this.o.list.put(parsed.origin, name, parsed.token);
    this.attach(entry, parsed.token);
    return this.state();
  }

  /** Shows a remembered instance, or this computer (`id` null). */
  use(id: string | null): RemoteState {
    if (id === null) {
      this.detach();
      this.emit();
      return this.state();
    }
    const found = this.o.list.get(id);
    if (!found) throw new AppError('not_found', `no remembered instance ${id}`, 'id');
    this.attach(found.entry, found.token);
    return this.state();
  }

  forget(id: string): RemoteState {
    if (this.remote?.entry.id === id) this.detach();
    this.o.list.forget(id);
    this.emit();
    return this.state();
  }

  stop(): void {
    this.detach();
  }

  private attach(entry: RemoteEntry, token: string): void {
    this.detach();
    const engine = new RemoteEngine({ origin: entry.url, token, scheduler: this.o.scheduler });
    this.remote = { entry, engine };
    engine.onState(() => this.emit());
    this.o.router.use(engine);
    engine.start();
    this.emit();
  }

  private detach(): void {
    if (!this.remote) return;
    this.remote.engine.stop();
    this.remote = null;
    this.o.router.use(null);
  }

  private emit(): void {
    const s = this.state();
    for (const l of [...this.listeners]) l(s);
  }
}
