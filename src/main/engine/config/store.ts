// ConfigStore: owns config.toml on disk — first load (writing the starter), validate-then-save
// with .bak/.tmp/rename, and polling hot reload. A bad file never replaces a good config and
// is never rewritten or deleted by a load.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emptyConfig, type AppConfig } from '../../../shared/config-types';
import { AppError } from '../../../shared/contract';
import type { ConfigErrorInfo } from '../../../shared/snapshot';
import { silentLogger, type Clock, type ConfigEdit, type Logger } from '../types';
import { applyConfigEdit } from './edit';
import { STARTER_CONFIG } from './starter';
import { parseConfig } from './validate';

export interface ConfigStoreOptions {
  file: string;
  clock: Clock;
  logger?: Logger;
  /** Poll interval in ms (default 250). */
  pollMs?: number;
}

type Listener = (config: AppConfig, error: ConfigErrorInfo | null) => void;

type DiskState =
  | { kind: 'ok'; text: string; fingerprint: string }
  | { kind: 'missing'; fingerprint: string }
  | { kind: 'unreadable'; reason: string; fingerprint: string };

const FILE_MODE = 0o600;

function readDisk(file: string): DiskState {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return {
      kind: 'ok',
      text,
      fingerprint: `sha256:${createHash('sha256').update(text).digest('hex')}`,
    };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
    if (code === 'ENOENT') return { kind: 'missing', fingerprint: 'missing' };
    const reason = code === 'EISDIR' ? 'it is a directory, not a file' : `${code}`;
    return { kind: 'unreadable', reason, fingerprint: `unreadable:${code}` };
  }
}

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
  /** Fingerprint of the disk content we last looked at (or wrote). */
  private seen: string | null = null;
  private readonly listeners = new Set<Listener>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(opts: ConfigStoreOptions) {
    this.file = opts.file;
    this.logger = opts.logger ?? silentLogger;
    this.pollMs = opts.pollMs ?? 250;
    // The clock is accepted for symmetry with other engine parts; the store needs no time yet.
    void opts.clock;
  }

  load(): void {
    let disk = readDisk(this.file);
    if (disk.kind === 'missing') {
      try {
        fs.mkdirSync(path.dirname(this.file), { recursive: true });
        // 'wx': never overwrite a file that appeared in the meantime.
        fs.writeFileSync(this.file, STARTER_CONFIG, { mode: FILE_MODE, flag: 'wx' });
        this.logger.info(`wrote a starter config to ${this.file}`);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? 'error';
        this.logger.warn(`${this.file}: could not write the starter config: ${code}`);
      }
      disk = readDisk(this.file);
    }
    this.config = emptyConfig();
    this.goodText = null;
    this.currentWarnings = [];
    this.absorb(disk);
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
        this.config = result.config;
        this.goodText = result.text;
        this.currentWarnings = result.warnings;
        this.problem = null;
        return;
      }
      this.problem = result.error;
    }
    this.logger.warn(this.problem.message);
  }

  checkNow(): boolean {
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
    const result = parseConfig(next, this.file);
    if (!result.ok) {
      throw new AppError('config_invalid', result.error.message, result.error.path ?? undefined);
    }
    return { next, config: result.config, warnings: result.warnings };
  }

  save(edits: ConfigEdit[]): AppConfig {
    this.checkNow();
    if (edits.length === 0 && !this.problem && this.goodText !== null) return this.config;
    const { next, ...result } = this.edited(edits);
    this.writeAtomically(next);
    this.config = result.config;
    this.goodText = next;
    this.currentWarnings = result.warnings;
    this.seen = readDisk(this.file).fingerprint;
    return this.config;
  }

  private writeAtomically(text: string): void {
    const tmp = `${this.file}.tmp`;
    const bak = `${this.file}.bak`;
    try {
      fs.copyFileSync(this.file, bak);
      fs.chmodSync(bak, FILE_MODE);
      // A leftover .tmp may carry another mode; writeFileSync's mode applies only on create.
      fs.rmSync(tmp, { force: true });
      fs.writeFileSync(tmp, text, { mode: FILE_MODE, flag: 'wx' });
      fs.renameSync(tmp, this.file);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      throw new AppError('io_error', `could not save ${this.file}: ${code}`);
    }
  }

  watch(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      try {
        this.checkNow();
      } catch (err) {
        this.logger.error(`config watch failed: ${(err as Error).message}`);
      }
    }, this.pollMs);
    this.timer.unref();
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
