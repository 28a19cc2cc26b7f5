// One engine per home (docs/behaviour.md §1): a second `serve` or app on the same folder would
// fight over config.toml, state.json and the ports. The lock file holds the owner's pid; a lock
// whose process is gone is taken over.
import * as fs from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/contract';

export interface HomeLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockHome(home: string): HomeLock {
  const file = join(home, 'engine.lock');
  for (let tries = 0; tries < 3; tries++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return {
        release: () => {
          try {
            if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.rmSync(file);
          } catch {
            // already gone
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new AppError('io_error', `cannot create ${file}: ${(err as Error).message}`);
      }
    }
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
      throw new AppError(
        'conflict',
        `another codex-helper-desktop (pid ${pid}) is already using ${home}; stop it first (or use --home for another folder)`,
      );
    }
    // Left by a process that is gone: take it over.
    fs.rmSync(file, { force: true });
  }
  throw new AppError('conflict', `${file} keeps changing; is another instance starting?`);
}
