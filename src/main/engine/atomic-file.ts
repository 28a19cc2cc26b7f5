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

/** Writes `text` beside the link's target and renames it over the target. Throws fs errors. */
export function replaceFile(file: string, text: string, mode: number): void {
  const target = linkTarget(file);
  const tmp = tmpBeside(target);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(tmp, text, { mode, flag: 'wx' });
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

function readAllAt(fd: number): string {
  const size = fs.fstatSync(fd).size;
  const buf = Buffer.alloc(size);
  let off = 0;
  while (off < size) {
    const n = fs.readSync(fd, buf, off, size - off, off);
    if (n === 0) break;
    off += n;
  }
  return buf.subarray(0, off).toString('utf8');
}

/**
 * Replaces the file only when it still holds `expected` (compared by hash just before the
 * rename). The old file stays open across the rename, so a write that lands on it after the
 * check is seen too (`late`): the caller redoes its edit on that text.
 */
export function replaceIfUnchanged(
  file: string,
  expected: string,
  text: string,
  mode: number,
  before?: (target: string) => void,
): ReplaceOutcome {
  const target = linkTarget(file);
  const fd = fs.openSync(target, 'r');
  try {
    const now = readAllAt(fd);
    if (sha256(now) !== sha256(expected)) return { kind: 'changed', now };
    before?.(target);
    replaceFile(target, text, mode);
    const after = readAllAt(fd);
    return { kind: 'written', late: after === now ? null : after };
  } finally {
    fs.closeSync(fd);
  }
}
