// Events the engine detects between successive snapshots (docs/behaviour.md §Notifications):
// a relay tripped (entered cooldown), a relay exhausted, a service with no upstream available,
// and recovery from each. They go to logs/events.jsonl, the Overview's "Recent events", and —
// filtered by the [notifications] switches, the start grace and coalescing — to notifications.
// Runtime-neutral.
import type { ServiceName } from './config-types';

export type EventKind = 'tripped' | 'exhausted' | 'all_down' | 'recovered';
/** What a `recovered` event recovered from. */
export type RecoveredFrom = Exclude<EventKind, 'recovered'>;

/** A relay as a notification names it: its alias, else its host. */
export interface EventRelay {
  readonly id: string;
  readonly name: string;
}

interface EventBase {
  /** Increasing within one engine instance. */
  readonly id: number;
  readonly at: number;
  readonly kind: EventKind;
  /** Set on `recovered`. */
  readonly from: RecoveredFrom | null;
  readonly service: ServiceName;
  readonly station: string | null;
}

export interface EngineEvent extends EventBase {
  /** null for `all_down` (and its recovery): the whole service. */
  readonly relay: EventRelay | null;
}

/** One notification to show: one event, or a burst of the same kind coalesced ("3 relays tripped"). */
export interface Notice extends EventBase {
  /** The relays it is about, first one is where a click goes; empty for `all_down`. */
  readonly relays: readonly EventRelay[];
}

/** `[notifications]` switches (camelCase of the config keys). */
export interface NotificationSwitches {
  readonly trip: boolean;
  readonly exhausted: boolean;
  readonly allDown: boolean;
  readonly recovered: boolean;
}

export const DEFAULT_NOTIFICATION_SWITCHES: NotificationSwitches = {
  trip: true,
  exhausted: true,
  allDown: true,
  recovered: false,
};
