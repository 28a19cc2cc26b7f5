import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../shared/snapshot';
import { resetStore, useStore } from './index';
import { resolveStation } from './selectors';

function snap(instanceId: string, version: number): Snapshot {
  return { instanceId, version } as unknown as Snapshot;
}

afterEach(() => resetStore());

describe('snapshot slice', () => {
  it('replaces the snapshot with a newer version', () => {
    const { applySnapshot } = useStore.getState();
    expect(applySnapshot(snap('a', 1))).toBe(true);
    expect(applySnapshot(snap('a', 2))).toBe(true);
    expect(useStore.getState().snapshot?.version).toBe(2);
    expect(useStore.getState().connection).toBe('live');
  });

  it('ignores a stale version from the same instance', () => {
    const { applySnapshot } = useStore.getState();
    applySnapshot(snap('a', 5));
    expect(applySnapshot(snap('a', 4))).toBe(false);
    expect(applySnapshot(snap('a', 5))).toBe(false);
    expect(useStore.getState().snapshot?.version).toBe(5);
  });

  it('marks the link live again when a reconnect brings an unchanged snapshot', () => {
    const { applySnapshot, setConnection } = useStore.getState();
    applySnapshot(snap('a', 5));
    setConnection('lost');
    expect(applySnapshot(snap('a', 5))).toBe(false);
    expect(useStore.getState().connection).toBe('live');
  });

  it('accepts a lower version from a new instance (the engine restarted)', () => {
    const { applySnapshot } = useStore.getState();
    applySnapshot(snap('a', 50));
    expect(applySnapshot(snap('b', 1))).toBe(true);
    expect(useStore.getState().snapshot?.instanceId).toBe('b');
  });
});

describe('ui slice', () => {
  it('keeps errors per control and clears only the one asked', () => {
    const { setError } = useStore.getState();
    setError('x:enabled', 'nope');
    setError('y:enabled', 'also');
    setError('x:enabled', null);
    expect(useStore.getState().errors).toEqual({ 'y:enabled': 'also' });
  });

  it('shows one notice at a time, the newest', () => {
    const { pushNotice } = useStore.getState();
    for (const t of ['1', '2', '3', '4']) pushNotice(t);
    expect(useStore.getState().notices.map((n) => n.text)).toEqual(['4']);
  });

  it('asks before leaving a view with unsaved edits, and goes only when told to', () => {
    const { setView, setUnsaved, resolvePendingView } = useStore.getState();
    setView('settings');
    setUnsaved('settings');
    setView('upstreams');
    expect(useStore.getState()).toMatchObject({ view: 'settings', pendingView: 'upstreams' });
    resolvePendingView(false);
    expect(useStore.getState()).toMatchObject({ view: 'settings', pendingView: null });
    setView('requests');
    resolvePendingView(true);
    expect(useStore.getState()).toMatchObject({
      view: 'requests',
      pendingView: null,
      unsavedIn: null,
    });
  });

  it('resets to a fresh state for the next test', () => {
    useStore.getState().setView('settings');
    resetStore(42);
    expect(useStore.getState().view).toBe('upstreams');
    expect(useStore.getState().now).toBe(42);
  });
});

describe('station selection', () => {
  const service = {
    listening: null,
    error: null,
    active: 'b',
    stations: [
      { name: 'a', active: false },
      { name: 'b', active: true },
    ],
  } as unknown as Parameters<typeof resolveStation>[0];

  it('follows the active station until the user picks one', () => {
    expect(resolveStation(service, null)?.name).toBe('b');
    expect(resolveStation(service, 'a')?.name).toBe('a');
  });

  it('falls back to the active station when the picked one is gone', () => {
    expect(resolveStation(service, 'renamed-away')?.name).toBe('b');
  });
});
