// ConfigStore: owns config.toml on disk — first load (writing the starter), validate-then-save
// with .bak/.tmp/rename, and polling hot reload. A bad file never replaces a good config and
// is never rewritten or deleted by a load. Reading the file is in load-file.ts, writing it in
// save-file.ts.
import { emptyConfig, type AppConfig } from '../../../shared/config-types';
import { AppError } from '../../../shared/contract';
import type { ConfigErrorInfo } from '../../../shared/snapshot';
import {
  silentLogger,
  systemScheduler,
  type ConfigEdit,
  type Logger,
  type Scheduler,
} from '../types';
import { applyConfigEdit } from './edit';
import { listenFallback, type ListenFallback } from './listen-fallback';
import {
  fingerprintOf,
  modeWarnings,
  readDisk,
  statKey,
  writeStarter,
  type DiskState,
} from './load-file';
import { configAfterMove } from './move-fast';
import { lateConflict, replaceConfig } from './save-file';
import { parseConfig } from './validate';

export { MAX_CONFIG_BYTES } from './load-file';

export interface ConfigStoreOptions {
  file: string;
  /** Timers for the poll (default: real ones). */
  scheduler?: Scheduler;
  logger?: Logger;
  /** Poll interval in ms (default 250). */
  pollMs?: number;
}

type Listener = (config: AppConfig, error: ConfigErrorInfo | null) => void;

function plainError(file: string, message: string): ConfigErrorInfo {
  return { message: `${file}: ${message}`, file, path: null, line: null, column: null };
}

export class ConfigStore {
  private readonly file: string;
  private readonly logger: Logger;
  private readonly pollMs: number;
  private config: AppConfig = emptyConfig();
  private goodText: string | null = null;
  private problem: ConfigErrorInfo | null = null;
  private currentWarnings: string[] = [];
  /** What parsing goodText warned about (currentWarnings may add the file mode). */
  private parsedWarnings: string[] = [];
  private fallback: ListenFallback | null = null;
  private seenStat: string | null = null;
  /** Fingerprint of the disk content we last looked at (or wrote). */
  private seen: string | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly scheduler: Scheduler;
  private timer: unknown = null;

  constructor(opts: ConfigStoreOptions) {
    this.file = opts.file;
    this.logger = opts.logger ?? silentLogger;
    this.pollMs = opts.pollMs ?? 250;
    this.scheduler = opts.scheduler ?? systemScheduler;
  }

  load(): void {
    let disk = readDisk(this.file);
    if (disk.kind === 'missing') {
      writeStarter(this.file, this.logger);
      disk = readDisk(this.file);
    }
    this.config = emptyConfig();
    this.goodText = null;
    this.currentWarnings = [];
    this.absorb(disk);
    if (this.problem) {
      // No good config yet: listen where the file says wherever it can be read.
      this.fallback = listenFallback(disk.kind === 'ok' ? disk.text : null, this.file);
      this.config = { ...this.config, proxy: this.fallback.proxy, console: this.fallback.console };
    }
  }

  /** Set while no good config has been loaded since start (docs/behaviour.md §1). */
  listenFallback(): ListenFallback | null {
    return this.fallback;
  }

  current(): AppConfig {
    return this.config;
  }

  text(): string | null {
    return this.goodText;
  }

  error(): ConfigErrorInfo | null {
    return this.problem;
  }

  warnings(): string[] {
    return [...this.currentWarnings];
  }

  /** Takes in what is on disk now; keeps the previous good config when it is bad. */
  private absorb(disk: DiskState): void {
    this.seen = disk.fingerprint;
    if (disk.kind === 'missing') {
      this.problem = plainError(
        this.file,
        'config.toml was deleted; the last good config stays in use',
      );
    } else if (disk.kind === 'unreadable') {
      this.problem = plainError(this.file, `cannot read the file: ${disk.reason}`);
    } else {
      const result = parseConfig(disk.text, this.file);
      if (result.ok) {
        this.fallback = null;
        this.config = result.config;
        this.goodText = result.text;
        this.parsedWarnings = result.warnings;
        this.currentWarnings = [...result.warnings, ...modeWarnings(this.file, result.config)];
        this.problem = null;
        return;
      }
      this.problem = result.error;
    }
    this.logger.warn(this.problem.message);
  }

