// What the engine remembers about finished requests: the recent-requests ring for the snapshot,
// per-upstream counters, and the overview metrics. Bounded in memory whatever the traffic.
// Tokens and cost today live in cost/ledger.ts (one source, rebuilt from the log at start).
import type { ServiceName } from '../../shared/config-types';
import type {
  MetricsSnapshot,
  RequestSummary,
  UpstreamStats,
  UpstreamTestResult,
} from '../../shared/snapshot';
import { upstreamFailed } from './cost/ledger';

const RECENT_LIMIT = 200;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const CHART_MINUTES = 15;
/** At most this many hour-window entries are kept (one per request; old ones fall off). */
const HOUR_LIMIT = 50_000;

/** Hour-window flags of one request. */
const OK = 1;
const FAILOVER = 2;

interface MinuteBucket {
  requests: number;
  failures: number;
  latencySum: number;
}

function statKey(service: ServiceName, station: string, id: string): string {
  return `${service}/${station}/${id}`;
}

export class Activity {
  /** Ring buffer: `recentHead` is the next slot to overwrite once it is full. */
  private readonly recent: RequestSummary[] = [];
  private recentHead = 0;
  private readonly stats = new Map<string, UpstreamStats>();
  private readonly tests = new Map<string, UpstreamTestResult>();
  /**
   * The last hour's requests, oldest first, as a ring of typed arrays (finish time, flags): a
   * request adds no object that would live for the hour (docs/benchmarks.md).
   */
  private readonly hourTimes = new Float64Array(HOUR_LIMIT);
  private readonly hourFlags = new Uint8Array(HOUR_LIMIT);
  private hourHead = 0;
  private hourSize = 0;
  /** Successes and failovers among the kept entries, so a snapshot does not count them again. */
  private hourOk = 0;
  private hourFailovers = 0;
  /** minute index → upstream id → bucket */
  private minutes = new Map<number, Map<string, MinuteBucket>>();

  record(r: RequestSummary): void {
    if (this.recent.length < RECENT_LIMIT) this.recent.push(r);
    else {
      this.recent[this.recentHead] = r;
      this.recentHead = (this.recentHead + 1) % RECENT_LIMIT;
    }

    // Counters are per request that reached the upstream (its retries count once); the last
    // attempt on it gives its latest status and latency.
    const only = r.attempts.length === 1 ? r.attempts[0] : undefined;
    if (only) {
      // The common case: one attempt, no map needed.
      if (only.decision !== 'skip-unsupported') {
        this.count(statKey(r.service, only.station, only.upstream), only);
      }
    } else {
      const lastAttempt = new Map<string, (typeof r.attempts)[number]>();
      for (const a of r.attempts) {
        if (a.decision !== 'skip-unsupported')
          lastAttempt.set(statKey(r.service, a.station, a.upstream), a);
      }
      for (const [key, a] of lastAttempt) this.count(key, a);
    }

    const ok = r.status >= 200 && r.status < 400;
    const failover = r.attempts.some(
      (a) => a.decision === 'failover' || a.decision === 'exhausted',
    );
    if (this.hourSize === HOUR_LIMIT) this.dropOldest();
    const slot = (this.hourHead + this.hourSize) % HOUR_LIMIT;
    this.hourTimes[slot] = r.time;
    this.hourFlags[slot] = (ok ? OK : 0) | (failover ? FAILOVER : 0);
    this.hourSize++;
    if (ok) this.hourOk++;
    if (failover) this.hourFailovers++;

    const minute = Math.floor(r.time / MINUTE_MS);
    let bucket = this.minutes.get(minute);
    if (!bucket) this.minutes.set(minute, (bucket = new Map()));
    const up = r.upstream?.id ?? '(none)';
    let b = bucket.get(up);
    if (!b) bucket.set(up, (b = { requests: 0, failures: 0, latencySum: 0 }));
    b.requests += 1;
    b.failures += ok ? 0 : 1;
    b.latencySum += r.durationMs;
  }

