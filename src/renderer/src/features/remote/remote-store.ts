// Which instance the desktop window shows (docs/behaviour.md §11.2); stays null in a browser.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { RemoteState } from '../../../../shared/remote';
import { api } from '../../lib/api';

export const useRemoteStore = create<{ state: RemoteState | null; set(s: RemoteState): void }>(
  (set) => ({ state: null, set: (state) => set({ state }) }),
);

/** Follows main's RemoteState (desktop only). */
export function useRemoteLink(): void {
  useEffect(() => {
    const remote = api.remote;
    if (!remote) return;
    const { set } = useRemoteStore.getState();
    const stop = remote.onState(set);
    remote.call({ kind: 'state' }).then(set, () => undefined);
    return stop;
  }, []);
}

/** The window shows a remote instance whose link is down: its last snapshot is stale. */
export function useStale(): boolean {
  return useRemoteStore((s) => s.state?.showing != null && s.state.status === 'disconnected');
}