  checkNow(): boolean {
    // Polled four times a second: a stat is all it costs while nothing changes.
    const key = statKey(this.file);
    if (key === this.seenStat) return false;
    this.seenStat = key;
    const disk = readDisk(this.file);
    if (disk.fingerprint === this.seen) return false;
    this.absorb(disk);
    if (!this.problem) this.logger.info(`reloaded ${this.file}`);
    for (const listener of [...this.listeners]) listener(this.config, this.problem);
    return true;
  }

  /** The config `edits` would give, validated, without writing anything. */
  preview(edits: ConfigEdit[]): AppConfig {
    this.checkNow();
    return this.edited(edits).config;
  }

  private edited(edits: ConfigEdit[]): { next: string; config: AppConfig; warnings: string[] } {
    if (this.problem || this.goodText === null) {
      throw new AppError(
        'conflict',
        `config.toml has a problem, so the app will not write to it; fix the file first (${this.problem?.message ?? 'not loaded'})`,
      );
    }
    let next = this.goodText;
    for (const edit of edits) next = applyConfigEdit(next, edit);
    const only = edits.length === 1 ? edits[0] : undefined;
    if (only?.kind === 'moveUpstream') {
      // A move only reorders one list: no need to parse 10 000 tables again (issue 13 item 9).
      const config = configAfterMove(this.config, this.parsedWarnings, only);
      if (config !== null) return { next, config, warnings: [...this.parsedWarnings] };
    }
    const result = parseConfig(next, this.file);
    if (!result.ok) {
      throw new AppError('config_invalid', result.error.message, result.error.path ?? undefined);
    }
    return { next, config: result.config, warnings: result.warnings };
  }

  /**
   * Applies `edits` to what is on disk and writes the result. When the file changes between the
   * read and the rename (another program, the user's editor), the edits are redone on the new
   * text; unseen changes are never overwritten. Gives up with a conflict if it keeps changing.
   */
  save(edits: ConfigEdit[]): AppConfig {
    this.checkNow();
    if (edits.length === 0 && !this.problem && this.goodText !== null) return this.config;
    let { next, config, warnings } = this.edited(edits);
    /** What the file must hold for our write to lose nothing. */
    let onDisk = this.goodText as string;
    /** Text another program wrote to the file we replaced (it is not on disk any more). */
    let late: string | null = null;
    for (let round = 0; round < 10; round++) {
      const outcome = replaceConfig(this.file, onDisk, next);
      if (outcome.kind === 'written' && outcome.late === null) {
        this.config = config;
        this.goodText = next;
        this.currentWarnings = warnings;
        this.parsedWarnings = warnings;
        this.seen = fingerprintOf(next);
        // The next poll reads once more: a change right after our write must not hide behind it.
        this.seenStat = null;
        return this.config;
      }
      // Someone else's change: take it in (listeners hear of it), then redo the edits on it.
      let theirs: string;
      if (outcome.kind === 'written') {
        // They wrote to the file we had just replaced: ours is on disk without their change.
        theirs = outcome.late!;
        late = theirs;
        onDisk = next;
      } else if (late !== null) {
        // On top of that, the file we wrote changed too: only an append can be carried over.
        if (!outcome.now.startsWith(onDisk)) throw lateConflict(this.file, late);
        theirs = late + outcome.now.slice(onDisk.length);
        onDisk = outcome.now;
      } else {
        theirs = outcome.now;
        onDisk = theirs;
      }
      this.absorb({ kind: 'ok', text: theirs, fingerprint: fingerprintOf(theirs) });
      for (const listener of [...this.listeners]) listener(this.config, this.problem);
      try {
        ({ next, config, warnings } = this.edited(edits));
      } catch (err) {
        throw late !== null ? lateConflict(this.file, late) : err;
      }
    }
    if (late !== null) throw lateConflict(this.file, late);
    throw new AppError(
      'conflict',
      `${this.file} kept changing while the app tried to save; nothing was written, try again`,
    );
  }

  watch(): void {
    if (this.timer !== null) return;
    const poll = (): void => {
      try {
        this.checkNow();
      } catch (err) {
        this.logger.error(`config watch failed: ${(err as Error).message}`);
      }
      // Re-armed only while watching: a listener may have closed the store during the check.
      if (this.timer !== null) this.timer = this.scheduler.setTimeout(poll, this.pollMs);
    };
    this.timer = this.scheduler.setTimeout(poll, this.pollMs);
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  close(): void {
    if (this.timer !== null) this.scheduler.clearTimeout(this.timer);
    this.timer = null;
  }
}
