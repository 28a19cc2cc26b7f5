// File access for the client switches: clear errors, atomic writes that keep the file's mode,
// and the small JSON switch-state files kept beside the clients' configs.
import fs from 'node:fs';
import { AppError } from '../../../shared/contract';
import { replaceFile } from '../atomic-file';

/** The file's text, or null when it does not exist; anything else unreadable is an io_error. */
export function readTextIfExists(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'EISDIR') throw new AppError('io_error', `${file} is a directory, not a file`);
    throw new AppError('io_error', `cannot read ${file}: ${(err as Error).message}`);
  }
}

/**
 * Writes beside the target and renames over it, so a crash never leaves half a config; a symlink
 * is written through to its target and stays a link (atomic-file.ts).
 */
export function writeFileAtomic(file: string, text: string): void {
  let mode = 0o600;
  try {
    mode = fs.statSync(file).mode & 0o777;
  } catch {
    // New file: private by default, it sits next to the user's credentials.
  }
  try {
    replaceFile(file, text, mode);
  } catch (err) {
    throw new AppError('io_error', `cannot write ${file}: ${(err as Error).message}`);
  }
}

export function removeFile(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch (err) {
    throw new AppError('io_error', `cannot remove ${file}: ${(err as Error).message}`);
  }
}

/** Reads a switch-state file; a corrupt one is an error (it holds what off must restore). */
export function readSwitchState<T>(file: string, isValid: (v: unknown) => v is T): T | null {
  const text = readTextIfExists(file);
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('io_error', `switch state ${file} is not valid JSON; fix or remove it`);
  }
  if (!isValid(value)) {
    throw new AppError(
      'io_error',
      `switch state ${file} has an unexpected shape; fix or remove it`,
    );
  }
  return value;
}

export function writeSwitchState(file: string, state: unknown): void {
  writeFileAtomic(file, JSON.stringify(state, null, 2) + '\n');
}

/**
 * Before the first change to a client's file: a backup of the whole file (when it exists) and
 * the switch state recording what was there. Called only when no switch state exists yet, so a
 * re-switch never overwrites the user's originals.
 */
export function recordBeforeFirstChange(
  files: { config: string; backup: string; state: string },
  fileExisted: boolean,
  state: unknown,
): void {
  if (fileExisted) {
    try {
      fs.copyFileSync(files.config, files.backup);
    } catch (err) {
      throw new AppError('io_error', `cannot back up ${files.config}: ${(err as Error).message}`);
    }
  }
  writeSwitchState(files.state, state);
}
