// Session affinity (docs/behaviour.md §2.7): each conversation remembers the upstream that last
// answered it (its binding) and may be pinned to one. Entries name the upstream by station and
// signature, so they follow it through reorders and edits exactly like its balancer state.
// Bounded: at most MAX_SESSIONS bindings (and as many pins) per service, least recently used
// dropped first; a binding unused for the TTL is forgotten when next looked up.
import { SERVICES, type ServiceName } from '../../../shared/config-types';
import type { Affinity } from '../../../shared/snapshot';
import type { PersistedSessions, SessionEntry, SessionRoute } from '../types';
import { renameSignature } from './layout';

export const MAX_SESSIONS = 10_000;
/** A binding used again within this long is not worth a state.json write of its own. */
const TOUCH_PERSIST_MS = 60_000;

type Table = Map<string, SessionEntry>;

function tables(): Record<ServiceName, Table> {
  return Object.fromEntries(SERVICES.map((s) => [s, new Map()])) as Record<ServiceName, Table>;
}

/** Map insertion order is the LRU order: re-inserting moves an entry to the young end. */
function put(table: Table, entry: SessionEntry, max: number): void {
  table.delete(entry.id);
  table.set(entry.id, entry);
  while (table.size > max) {
    const oldest = table.keys().next();
    if (oldest.done) break;
    table.delete(oldest.value);
  }
}

export interface RouteOptions {
  now: number;
  affinity: boolean;
  ttlMs: number;
}

export class SessionTable {
  private bindings = tables();
  private pins = tables();
  /** When each session was last unpinned (memory only): an older pin heard later loses to it. */
  private unpins = tables();

  constructor(private readonly max = MAX_SESSIONS) {}

  /** Resolves a request's session; `dropped` is true when an expired binding was removed. */
  route(
    service: ServiceName,
    sessionId: string,
    opts: RouteOptions,
  ): { route: SessionRoute; dropped: boolean } {
    const pin = this.pins[service].get(sessionId) ?? null;
    let binding: SessionEntry | null = null;
    let expired = false;
    if (opts.affinity) {
      const found = this.bindings[service].get(sessionId);
      if (found && opts.now - found.at >= opts.ttlMs) {
        this.bindings[service].delete(sessionId);
        expired = true;
      } else if (found) {
        binding = found;
      }
    }
    return {
      route: { service, sessionId, pin, binding, expired, passedOver: null, tried: false },
      dropped: expired,
    };
  }

  /**
   * The upstream that answered becomes the session's. Returns whether state.json should be
   * written: a new or changed binding, or a touch of one not written for a while.
   */
  bind(route: SessionRoute, station: string, signature: string, now: number): boolean {
    const table = this.bindings[route.service];
    const old = table.get(route.sessionId);
    if (old && old.station === station && old.signature === signature) {
      // The common case: the same upstream answered again. Touch it in place (no new entry).
      const stale = now - old.at > TOUCH_PERSIST_MS;
      old.at = now;
      table.delete(old.id);
      table.set(old.id, old);
      return stale;
    }
    put(table, { id: route.sessionId, station, signature, at: now }, this.max);
    return true;
  }

  /** A binding learned from another instance (docs/behaviour.md §11): the latest use wins. */
  put(
    service: ServiceName,
    sessionId: string,
    station: string,
    signature: string,
    at: number,
  ): void {
    const old = this.bindings[service].get(sessionId);
    if (old && old.at >= at) return;
    put(this.bindings[service], { id: sessionId, station, signature, at }, this.max);
  }

  binding(service: ServiceName, sessionId: string): SessionEntry | null {
    return this.bindings[service].get(sessionId) ?? null;
  }

  pin(
    service: ServiceName,
    sessionId: string,
    station: string,
    signature: string,
    now: number,
  ): void {
    put(this.pins[service], { id: sessionId, station, signature, at: now }, this.max);
    this.unpins[service].delete(sessionId);
  }

  unpin(service: ServiceName, sessionId: string, now: number): boolean {
    put(this.unpins[service], { id: sessionId, station: '', signature: '', at: now }, this.max);
    return this.pins[service].delete(sessionId);
  }

  /**
   * A pin learned from another instance (docs/behaviour.md §11.1): kept unless this instance
   * pinned or unpinned the session later (at the same time an unpin wins). True when it changed.
   */
  putPin(
    service: ServiceName,
    sessionId: string,
    station: string,
    signature: string,
    at: number,
  ): boolean {
    const old = this.pins[service].get(sessionId);
    const same = old?.station === station && old.signature === signature;
    if (old && (old.at > at || (old.at === at && same))) return false;
    const unpinned = this.unpins[service].get(sessionId);
    if (unpinned && unpinned.at >= at) return false;
    this.pin(service, sessionId, station, signature, at);
    return true;
  }

