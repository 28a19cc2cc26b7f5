// Writing config.toml for ConfigStore's save (docs/behaviour.md §1, "Saving"): the replace with
// its .bak, and the .conflict file kept when another program's text would otherwise be lost.
import * as fs from 'node:fs';
import { AppError } from '../../../shared/contract';
import { replaceIfUnchanged, type ReplaceOutcome } from '../atomic-file';

/** config.toml, its .bak, .conflict and the starter: readable by their owner only. */
export const FILE_MODE = 0o600;

/**
 * Replaces `file` with `next` when it still holds `onDisk` (`../atomic-file.ts`), keeping the
 * replaced file as `.bak`; a failure to write is an `io_error`.
 */
export function replaceConfig(file: string, onDisk: string, next: string): ReplaceOutcome {
  try {
    return replaceIfUnchanged(file, onDisk, next, FILE_MODE, {
      backup: (target) => {
        fs.copyFileSync(target, `${file}.bak`);
        fs.chmodSync(`${file}.bak`, FILE_MODE);
      },
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new AppError('io_error', `could not save ${file}: ${code}`);
  }
}

/** Their text would be lost: keep it beside the file and say where. */
export function lateConflict(file: string, text: string): AppError {
  const kept = `${file}.conflict`;
  try {
    fs.writeFileSync(kept, text, { mode: FILE_MODE });
  } catch {
    // the message still says what happened
  }
  return new AppError(
    'conflict',
    `${file} was changed by another program while the app saved; their version is kept in ${kept}, merge it by hand`,
  );
}
