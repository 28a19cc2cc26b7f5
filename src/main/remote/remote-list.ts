// The remembered instances of "Connect to…" (docs/behaviour.md §11.2) in `remotes.json` in the
// home, mode 0600. Tokens are sealed with Electron's safeStorage when the OS offers it; otherwise
// they are stored as they are in that owner-only file. Nothing here reaches the renderer but the
// entries without their tokens.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RemoteEntry } from '../../shared/remote';
import { replaceFile } from '../engine/atomic-file';
import type { Logger } from '../engine/types';

/** Seals tokens at rest; `file` = kept as they are (the file is 0600). */
export interface TokenVault {
  readonly kind: 'safeStorage' | 'file';
  seal(token: string): string;
  open(sealed: string): string;
}

export const fileVault: TokenVault = { kind: 'file', seal: (t) => t, open: (s) => s };

/** The part of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(text: string): Buffer;
  decryptString(data: Buffer): string;
}

/** safeStorage when the OS can encrypt, else the 0600 file. */
export function vaultFor(safeStorage: SafeStorageLike | null): TokenVault {
  if (!safeStorage || !safeStorage.isEncryptionAvailable()) return fileVault;
  return {
    kind: 'safeStorage',
    seal: (t) => safeStorage.encryptString(t).toString('base64'),
    open: (s) => safeStorage.decryptString(Buffer.from(s, 'base64')),
  };
}

interface Stored extends RemoteEntry {
  token: { vault: TokenVault['kind']; value: string };
}

export class RemoteList {
  private readonly file: string;
  private entries: Stored[] = [];

  constructor(
    home: string,
    private readonly vault: TokenVault,
    private readonly logger: Logger,
  ) {
    this.file = join(home, 'remotes.json');
    this.entries = this.read();
  }

  list(): RemoteEntry[] {
    return this.entries.map(({ id, name, url }) => ({ id, name, url }));
  }

  get(id: string): { entry: RemoteEntry; token: string } | null {
    const found = this.entries.find((e) => e.id === id);
    if (!found) return null;
    try {
      if (found.token.vault === 'safeStorage' && this.vault.kind !== 'safeStorage') {
        throw new Error('safeStorage is not available');
      }
      const token =
        found.token.vault === 'file' ? found.token.value : this.vault.open(found.token.value);
      return { entry: { id: found.id, name: found.name, url: found.url }, token };
    } catch {
      this.logger.warn(`remotes.json: the token of ${found.url} cannot be unsealed here`);
      return null;
    }
  }

  /** Adds or replaces the instance at `url` (one entry per origin). */
  put(url: string, name: string, token: string): RemoteEntry {
    const entry: Stored = {
      id: url,
      name,
      url,
      token: { vault: this.vault.kind, value: this.vault.seal(token) },
    };
    this.entries = [...this.entries.filter((e) => e.id !== url), entry];
    this.write();
    return { id: entry.id, name: entry.name, url: entry.url };
  }

  forget(id: string): boolean {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.id !== id);
    if (this.entries.length === before) return false;
    this.write();
    return true;
  }

  private read(): Stored[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    try {
      const parsed = JSON.parse(text) as { remotes?: unknown };
      if (!Array.isArray(parsed.remotes)) throw new Error('no "remotes" list');
      return parsed.remotes.filter(isStored);
    } catch (err) {
      this.logger.warn(`${this.file} is not readable (${String(err)}); no instances remembered`);
      return [];
    }
  }

  private write(): void {
    replaceFile(
      this.file,
      `${JSON.stringify({ version: 1, remotes: this.entries }, null, 2)}\n`,
      0o600,
    );
  }
}

function isStored(v: unknown): v is Stored {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  const token = o.token as Record<string, unknown> | undefined;
  return (
    typeof o.id === 'string' &&
    typeof o.name === 'string' &&
    typeof o.url === 'string' &&
    typeof token === 'object' &&
    token !== null &&
    (token.vault === 'file' || token.vault === 'safeStorage') &&
    typeof token.value === 'string'
  );
}
