// The Requests view's rows: the newest requests live from the snapshot, older ones read from the
// log one page at a time (`listRequests`), so a log of any length is never sent whole.
import { useEffect, useState } from 'react';
import type { RequestSummary } from '../../../../shared/snapshot';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/run-command';
import { useStore } from '../../store';
import { newestFirst } from './rows';

export const PAGE_SIZE = 100;
/** The snapshot keeps the last this many requests (docs/behaviour.md §6). */
const LIVE_LIMIT = 200;
const EMPTY: readonly RequestSummary[] = [];

/** Newest first, each request once: the live head, then what left it, then the pages read. */
export function mergeRows(
  live: readonly RequestSummary[],
  older: readonly RequestSummary[],
): RequestSummary[] {
  const seen = new Set<string>();
  const out: RequestSummary[] = [];
  for (const r of [...newestFirst(live), ...older]) {
    if (seen.has(r.requestId)) continue;
    seen.add(r.requestId);
    out.push(r);
  }
  return out;
}

/**
 * Whether the log holds a request the live list does not: read from its newest `live + 1` lines
 * (more lines than that means some are not live). Until then, and whenever the live list is full
 * (requests may have left it since), older requests are assumed to exist.
 */
export function olderInLog(
  live: readonly Pick<RequestSummary, 'requestId'>[],
  newestLogged: { requests: readonly Pick<RequestSummary, 'requestId'>[]; more: boolean },
): boolean {
  const ids = new Set(live.map((r) => r.requestId));
  return newestLogged.more || newestLogged.requests.some((r) => !ids.has(r.requestId));
}

export interface RequestPages {
  rows: RequestSummary[];
  /** null until a page was read: whether older requests remain in the log. */
  more: boolean | null;
  loading: boolean;
  error: string | null;
  loadOlder(): void;
}

export function useRequestPages(): RequestPages {
  const live = useStore((s) => s.snapshot?.recentRequests ?? EMPTY);
  const [older, setOlder] = useState<readonly RequestSummary[]>(EMPTY);
  const [prevLive, setPrevLive] = useState(live);
  const [more, setMore] = useState<boolean | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Before any page is read: did the log, when looked at, hold anything the live list did not?
  const [probedOlder, setProbedOlder] = useState<boolean | null>(null);

  useEffect(() => {
    let current = true;
    const head = useStore.getState().snapshot?.recentRequests ?? EMPTY;
    api
      .invoke('listRequests', { limit: head.length + 1 })
      .then((page) => {
        if (current) setProbedOlder(olderInLog(head, page));
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, []);

  // Once pages are shown, requests that drop off the live head (it keeps only the newest few)
  // stay in the list above the pages instead of leaving a gap.
  if (live !== prevLive) {
    setPrevLive(live);
    if (older.length > 0) {
      const still = new Set(live.map((r) => r.requestId));
      const left = prevLive.filter((r) => !still.has(r.requestId));
      if (left.length > 0) setOlder((o) => [...newestFirst(left), ...o]);
    }
  }
  const rows = mergeRows(live, older);

  function loadOlder(): void {
    const before = rows.at(-1)?.requestId;
    setLoading(true);
    setError(null);
    api
      .invoke(
        'listRequests',
        before === undefined ? { limit: PAGE_SIZE } : { before, limit: PAGE_SIZE },
      )
      .then((page) => {
        setOlder((o) => [...o, ...page.requests]);
        setMore(page.more);
      })
      .catch((err: unknown) => setError(errorMessage(err)))
      .finally(() => setLoading(false));
  }

  // Nothing older, as far as is known: a page said so, or (before any page) the log held only
  // live requests and no request can have left the live list since.
  const known = more ?? (probedOlder === false && live.length < LIVE_LIMIT ? false : null);
  return { rows, more: known, loading, error, loadOlder };
}
