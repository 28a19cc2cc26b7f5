// The API the preload script exposes on `window.codexHelper`. Typed from the shared contract so
// the preload, the IPC handlers and the renderer cannot drift apart.
import type { CommandArgs, CommandName, CommandResult, CommandValue } from '../shared/contract';
import type { ServiceName } from '../shared/config-types';
import type { Snapshot } from '../shared/snapshot';
import type { ConnectInput, RemoteState } from '../shared/remote';

/** What the window asks of "Connect to…" (checked again in main). */
export type RemoteAction =
  | { kind: 'state' }
  | ({ kind: 'connect' } & ConnectInput)
  | { kind: 'use'; id: string | null }
  | { kind: 'forget'; id: string };

/** Desktop only: attach the window to another instance (docs/behaviour.md §11.2). */
export interface RemoteBridge {
  call(action: RemoteAction): Promise<CommandResult<RemoteState>>;
  onState(cb: (state: RemoteState) => void): () => void;
}

/** What the Electron window can open in the OS (checked again in main: `isOpenPathTarget`). */
export type OpenPathTarget = 'config' | 'logs';

/** A relay to show: its service, station and id (station/id null when unknown). */
export interface FocusTarget {
  service: ServiceName;
  station: string | null;
  id: string | null;
}

/** Every call answers with the result envelope; `lib/api.ts` is where a refusal is re-thrown. */
export interface PreloadApi {
  getSnapshot(): Promise<CommandResult<Snapshot>>;
  /** Subscribes to snapshot pushes; returns its own unsubscribe. */
  onSnapshot(cb: (snapshot: Snapshot) => void): () => void;
  command<K extends CommandName>(
    name: K,
    args: CommandArgs<K>,
  ): Promise<CommandResult<CommandValue<K>>>;
  /** Optional: only the Electron window can open files in the OS. */
  openPath?(which: OpenPathTarget): Promise<CommandResult<void>>;
  /** Optional: the desktop asks the window to show a relay (a notification was clicked). */
  onFocus?(cb: (target: FocusTarget) => void): () => void;
  /** Optional: only the desktop window can show another instance. */
  remote?: RemoteBridge;
}

/** Name of the global the preload defines (contextBridge.exposeInMainWorld). */
export const PRELOAD_GLOBAL = 'codexHelper';