  private count(key: string, a: RequestSummary['attempts'][number]): void {
    const prev = this.stats.get(key);
    // A fresh object each time: snapshots hold on to the previous one.
    this.stats.set(key, {
      requests: (prev?.requests ?? 0) + 1,
      failures: (prev?.failures ?? 0) + (upstreamFailed(a) ? 1 : 0),
      lastStatus: a.status,
      lastLatencyMs: a.durationMs,
    });
  }

  private dropOldest(): void {
    const flags = this.hourFlags[this.hourHead]!;
    if (flags & OK) this.hourOk--;
    if (flags & FAILOVER) this.hourFailovers--;
    this.hourHead = (this.hourHead + 1) % HOUR_LIMIT;
    this.hourSize--;
  }

  setTestResult(
    service: ServiceName,
    station: string,
    id: string,
    result: UpstreamTestResult,
  ): void {
    this.tests.set(statKey(service, station, id), result);
  }

  statsOf(service: ServiceName, station: string, id: string): UpstreamStats | undefined {
    return this.stats.get(statKey(service, station, id));
  }

  testOf(service: ServiceName, station: string, id: string): UpstreamTestResult | undefined {
    return this.tests.get(statKey(service, station, id));
  }

  /** Counters follow a station rename (they are keyed by station name). */
  renameStation(service: ServiceName, from: string, to: string): void {
    for (const map of [this.stats, this.tests] as Map<string, unknown>[]) {
      for (const [key, value] of [...map]) {
        const prefix = `${service}/${from}/`;
        if (key.startsWith(prefix)) {
          map.delete(key);
          map.set(`${service}/${to}/${key.slice(prefix.length)}`, value);
        }
      }
    }
  }

  /** Per-upstream figures follow upstreams whose id changed (e.g. identity tags added). */
  renameUpstreams(service: ServiceName, station: string, pairs: readonly [string, string][]): void {
    for (const map of [this.stats, this.tests] as Map<string, unknown>[]) {
      const moved = pairs.flatMap(([from, to]) => {
        const key = statKey(service, station, from);
        const value = map.get(key);
        if (from === to || value === undefined) return [];
        map.delete(key);
        return [[statKey(service, station, to), value] as const];
      });
      for (const [key, value] of moved) map.set(key, value);
    }
  }

  /** Oldest first. A copy: a snapshot that holds it must never change afterwards. */
  recentRequests(): readonly RequestSummary[] {
    return [...this.recent.slice(this.recentHead), ...this.recent.slice(0, this.recentHead)];
  }

  /** Tokens today come from the cost ledger (one source, rebuilt from the log at start). */
  metrics(now: number): Omit<MetricsSnapshot, 'tokensToday'> {
    // Entries are in the order requests finished: the expired ones are at the front.
    const since = now - HOUR_MS;
    while (this.hourSize > 0 && this.hourTimes[this.hourHead]! < since) this.dropOldest();
    const nowMinute = Math.floor(now / MINUTE_MS);
    const perMinute: MetricsSnapshot['perMinute'][number][] = [];
    for (const minute of [...this.minutes.keys()]) {
      if (minute <= nowMinute - CHART_MINUTES) this.minutes.delete(minute);
    }
    for (const minute of [...this.minutes.keys()].sort((a, b) => a - b)) {
      for (const [upstream, b] of this.minutes.get(minute) ?? []) {
        perMinute.push({
          minute: minute * MINUTE_MS,
          upstream,
          requests: b.requests,
          failures: b.failures,
          avgLatencyMs: b.requests ? Math.round(b.latencySum / b.requests) : 0,
        });
      }
    }
    return {
      lastHour: {
        requests: this.hourSize,
        successes: this.hourOk,
        failovers: this.hourFailovers,
      },
      perMinute,
    };
  }
}
