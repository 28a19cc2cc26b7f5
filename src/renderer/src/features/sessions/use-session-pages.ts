// The Sessions view's conversations, read through `listSessions` a page at a time (the folder may
// hold thousands): the first page when the view opens or the service changes, more on request,
// and the pages shown read again after a pin or on Refresh.
import { useCallback, useEffect, useState } from 'react';
import type { ServiceName } from '../../../../shared/config-types';
import type { SessionPage, SessionSummary } from '../../../../shared/contract';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/run-command';

export const SESSION_PAGE = 50;
/** The most listSessions gives in one call. */
const MAX_CALL = 200;

export interface SessionPages {
  sessions: SessionSummary[];
  total: number | null;
  more: boolean;
  loading: boolean;
  error: string | null;
  loadMore(): void;
  reload(): void;
}

/** The first `count` conversations, in as few calls as the command's limit allows. */
export async function readFirst(service: ServiceName, count: number): Promise<SessionPage> {
  const sessions: SessionSummary[] = [];
  let page: SessionPage = { sessions: [], total: 0, more: true };
  while (sessions.length < count && page.more) {
    const limit = Math.min(MAX_CALL, count - sessions.length);
    page = await api.invoke('listSessions', { service, offset: sessions.length, limit });
    sessions.push(...page.sessions);
    if (page.sessions.length === 0) break;
  }
  return { sessions, total: page.total, more: page.more };
}

export function useSessionPages(service: ServiceName): SessionPages {
  const [data, setData] = useState<{ service: ServiceName; page: SessionPage } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [want, setWant] = useState({ service, count: SESSION_PAGE, round: 0 });

  if (want.service !== service) setWant({ service, count: SESSION_PAGE, round: 0 });

  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    readFirst(want.service, want.count)
      .then((page) => live && setData({ service: want.service, page }))
      .catch((err: unknown) => live && setError(errorMessage(err)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [want]);

  const loadMore = useCallback(() => setWant((w) => ({ ...w, count: w.count + SESSION_PAGE })), []);
  const reload = useCallback(() => setWant((w) => ({ ...w, round: w.round + 1 })), []);
  const page = data?.service === service ? data.page : null;
  return {
    sessions: page?.sessions ?? [],
    total: page?.total ?? null,
    more: page?.more ?? false,
    loading,
    error,
    loadMore,
    reload,
  };
}
