// Structural sharing between two snapshots: every part of `next` that equals the same part of
// `prev` is replaced by prev's object, so React.memo rows and narrow selectors see "unchanged" for
// everything but what really changed (one upstream row when one upstream changed). Lists of
// things with an identity (`requestId`, `id`) are matched by it, not by position, so a new request
// at the head of the list does not make every other row look new.

type Plain = Record<string, unknown>;

const isPlain = (v: unknown): v is Plain =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function identityOf(v: unknown): string | null {
  if (!isPlain(v)) return null;
  if (typeof v.requestId === 'string') return `r:${v.requestId}`;
  if (typeof v.id === 'string') return `i:${v.id}`;
  return null;
}

function shareArray(prev: readonly unknown[], next: readonly unknown[]): readonly unknown[] {
  let byId: Map<string, unknown> | null = null;
  let same = prev.length === next.length;
  const out = next.map((item, i) => {
    const id = identityOf(item);
    let match: unknown = prev[i];
    if (id !== null && identityOf(match) !== id) {
      if (byId === null) {
        byId = new Map();
        for (const p of prev) {
          const pid = identityOf(p);
          if (pid !== null) byId.set(pid, p);
        }
      }
      match = byId.get(id);
    }
    const shared = match === undefined ? item : share(match, item);
    if (shared !== prev[i]) same = false;
    return shared;
  });
  return same ? prev : out;
}

/** `next`, with every part deep-equal to `prev`'s replaced by prev's (prev itself if all equal). */
export function share<T>(prev: unknown, next: T): T {
  if (prev === next) return next;
  if (Array.isArray(prev) && Array.isArray(next)) return shareArray(prev, next) as T;
  if (!isPlain(prev) || !isPlain(next)) return next;
  const prevKeys = Object.keys(prev);
  const nextKeys = Object.keys(next);
  let same = prevKeys.length === nextKeys.length;
  const out: Plain = {};
  for (const k of nextKeys) {
    const shared = share(prev[k], next[k]);
    out[k] = shared;
    if (shared !== prev[k] || !(k in prev)) same = false;
  }
  return (same ? prev : out) as T;
}
