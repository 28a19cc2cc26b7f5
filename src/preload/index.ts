// Sandboxed preload (built as CommonJS): the only bridge between the page and the main process.
// Exposes a typed API, never ipcRenderer itself; each subscription removes only its own listener.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC, type CommandResult } from '../shared/contract';
import type { Snapshot } from '../shared/snapshot';
import type { RemoteState } from '../shared/remote';
import { FOCUS_CHANNEL, OPEN_PATH_CHANNEL, REMOTE_CHANNEL, REMOTE_STATE_CHANNEL } from './channels';
import { PRELOAD_GLOBAL, type FocusTarget, type PreloadApi } from './api-types';

const api: PreloadApi = {
  getSnapshot: () => ipcRenderer.invoke(IPC.getSnapshot) as Promise<CommandResult<Snapshot>>,
  onSnapshot(cb) {
    const listener = (_event: IpcRendererEvent, snapshot: Snapshot): void => cb(snapshot);
    ipcRenderer.on(IPC.snapshot, listener);
    return () => {
      ipcRenderer.removeListener(IPC.snapshot, listener);
    };
  },
  command: (name, args) => ipcRenderer.invoke(IPC.command, name, args),
  onFocus(cb) {
    const listener = (_event: IpcRendererEvent, target: FocusTarget): void => cb(target);
    ipcRenderer.on(FOCUS_CHANNEL, listener);
    return () => {
      ipcRenderer.removeListener(FOCUS_CHANNEL, listener);
    };
  },
  openPath: (which) => ipcRenderer.invoke(OPEN_PATH_CHANNEL, which) as Promise<CommandResult<void>>,
  remote: {
    call: (action) =>
      ipcRenderer.invoke(REMOTE_CHANNEL, action) as Promise<CommandResult<RemoteState>>,
    onState(cb) {
      const listener = (_event: IpcRendererEvent, state: RemoteState): void => cb(state);
      ipcRenderer.on(REMOTE_STATE_CHANNEL, listener);
      return () => {
        ipcRenderer.removeListener(REMOTE_STATE_CHANNEL, listener);
      };
    },
  },
};

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, api);
