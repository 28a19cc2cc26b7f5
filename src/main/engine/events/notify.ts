// Which events become notifications (docs/behaviour.md §8.1). Pure: the engine keeps the state
// and calls step() with each new snapshot and tick() when a gathered burst is due.
// - none during the first START_GRACE_MS after start;
// - each kind can be switched off ([notifications] trip / exhausted / all_down / recovered);
// - at most one per kind per relay (or per service, for all_down) per REPEAT_MS;
// - events of one kind and service arriving within GATHER_MS leave as one ("3 relays tripped").
import type {
  EngineEvent,
  EventKind,
  Notice,
  NotificationSwitches,
  RecoveredFrom,
} from '../../../shared/events';
import type { ServiceName } from '../../../shared/config-types';
import type { Snapshot } from '../../../shared/snapshot';
import { detectEvents } from './detect';

export const START_GRACE_MS = 5_000;
export const REPEAT_MS = 60_000;
export const GATHER_MS = 2_000;

interface Group {
  kind: EventKind;
  from: RecoveredFrom | null;
  service: ServiceName;
  firstAt: number;
  events: EngineEvent[];
}

export interface NotifyState {
  readonly nextEventId: number;
  readonly nextNoticeId: number;
  /** When each kind last went out for each relay / service. */
  readonly lastShown: Readonly<Record<string, number>>;
  readonly pending: readonly Group[];
}

export const initialNotifyState: NotifyState = {
  nextEventId: 1,
  nextNoticeId: 1,
  lastShown: {},
  pending: [],
};

export interface StepInput {
  prev: Snapshot | null;
  next: Snapshot;
  now: number;
  startedAt: number;
  switches: NotificationSwitches;
}

export interface StepResult {
  state: NotifyState;
  /** Every event detected (for the event log and Recent events), notified or not. */
  events: EngineEvent[];
  notices: Notice[];
}

function switchedOn(kind: EventKind, s: NotificationSwitches): boolean {
  switch (kind) {
    case 'tripped':
      return s.trip;
    case 'exhausted':
      return s.exhausted;
    case 'all_down':
      return s.allDown;
    case 'recovered':
      return s.recovered;
  }
}

function repeatKey(
  e: Pick<EngineEvent, 'kind' | 'from' | 'service' | 'relay' | 'station'>,
): string {
  const target = e.relay ? `${e.station ?? ''}/${e.relay.id}` : '*';
  return `${e.kind}:${e.from ?? ''}:${e.service}:${target}`;
}

/** Sends the groups whose gather window has passed. */
export function tick(state: NotifyState, now: number): { state: NotifyState; notices: Notice[] } {
  const due = state.pending.filter((g) => now - g.firstAt >= GATHER_MS);
  if (due.length === 0) return { state, notices: [] };
  let nextNoticeId = state.nextNoticeId;
  const lastShown = { ...state.lastShown };
  const notices: Notice[] = due.map((g) => {
    for (const e of g.events) lastShown[repeatKey(e)] = now;
    const stations = new Set(g.events.map((e) => e.station));
    return {
      id: nextNoticeId++,
      at: now,
      kind: g.kind,
      from: g.from,
      service: g.service,
      station: stations.size === 1 ? (g.events[0]?.station ?? null) : null,
      relays: g.events.flatMap((e) => (e.relay ? [e.relay] : [])),
    };
  });
  return {
    state: {
      ...state,
      nextNoticeId,
      lastShown,
      pending: state.pending.filter((g) => !due.includes(g)),
    },
    notices,
  };
}

/** When the next gathered burst is due, or null when nothing waits. */
export function nextDue(state: NotifyState): number | null {
  if (state.pending.length === 0) return null;
  return Math.min(...state.pending.map((g) => g.firstAt)) + GATHER_MS;
}

export function step(state: NotifyState, input: StepInput): StepResult {
  let nextEventId = state.nextEventId;
  const events: EngineEvent[] = detectEvents(input.prev, input.next).map((e) => ({
    ...e,
    id: nextEventId++,
  }));
  const pending = state.pending.map((g) => ({ ...g, events: [...g.events] }));
  const inGrace = input.now < input.startedAt + START_GRACE_MS;
  for (const e of events) {
    if (inGrace || !switchedOn(e.kind, input.switches)) continue;
    const last = state.lastShown[repeatKey(e)];
    if (last !== undefined && input.now - last < REPEAT_MS) continue;
    const group = pending.find(
      (g) => g.kind === e.kind && g.from === e.from && g.service === e.service,
    );
    if (group) {
      if (!group.events.some((x) => repeatKey(x) === repeatKey(e))) group.events.push(e);
    } else {
      pending.push({
        kind: e.kind,
        from: e.from,
        service: e.service,
        firstAt: input.now,
        events: [e],
      });
    }
  }
  const flushed = tick({ ...state, nextEventId, pending }, input.now);
  return { state: flushed.state, events, notices: flushed.notices };
}
