// Replacing a user's file without losing anything (docs/security.md): the new text goes to a
// temporary file in the same folder as the real file and is renamed over it, so a crash never
// leaves half a file; a symlink (dotfiles kept in a repo) is written through to its target and
// stays a link; and `replaceIfUnchanged` refuses to overwrite changes it has not seen.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The file a path finally names: symlinks followed, even when the target does not exist yet. */
export function linkTarget(file: string): string {
  let current = file;
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      link = fs.readlinkSync(current);
    } catch {
      return current;
    }
    current = path.resolve(path.dirname(current), link);
  }
  return current;
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

function tmpBeside(target: string): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`,
  );
}

/** Writes `text` to a new temporary file beside `target`; returns its path. Throws fs errors. */
function writeBeside(target: string, text: string, mode: number): string {
  const tmp = tmpBeside(target);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(tmp, text, { mode, flag: 'wx' });
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  return tmp;
}

/** Writes `text` beside the link's target and renames it over the target. Throws fs errors. */
export function replaceFile(file: string, text: string, mode: number): void {
  const target = linkTarget(file);
  const tmp = writeBeside(target, text, mode);
  try {
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

export type ReplaceOutcome =
  /** The file no longer holds `expected`: nothing was written; `now` is what it holds. */
  | { kind: 'changed'; now: string }
  /** Written. `late` is set when someone wrote to the old file between the check and the rename. */
  | { kind: 'written'; late: string | null };

/**
 * Reads the open file again until two reads agree (`first` being the first read): a read can see
 * another program's write half done, and its text then ends mid-line (docs/behaviour.md §1, "Never over unseen changes").
 */
function readSettled(fd: number, first: string): string {
  let text = first;
  for (let i = 0; i < 10; i++) {
    const again = readAllAt(fd).toString('utf8');
    if (again === text) break;
    text = again;
  }
  return text;
}

function readAllAt(fd: number): Buffer {
  const size = fs.fstatSync(fd).size;
  const buf = Buffer.alloc(size);
  let off = 0;
  while (off < size) {
    const n = fs.readSync(fd, buf, off, size - off, off);
    if (n === 0) break;
    off += n;
  }
  return buf.subarray(0, off);
}

export interface ReplaceHooks {
  /**
   * Keeps a copy of the file about to be replaced (`target`: the path, symlinks followed). Runs
   * before the check, so a failing backup leaves the file untouched, and the gap stays short.
   */
  backup?: (target: string) => void;
  /** Runs between the check and the rename (tests use it to write to the file in that gap). */
  between?: (target: string) => void;
}

/**
 * Replaces the file only when it still holds `expected`. Everything slow (writing the new text,
 * the backup) happens before the check, so only a read and a rename separate the check from the
 * replacement (another program appending in a loop once lost its lines in a longer gap);
 * the old file stays open across the rename, so a write that still lands on it in that gap is
 * seen too (`late`): the caller redoes its edit on that text.
 */
export function replaceIfUnchanged(
  file: string,
  expected: string,
  text: string,
  mode: number,
  hooks: ReplaceHooks = {},
): ReplaceOutcome {
  const target = linkTarget(file);
  const tmp = writeBeside(target, text, mode);
  let renamed = false;
  let fd: number | null = null;
  try {
    hooks.backup?.(target);
    fd = fs.openSync(target, 'r');
    const now = readAllAt(fd).toString('utf8');
    if (now !== expected) return { kind: 'changed', now };
    hooks.between?.(target);
    fs.renameSync(tmp, target);
    renamed = true;
    const read = readAllAt(fd).toString('utf8');
    // Read again only when someone wrote to it: the usual save reads the old file once.
    const after = read === now ? now : readSettled(fd, read);
    return { kind: 'written', late: after === now ? null : after };
  } finally {
    if (fd !== null) fs.closeSync(fd);
    if (!renamed) fs.rmSync(tmp, { force: true });
  }
}
