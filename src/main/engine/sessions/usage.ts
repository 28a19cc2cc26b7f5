// Which upstreams served each conversation, and its tokens and cost, from our own request log
// (docs/behaviour.md §10): read back once, when the Sessions view first asks, then kept up to date
// by every finished request. Requests counted live while the log is being read are skipped in it.
import type { ServiceName } from '../../../shared/config-types';
import type { SessionServed } from '../../../shared/contract';
import type { RequestRecord } from '../types';
import { forEachLoggedSince, type LoggedLine } from '../log/read';

export interface SessionUse {
  requests: number;
  tokens: number;
  costUsd: number | null;
  /** By `station/id`. */
  upstreams: Map<string, SessionServed>;
}

interface Served {
  service: string;
  sessionId: string;
  requestId: string;
  station: string | null;
  upstream: { id: string; host: string } | null;
  tokens: number;
  costUsd: number | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function servedOfLine(line: LoggedLine): Served | null {
  const sessionId = str(line.sessionId);
  const service = str(line.service);
  const requestId = str(line.requestId);
  if (!sessionId || !service || !requestId) return null;
  const up = line.upstream as Record<string, unknown> | null | undefined;
  const id = str(up?.id);
  const usage = line.usage as Record<string, unknown> | null | undefined;
  return {
    service,
    sessionId,
    requestId,
    station: str(line.station),
    upstream: id ? { id, host: str(up?.host) ?? '' } : null,
    tokens: num(usage?.totalTokens) ?? 0,
    costUsd: num(line.costUsd),
  };
}

export class SessionUsage {
  private readonly uses = new Map<string, SessionUse>();
  private loading: Promise<void> | null = null;
  /** Request ids counted live while the log is read back. */
  private live: Set<string> | null = null;
  private stopped = false;

  constructor(
    private readonly deps: {
      logsDir: string;
      /** Writes queued log lines, so the read sees every request finished before it. */
      flushLog: () => Promise<void>;
      keep: number;
    },
  ) {}

  /** Reads the log back the first time; later calls resolve at once. */
  load(): Promise<void> {
    this.loading ??= this.readLog();
    return this.loading;
  }

  /** A finished request (before the first load it is in the log the load will read). */
  record(r: RequestRecord): void {
    if (this.loading === null || r.sessionId === null) return;
    this.live?.add(r.requestId);
    this.add({
      service: r.service,
      sessionId: r.sessionId,
      requestId: r.requestId,
      station: r.station,
      upstream: r.upstream,
      tokens: r.usage?.totalTokens ?? 0,
      costUsd: r.costUsd,
    });
  }

  /** Stops a read in progress (the engine is stopping). */
  stop(): void {
    this.stopped = true;
  }

  of(service: ServiceName, sessionId: string): SessionUse | null {
    return this.uses.get(`${service}\u0000${sessionId}`) ?? null;
  }

  private async readLog(): Promise<void> {
    this.live = new Set();
    try {
      await this.deps.flushLog();
      await forEachLoggedSince(
        this.deps.logsDir,
        0,
        (line) => {
          const served = servedOfLine(line);
          if (served && !this.live?.has(served.requestId)) this.add(served);
        },
        { keep: this.deps.keep, cancelled: () => this.stopped },
      );
    } finally {
      this.live = null;
    }
  }

  private add(s: Served): void {
    const key = `${s.service}\u0000${s.sessionId}`;
    let use = this.uses.get(key);
    if (!use) {
      use = { requests: 0, tokens: 0, costUsd: null, upstreams: new Map() };
      this.uses.set(key, use);
    }
    use.requests += 1;
    use.tokens += s.tokens;
    if (s.costUsd !== null) use.costUsd = (use.costUsd ?? 0) + s.costUsd;
    if (s.upstream && s.station) {
      const k = `${s.station}/${s.upstream.id}`;
      const seen = use.upstreams.get(k);
      if (seen) seen.requests += 1;
      else
        use.upstreams.set(k, {
          station: s.station,
          id: s.upstream.id,
          host: s.upstream.host,
          requests: 1,
        });
    }
  }
}
