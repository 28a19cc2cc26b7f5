// Sandboxed preload (built as CommonJS): the only bridge between the page and the main process.
// Exposes a typed API, never ipcRenderer itself; each subscription removes only its own listener.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC, type CommandError } from '../shared/contract';
import type { Snapshot } from '../shared/snapshot';
import { OPEN_PATH_CHANNEL } from '../main/electron/channels';
import { PRELOAD_GLOBAL, type PreloadApi } from './api-types';

const api: PreloadApi = {
  getSnapshot: () => ipcRenderer.invoke(IPC.getSnapshot) as Promise<Snapshot>,
  onSnapshot(cb) {
    const listener = (_event: IpcRendererEvent, snapshot: Snapshot): void => cb(snapshot);
    ipcRenderer.on(IPC.snapshot, listener);
    return () => {
      ipcRenderer.removeListener(IPC.snapshot, listener);
    };
  },
  command: (name, args) => ipcRenderer.invoke(IPC.command, name, args),
  async openPath(which) {
    const result = (await ipcRenderer.invoke(OPEN_PATH_CHANNEL, which)) as
      { ok: true } | { ok: false; error: CommandError };
    if (!result.ok) throw new Error(result.error.message);
  },
};

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, api);
