// One store, two slices: the engine's snapshot (replaced whole, stale versions dropped) and
// UI-only state (selection, dialogs, notices, an in-flight drag, errors per control).
import { create } from 'zustand';
import type { ServiceName } from '../../../shared/config-types';
import { isNewerSnapshot, type Snapshot } from '../../../shared/snapshot';
import { share } from './share';

export type ViewName = 'upstreams' | 'requests' | 'sessions' | 'overview' | 'settings';
export type Connection = 'connecting' | 'live' | 'unauthorized' | 'lost';

export interface Notice {
  id: number;
  text: string;
  tone: 'info' | 'warn';
}

export interface DragState {
  service: ServiceName;
  station: string;
  id: string;
  fromIndex: number;
  overIndex: number | null;
}

export interface SnapshotSlice {
  snapshot: Snapshot | null;
  /** Replaces the snapshot unless it is older than the one held; returns whether it did. */
  applySnapshot(next: Snapshot): boolean;
}

export interface UiSlice {
  view: ViewName;
  service: ServiceName;
  /** Explicit station choice per service; null follows the active station. */
  selectedStation: Record<ServiceName, string | null>;
  notices: Notice[];
  drag: DragState | null;
  /** Error text keyed by the control that caused it (e.g. `relay-a/default:enabled`). */
  errors: Record<string, string>;
  connection: Connection;
  /** The view holding unsaved edits, if any: leaving it asks first. */
  unsavedIn: ViewName | null;
  /** A view change waiting for the user to confirm dropping unsaved edits. */
  pendingView: ViewName | null;
  /** Wall clock for countdowns, advanced by a 1 s ticker (injected in tests). */
  now: number;
  /** Switches views, unless the current one has unsaved edits: then it asks first (pendingView). */
  setView(view: ViewName): void;
  setUnsaved(view: ViewName | null): void;
  /** Answers the pending question: true drops the edits and goes, false stays. */
  resolvePendingView(leave: boolean): void;
  setService(service: ServiceName): void;
  selectStation(service: ServiceName, station: string | null): void;
  pushNotice(text: string, tone?: Notice['tone']): number;
  dismissNotice(id: number): void;
  setDrag(drag: DragState | null): void;
  setError(key: string, message: string | null): void;
  setConnection(connection: Connection): void;
  tick(now: number): void;
}

export type Store = SnapshotSlice & UiSlice;

let noticeSeq = 0;

function initialState(now: number) {
  return {
    snapshot: null,
    view: 'upstreams' as ViewName,
    service: 'codex' as ServiceName,
    selectedStation: { codex: null, claude: null },
    notices: [],
    drag: null,
    errors: {},
    connection: 'connecting' as Connection,
    unsavedIn: null as ViewName | null,
    pendingView: null as ViewName | null,
    now,
  };
}

export const useStore = create<Store>()((set, get) => ({
  ...initialState(Date.now()),
  applySnapshot(next) {
    // Any snapshot proves the link is up, even one too old to keep.
    if (get().connection !== 'live') set({ connection: 'live' });
    if (!isNewerSnapshot(get().snapshot, next)) return false;
    // Unchanged parts keep their objects, so only the rows that changed re-render.
    set({ snapshot: share(get().snapshot, next) });
    return true;
  },
  setView(view) {
    const { view: current, unsavedIn } = get();
    if (view === current) return;
    if (unsavedIn === current) set({ pendingView: view });
    else set({ view, pendingView: null });
  },
  setUnsaved: (view) => set({ unsavedIn: view }),
  resolvePendingView(leave) {
    const next = get().pendingView;
    if (leave && next) set({ view: next, pendingView: null, unsavedIn: null });
    else set({ pendingView: null });
  },
  setService: (service) => set({ service }),
  selectStation: (service, station) =>
    set((s) => ({ selectedStation: { ...s.selectedStation, [service]: station } })),
  pushNotice(text, tone = 'info') {
    const id = ++noticeSeq;
    // One at a time: a new notice replaces the last, so they never pile up over the rows.
    set({ notices: [{ id, text, tone }] });
    return id;
  },
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  setDrag: (drag) => set({ drag }),
  setError(key, message) {
    set((s) => {
      if (message === null) {
        if (!(key in s.errors)) return s;
        const rest = { ...s.errors };
        delete rest[key];
        return { errors: rest };
      }
      return { errors: { ...s.errors, [key]: message } };
    });
  },
  setConnection: (connection) => set({ connection }),
  tick: (now) => set({ now }),
}));

/** Back to a fresh store (tests). */
export function resetStore(now = 0): void {
  noticeSeq = 0;
  useStore.setState(initialState(now));
}
