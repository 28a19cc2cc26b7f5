// The Requests view's rows: the newest requests live from the snapshot, older ones read from the
// log one page at a time (`listRequests`), so a log of any length is never sent whole.
import { useState } from 'react';
import type { RequestSummary } from '../../../../shared/snapshot';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/run-command';
import { useStore } from '../../store';
import { newestFirst } from './rows';

export const PAGE_SIZE = 100;
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

  return { rows, more, loading, error, loadOlder };
}
