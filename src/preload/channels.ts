// IPC channels that exist only in the Electron adapter (the console has no way to open OS files).
// The command and snapshot channels live in the shared contract (IPC). Kept beside the preload,
// which calls them, so main imports the preload's names and never the other way round.
import type { OpenPathTarget } from './api-types';

export const OPEN_PATH_CHANNEL = 'chd:open-path';

export function isOpenPathTarget(value: unknown): value is OpenPathTarget {
  return value === 'config' || value === 'logs';
}

/** Main → window: show this relay (a notification was clicked). */
export const FOCUS_CHANNEL = 'chd:focus';

/** Renderer → main: Connect to…, show an instance, forget one (docs/behaviour.md §11.2). */
export const REMOTE_CHANNEL = 'chd:remote';
/** Main → window: which instance the window shows and how the link is (RemoteState). */
export const REMOTE_STATE_CHANNEL = 'chd:remote-state';