  /** An unpin learned from another instance: removes a pin made before it. True when it did. */
  dropPin(service: ServiceName, sessionId: string, at: number): boolean {
    const old = this.pins[service].get(sessionId);
    if (old && old.at > at) return false;
    const seen = this.unpins[service].get(sessionId);
    if (!seen || seen.at < at) {
      put(this.unpins[service], { id: sessionId, station: '', signature: '', at }, this.max);
    }
    return old !== undefined && this.pins[service].delete(sessionId);
  }

  pinOf(service: ServiceName, sessionId: string): SessionEntry | null {
    return this.pins[service].get(sessionId) ?? null;
  }

  /** Renaming a station through the app carries its sessions, like its balancer state. */
  renameStation(service: ServiceName, from: string, to: string): boolean {
    let changed = false;
    for (const table of [this.bindings[service], this.pins[service]]) {
      for (const entry of table.values()) {
        if (entry.station !== from) continue;
        entry.station = to;
        entry.signature = renameSignature(entry.signature, from, to);
        changed = true;
      }
    }
    return changed;
  }

  /** The station's upstreams got new identities in place (addIdentityTags): sessions follow. */
  resign(
    service: ServiceName,
    station: string,
    from: readonly string[],
    to: readonly string[],
  ): boolean {
    const next = new Map<string, string>();
    from.forEach((sig, i) => {
      const now = to[i];
      if (now !== undefined && now !== sig) next.set(sig, now);
    });
    if (next.size === 0) return false;
    let changed = false;
    for (const table of [this.bindings[service], this.pins[service]]) {
      for (const entry of table.values()) {
        const sig = entry.station === station ? next.get(entry.signature) : undefined;
        if (sig === undefined) continue;
        entry.signature = sig;
        changed = true;
      }
    }
    return changed;
  }

  removeStation(service: ServiceName, name: string): boolean {
    let changed = false;
    for (const table of [this.bindings[service], this.pins[service]]) {
      for (const [id, entry] of table) {
        if (entry.station === name) {
          table.delete(id);
          changed = true;
        }
      }
    }
    return changed;
  }

  toJSON(): Record<ServiceName, PersistedSessions> {
    const copy = (t: Table) => [...t.values()].map((e) => ({ ...e }));
    return Object.fromEntries(
      SERVICES.map((s) => [s, { bindings: copy(this.bindings[s]), pins: copy(this.pins[s]) }]),
    ) as Record<ServiceName, PersistedSessions>;
  }

  restore(persisted: Partial<Record<ServiceName, PersistedSessions>>): void {
    this.bindings = tables();
    this.pins = tables();
    this.unpins = tables();
    for (const s of SERVICES) {
      for (const e of persisted[s]?.bindings ?? []) put(this.bindings[s], { ...e }, this.max);
      for (const e of persisted[s]?.pins ?? []) put(this.pins[s], { ...e }, this.max);
    }
  }
}

export interface AffinityOutcome {
  affinity: Affinity;
  affinityReason?: string;
}

/**
 * How a request with a session id was routed, for the request log: `new` when the session had
 * no upstream yet, `kept` when its own upstream answered, `moved` otherwise, with the reason.
 * `answered` is the upstream whose response the client got (null: the proxy answered itself);
 * `failure` is what went wrong on the session's own upstream when it was tried and failed.
 */
export function affinityOf(
  route: SessionRoute,
  answered: { station: string; signature: string } | null,
  failure: string | null,
): AffinityOutcome {
  const own = route.pin ?? route.binding;
  if (!own) {
    return route.expired
      ? { affinity: 'new', affinityReason: 'the previous binding expired' }
      : { affinity: 'new' };
  }
  if (answered && answered.station === own.station && answered.signature === own.signature) {
    return { affinity: 'kept' };
  }
  const whose = route.pin ? 'pinned upstream' : 'bound upstream';
  let why: string;
  if (route.passedOver !== null) why = `${whose} ${route.passedOver}`;
  else if (route.tried) why = `${whose} failed${failure ? `: ${failure}` : ''}`;
  else why = `${whose} is no longer in the stations tried`;
  return { affinity: 'moved', affinityReason: why };
}
