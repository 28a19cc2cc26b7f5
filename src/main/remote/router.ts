// The EngineApi the window talks to (docs/behaviour.md §11.2): this computer's engine, or a remote
// instance while one is attached. The IPC handlers and the snapshot push go through it unchanged,
// so the renderer uses the same contract whichever instance it shows.
import type {
  CommandArgs,
  CommandName,
  CommandResult,
  CommandValue,
  EngineApi,
} from '../../shared/contract';
import type { Snapshot } from '../../shared/snapshot';

export class EngineRouter implements EngineApi {
  private target: EngineApi;
  private readonly listeners = new Set<(s: Snapshot) => void>();
  private unsubscribe: () => void;

  constructor(private readonly local: EngineApi) {
    this.target = local;
    this.unsubscribe = this.follow(local);
  }

  /** Shows `remote` (null: this computer); its latest snapshot, if any, is pushed at once. */
  use(remote: (EngineApi & { latest(): Snapshot | null }) | null): void {
    this.unsubscribe();
    this.target = remote ?? this.local;
    this.unsubscribe = this.follow(this.target);
    const now = remote ? remote.latest() : this.local.snapshot();
    if (now) for (const l of [...this.listeners]) l(now);
  }

  isLocal(): boolean {
    return this.target === this.local;
  }

  snapshot(): Snapshot {
    return this.target.snapshot();
  }

  onSnapshot(listener: (s: Snapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  command<K extends CommandName>(
    name: K,
    args: CommandArgs<K>,
  ): Promise<CommandResult<CommandValue<K>>> {
    return this.target.command(name, args);
  }

  private follow(engine: EngineApi): () => void {
    return engine.onSnapshot((s) => {
      for (const l of [...this.listeners]) l(s);
    });
  }
}
