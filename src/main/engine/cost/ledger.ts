// Today's and this month's figures (docs/behaviour.md §9): cost per upstream and per
// service, unpriced requests, tokens per upstream. One source: every finished request is added
// here, and at start the same figures are rebuilt from logs/requests.jsonl (after the listeners
// are up), so a restart does not reset them. Days and months are local.
import type { ServiceName } from '../../../shared/config-types';
import type { AttemptDecision, TokenUsage } from '../../../shared/snapshot';

/** What the ledger needs of one attempt: which upstream, and how it ended. */
export interface LedgerAttempt {
  station: string;
  upstream: string;
  decision: AttemptDecision;
  status: number | null;
}

/** What the ledger needs of a finished request (a live record or a logged line). */
export interface LedgerEntry {
  requestId: string;
  time: number;
  service: ServiceName;
  station: string | null;
  upstream: { id: string } | null;
  usage: TokenUsage | null;
  costUsd: number | null;
  /** Absent on lines logged before attempts were written: those count no requests. */
  attempts?: readonly LedgerAttempt[];
}

/** Requests that reached an upstream today and how many of them it failed. */
export interface RequestFigures {
  requests: number;
  failures: number;
}

/** A client's own bad request returned untouched is not the upstream's failure. */
export function upstreamFailed(a: Pick<LedgerAttempt, 'decision' | 'status'>): boolean {
  if (a.decision === 'success') return false;
  if (a.decision === 'returned') return a.status === null || a.status >= 500;
  return true;
}

export interface CostFigures {
  todayUsd: number;
  monthUsd: number;
}

export interface ServiceCost extends CostFigures {
  unpricedToday: number;
}

interface Bucket {
  cost: Map<string, number>;
  service: Map<ServiceName, number>;
  unpriced: Map<ServiceName, number>;
  tokens: Map<string, number>;
  /** upstreamKey → requests (its retries count once) and failures. */
  hits: Map<string, RequestFigures>;
}

const emptyBucket = (): Bucket => ({
  hits: new Map(),
  cost: new Map(),
  service: new Map(),
  unpriced: new Map(),
  tokens: new Map(),
});

function add<K>(map: Map<K, number>, key: K, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

export function upstreamKey(service: ServiceName, station: string, id: string): string {
  return `${service}/${station}/${id}`;
}

/** [start, end) of the local day and month holding `t`. */
function periods(t: number): {
  dayFrom: number;
  dayUntil: number;
  monthFrom: number;
  monthUntil: number;
} {
  const d = new Date(t);
  return {
    dayFrom: new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime(),
    dayUntil: new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime(),
    monthFrom: new Date(d.getFullYear(), d.getMonth(), 1).getTime(),
    monthUntil: new Date(d.getFullYear(), d.getMonth() + 1, 1).getTime(),
  };
}

export class CostLedger {
  private day = emptyBucket();
  private month = emptyBucket();
  private bounds = periods(0);
  /** While a rebuild reads the log, the ids counted live (the log may hold them too). */
  private liveDuringRebuild: Set<string> | null = null;

  constructor(now: number) {
    this.bounds = periods(now);
  }

  /** Moves to the period holding `t` when it is later than the current one. */
  private roll(t: number): void {
    if (t < this.bounds.dayUntil) return;
    const next = periods(t);
    if (next.monthFrom !== this.bounds.monthFrom) this.month = emptyBucket();
    this.day = emptyBucket();
    this.bounds = next;
  }

  add(e: LedgerEntry): void {
    this.roll(e.time);
    this.liveDuringRebuild?.add(e.requestId);
    this.count(e);
  }

  private count(e: LedgerEntry): void {
    const { dayFrom, monthFrom } = this.bounds;
    if (e.time < monthFrom) return;
    const buckets = e.time >= dayFrom ? [this.day, this.month] : [this.month];
    const key = e.upstream && e.station ? upstreamKey(e.service, e.station, e.upstream.id) : null;
    for (const b of buckets) {
      if (e.costUsd !== null) {
        if (key) add(b.cost, key, e.costUsd);
        add(b.service, e.service, e.costUsd);
      } else if (e.usage) {
        // Tokens were spent on a model without a price: counted apart, never as 0.
        add(b.unpriced, e.service, 1);
      }
      if (e.usage && e.upstream) add(b.tokens, e.upstream.id, e.usage.totalTokens);
    }
    if (e.time >= dayFrom && e.attempts) this.countHits(e.service, e.attempts);
  }

  /** Each upstream tried counts once per request; its last attempt says whether it failed. */
  private countHits(service: ServiceName, attempts: readonly LedgerAttempt[]): void {
    if (attempts.length === 1) {
      // The usual request: one attempt, no map needed.
      const a = attempts[0]!;
      if (a.decision !== 'skip-unsupported')
        this.hit(upstreamKey(service, a.station, a.upstream), a);
      return;
    }
    const last = new Map<string, LedgerAttempt>();
    for (const a of attempts) {
      if (a.decision !== 'skip-unsupported')
        last.set(upstreamKey(service, a.station, a.upstream), a);
    }
    for (const [key, a] of last) this.hit(key, a);
  }

  private hit(key: string, a: LedgerAttempt): void {
    const prev = this.day.hits.get(key);
    this.day.hits.set(key, {
      requests: (prev?.requests ?? 0) + 1,
      failures: (prev?.failures ?? 0) + (upstreamFailed(a) ? 1 : 0),
    });
  }

  /** Call before reading the log; records added meanwhile are not counted twice. */
  beginRebuild(): void {
    this.liveDuringRebuild = new Set();
  }

  /** A record read back from the log (this month's count; others are ignored). */
  addLogged(e: LedgerEntry): void {
    if (e.time >= this.bounds.dayUntil || this.liveDuringRebuild?.has(e.requestId)) return;
    this.count(e);
  }

  finishRebuild(): void {
    this.liveDuringRebuild = null;
  }

  /** Start of the current month (what a rebuild needs to read back to). */
  monthStart(now: number): number {
    this.roll(now);
    return this.bounds.monthFrom;
  }

  upstream(service: ServiceName, station: string, id: string, now: number): CostFigures {
    this.roll(now);
    const key = upstreamKey(service, station, id);
    return { todayUsd: this.day.cost.get(key) ?? 0, monthUsd: this.month.cost.get(key) ?? 0 };
  }

  /** Requests and failures today, counted from the same records as the cost (§9.1). */
  requestsToday(service: ServiceName, station: string, id: string, now: number): RequestFigures {
    this.roll(now);
    return this.day.hits.get(upstreamKey(service, station, id)) ?? { requests: 0, failures: 0 };
  }

  service(service: ServiceName, now: number): ServiceCost {
    this.roll(now);
    return {
      todayUsd: this.day.service.get(service) ?? 0,
      monthUsd: this.month.service.get(service) ?? 0,
      unpricedToday: this.day.unpriced.get(service) ?? 0,
    };
  }

  /** Tokens per upstream id since local midnight. */
  tokensToday(now: number): Record<string, number> {
    this.roll(now);
    return Object.fromEntries(this.day.tokens);
  }

  /** Figures follow a station rename (they are keyed by station name). */
  renameStation(service: ServiceName, from: string, to: string): void {
    const prefix = upstreamKey(service, from, '');
    for (const b of [this.day, this.month]) {
      for (const map of [b.cost, b.hits] as Map<string, unknown>[]) {
        for (const [key, value] of [...map]) {
          if (!key.startsWith(prefix)) continue;
          map.delete(key);
          map.set(upstreamKey(service, to, key.slice(prefix.length)), value);
        }
      }
    }
  }
}
