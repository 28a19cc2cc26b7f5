// Reading config.toml for ConfigStore (docs/behaviour.md §1, "Loading and validation" and "Hot
// reload"): the stat the poll compares, the capped and fingerprinted read, the starter written
// when the file is missing, and the warning for an inline secret other users can read.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SERVICES, type AppConfig } from '../../../shared/config-types';
import { sha256 } from '../atomic-file';
import type { Logger } from '../types';
import { FILE_MODE } from './save-file';
import { STARTER_CONFIG } from './starter';

export type DiskState =
  | { kind: 'ok'; text: string; fingerprint: string }
  | { kind: 'missing'; fingerprint: string }
  | { kind: 'unreadable'; reason: string; fingerprint: string };

/**
 * 10 000 upstreams take about 2 MB; a file past this is refused rather than read and hashed on
 * every change.
 */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

/** What the poll compares before reading anything: inode, size and modification time. */
export function statKey(file: string): string {
  try {
    const st = fs.statSync(file);
    return `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch (err) {
    return `error:${(err as NodeJS.ErrnoException).code ?? ''}`;
  }
}

export function readDisk(file: string): DiskState {
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_CONFIG_BYTES) {
      return {
        kind: 'unreadable',
        reason: `it is ${size} bytes; config files up to ${MAX_CONFIG_BYTES} bytes (16 MiB) are read`,
        fingerprint: `too-big:${size}`,
      };
    }
    const text = fs.readFileSync(file, 'utf8');
    return {
      kind: 'ok',
      text,
      fingerprint: fingerprintOf(text),
    };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
    if (code === 'ENOENT') return { kind: 'missing', fingerprint: 'missing' };
    const reason = code === 'EISDIR' ? 'it is a directory, not a file' : `${code}`;
    return { kind: 'unreadable', reason, fingerprint: `unreadable:${code}` };
  }
}

export function fingerprintOf(text: string): string {
  return `sha256:${sha256(text)}`;
}

/** The starter config, written when config.toml is missing (docs/behaviour.md §1, The file). */
export function writeStarter(file: string, logger: Logger): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // 'wx': never overwrite a file that appeared in the meantime.
    fs.writeFileSync(file, STARTER_CONFIG, { mode: FILE_MODE, flag: 'wx' });
    logger.info(`wrote a starter config to ${file}`);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    logger.warn(`${file}: could not write the starter config: ${code}`);
  }
}

/** An inline secret in a file others may read (docs/behaviour.md §1, Credentials). */
export function modeWarnings(file: string, config: AppConfig): string[] {
  if (process.platform === 'win32') return [];
  const inline = SERVICES.some((svc) =>
    config[svc].stations.some((st) =>
      st.upstreams.some((u) => Boolean(u.auth.auth_token?.trim() || u.auth.api_key?.trim())),
    ),
  );
  if (!inline) return [];
  let mode: number;
  try {
    mode = fs.statSync(file).mode & 0o777;
  } catch {
    return [];
  }
  if ((mode & 0o077) === 0) return [];
  return [
    `${file} holds an inline secret and other users on this machine can read it (mode ${mode.toString(8).padStart(4, '0')}); run: chmod 600 ${file}`,
  ];
}
