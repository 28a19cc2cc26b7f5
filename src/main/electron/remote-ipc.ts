// "Connect to…" over IPC (docs/behaviour.md §11.2): one invoke channel for the window's remote
// actions (answered with the result envelope) and one push of the RemoteState. The relay itself
// is plain Node (src/main/remote); tokens stay in main.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { AppError, wrapCommand } from '../../shared/contract';
import type { RemoteState } from '../../shared/remote';
import type { RemoteAction } from '../../preload/api-types';
import { REMOTE_CHANNEL, REMOTE_STATE_CHANNEL } from '../../preload/channels';
import type { RemoteControl } from '../remote/control';

type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;

function optionalString(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new AppError('invalid_argument', `${key} must be a string`, key);
  return v;
}

/** The action as sent by the window, checked field by field. */
export function checkRemoteAction(value: unknown): RemoteAction {
  if (typeof value !== 'object' || value === null) {
    throw new AppError('invalid_argument', 'a remote action must be an object');
  }
  const o = value as Record<string, unknown>;
  switch (o.kind) {
    case 'state':
      return { kind: 'state' };
    case 'connect': {
      const url = optionalString(o, 'url');
      if (url === undefined) throw new AppError('invalid_argument', 'url is required', 'url');
      const token = optionalString(o, 'token');
      const name = optionalString(o, 'name');
      return {
        kind: 'connect',
        url,
        ...(token !== undefined ? { token } : {}),
        ...(name !== undefined ? { name } : {}),
      };
    }
    case 'use':
      if (o.id !== null && typeof o.id !== 'string') {
        throw new AppError('invalid_argument', 'id must be a string or null', 'id');
      }
      return { kind: 'use', id: o.id };
    case 'forget':
      if (typeof o.id !== 'string')
        throw new AppError('invalid_argument', 'id must be a string', 'id');
      return { kind: 'forget', id: o.id };
    default:
      throw new AppError('invalid_argument', 'kind must be state, connect, use or forget', 'kind');
  }
}

export function registerRemoteIpc(
  ipcMain: IpcMainLike,
  control: RemoteControl,
  opts: { isTrustedSender?: (url: string) => boolean } = {},
): () => void {
  ipcMain.handle(REMOTE_CHANNEL, (event: IpcMainInvokeEvent, action: unknown) =>
    wrapCommand(async (): Promise<RemoteState> => {
      if (opts.isTrustedSender && !opts.isTrustedSender(event.senderFrame?.url ?? '')) {
        throw new AppError('refused', 'this page may not control Codex Helper');
      }
      const a = checkRemoteAction(action);
      switch (a.kind) {
        case 'state':
          return control.state();
        case 'connect':
          return control.connect(a);
        case 'use':
          return control.use(a.id);
        case 'forget':
          return control.forget(a.id);
      }
    }),
  );
  return () => ipcMain.removeHandler(REMOTE_CHANNEL);
}

/** Pushes every change of what the window shows. */
export function pushRemoteState(
  control: RemoteControl,
  target: () => Pick<WebContents, 'send' | 'isDestroyed'> | null,
): () => void {
  return control.onState((state) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(REMOTE_STATE_CHANNEL, state);
  });
}
