// The Electron adapter over EngineApi: one invoke channel for every command (through the same
// envelope wrapper as the HTTP console), one for the current snapshot, and one push channel.
// Every invoke channel answers with the result envelope; nothing is thrown across IPC.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { callEngine } from '../../shared/command-call';
import { AppError, IPC, wrapCommand, type EngineApi } from '../../shared/contract';
import type { Snapshot } from '../../shared/snapshot';
import type { OpenPathTarget } from '../../preload/api-types';
import { OPEN_PATH_CHANNEL, isOpenPathTarget } from '../../preload/channels';

export interface IpcOptions {
  /** Opens the config file or the logs folder in the OS; absent → openPath is refused. */
  openPath?: (which: OpenPathTarget) => Promise<void>;
  /**
   * Only our own page may call in (Electron security checklist: validate the sender). Receives
   * the URL of the calling frame; absent → every sender is accepted.
   */
  isTrustedSender?: (url: string) => boolean;
}

type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;

function senderUrl(event: IpcMainInvokeEvent): string {
  return event.senderFrame?.url ?? '';
}

/** Registers the handlers; returns a function that removes them again. */
export function registerIpc(
  ipcMain: IpcMainLike,
  engine: EngineApi,
  opts: IpcOptions = {},
): () => void {
  const refuseUntrusted = (event: IpcMainInvokeEvent): void => {
    if (opts.isTrustedSender && !opts.isTrustedSender(senderUrl(event))) {
      throw new AppError('refused', 'this page may not control Codex Helper');
    }
  };

  ipcMain.handle(IPC.command, async (event, name: unknown, args: unknown) => {
    const trusted = await wrapCommand(() => refuseUntrusted(event));
    if (!trusted.ok) return trusted;
    return callEngine(engine, name, args);
  });
  ipcMain.handle(IPC.getSnapshot, (event) =>
    wrapCommand(() => {
      refuseUntrusted(event);
      return engine.snapshot();
    }),
  );
  ipcMain.handle(OPEN_PATH_CHANNEL, (event, which: unknown) =>
    wrapCommand(async () => {
      refuseUntrusted(event);
      if (!isOpenPathTarget(which)) {
        throw new AppError('invalid_argument', 'openPath takes "config" or "logs"', 'which');
      }
      if (!opts.openPath) throw new AppError('refused', 'opening files is not available here');
      await opts.openPath(which);
    }),
  );
  return () => {
    for (const channel of [IPC.command, IPC.getSnapshot, OPEN_PATH_CHANNEL]) {
      ipcMain.removeHandler(channel);
    }
  };
}

/**
 * Forwards every snapshot the engine publishes (the engine already sends at most one per
 * interval) to the window. `target()` is asked at delivery time because the window can be
 * re-created or destroyed.
 */
export function pushSnapshots(
  engine: EngineApi,
  target: () => Pick<WebContents, 'send' | 'isDestroyed'> | null,
): () => void {
  return engine.onSnapshot((snapshot: Snapshot) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(IPC.snapshot, snapshot);
  });
}
