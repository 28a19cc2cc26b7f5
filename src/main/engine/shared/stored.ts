// What the Redis store keeps, as changes (docs/behaviour.md §11.1): a relay's hash, a session's
// binding, a session's latest pin or unpin; and the queue slot each change takes while unsent.
import type { ServiceName } from '../../../shared/config-types';
import type { BalanceSnapshot } from '../../../shared/snapshot';
import type { SharedChange } from './port';

/** Pins and unpins are kept apart from bindings: a later binding must not overwrite a pin. */
export function queueId(change: SharedChange): string {
  if (change.kind === 'unpin' || (change.kind === 'session' && change.pinned)) {
    return `pin|${change.service}|${change.sessionId}`;
  }
  if (change.kind === 'session') return `session|${change.service}|${change.sessionId}`;
  return `${change.kind}|${change.key}`;
}

/** A stored binding → the change, or null when unreadable. */
export function bindingChange(
  service: ServiceName,
  sessionId: string,
  at: string | null,
  v: string | null,
): SharedChange | null {
  if (at === null || v === null) return null;
  try {
    const entry = JSON.parse(v) as { key?: unknown; pinned?: unknown };
    // Pins live in their own hashes (pinChange); a pinned entry here is from an older version.
    if (typeof entry.key !== 'string' || entry.pinned === true) return null;
    return {
      kind: 'session',
      service,
      sessionId,
      key: entry.key,
      pinned: false,
      at: Number(at),
      ttlMs: 0,
    };
  } catch {
    return null;
  }
}

/** A stored pin or unpin → the change (the latest of the two is what the store kept). */
export function pinChange(
  service: ServiceName,
  sessionId: string,
  at: string | null,
  pinned: string | null,
  key: string | null,
): SharedChange | null {
  const when = Number(at);
  if (at === null || !Number.isFinite(when)) return null;
  if (pinned === '0') return { kind: 'unpin', service, sessionId, at: when };
  if (pinned !== '1' || key === null || key === '') return null;
  return { kind: 'session', service, sessionId, key, pinned: true, at: when, ttlMs: 0 };
}

export function changesOf(key: string, row: Record<string, string>, now: number): SharedChange[] {
  const out: SharedChange[] = [];
  const until = Number(row.until);
  if (row.until !== undefined && until > now) {
    out.push({ kind: 'cooldown', key, until, failures: Number(row.fails ?? 0) });
  }
  if (row.exAt !== undefined) {
    const by = row.exBy === 'balance' || row.exBy === 'quota-error' ? row.exBy : 'user';
    out.push({
      kind: 'exhaust',
      key,
      exhausted: row.ex === '1',
      reason: row.exReason === undefined || row.exReason === '' ? null : row.exReason,
      by: row.ex === '1' ? by : null,
      at: Number(row.exAt),
    });
  }
  if (row.bal !== undefined) {
    try {
      out.push({ kind: 'balance', key, balance: JSON.parse(row.bal) as BalanceSnapshot });
    } catch {
      // A hand-written value that is not JSON: ignored.
    }
  }
  return out;
}
