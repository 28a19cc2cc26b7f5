// Balance polling per upstream (docs/behaviour.md §9): at start, every
// interval_secs, after a quota error (automatic polls at most once per 30 s), and on Check balance.
// One poll per upstream in flight. Timers come from the injected scheduler.
import {
  BALANCE_DEFAULTS,
  SERVICES,
  upstreamId,
  type AppConfig,
  type BalanceConfig,
  type ServiceName,
  type UpstreamConfig,
} from '../../../shared/config-types';
import { balanceUrl } from '../../../shared/balance-rules';
import type { BalanceSnapshot } from '../../../shared/snapshot';
import type { Balancer } from '../balancer';
import { resolveAuth } from '../config/auth';
import { redact } from '../proxy/redact';
import { UpstreamPools } from '../proxy/upstream';
import type { Logger, Scheduler, StationView } from '../types';
import { fetchText, statusProblem } from './fetch';
import { exhaustionOf, parseBalance } from './parse';

export const AUTO_POLL_GAP_MS = 30_000;
const TIMEOUT_MS = 10_000;

type Env = Readonly<Record<string, string | undefined>>;

export interface BalancePollerOptions {
  scheduler: Scheduler;
  logger: Logger;
  config(): AppConfig;
  env: Env;
  balancer: Balancer;
  /** Something the snapshot shows changed (a balance, an exhaustion). */
  changed(): void;
  timeoutMs?: number;
  /** A successful poll, for the shared store (docs/behaviour.md §11). */
  onPolled?(view: StationView, index: number, balance: BalanceSnapshot): void;
}

interface Entry {
  /** What the poll depends on: a change means a fresh poll now. */
  signature: string;
  balance: BalanceSnapshot | null;
  inFlight: Promise<BalanceSnapshot> | null;
  lastAutoAt: number;
  timer: unknown;
}

interface Found {
  service: ServiceName;
  stationName: string;
  /** The station's upstreams as configured (for the balancer's view). */
  upstreams: readonly UpstreamConfig[];
  index: number;
  upstream: UpstreamConfig & { balance: BalanceConfig };
}

export function balanceKey(service: ServiceName, station: string, id: string): string {
  return `${service}/${station}/${id}`;
}

export class BalancePoller {
  private readonly entries = new Map<string, Entry>();
  private readonly pools: UpstreamPools;
  private running = false;

  constructor(private readonly o: BalancePollerOptions) {
    this.pools = new UpstreamPools(o.timeoutMs ?? TIMEOUT_MS);
  }

  /** Every upstream with a balance source in the current config, by key. */
  private sources(): Map<string, Found> {
    const out = new Map<string, Found>();
    const config = this.o.config();
    for (const service of SERVICES) {
      for (const st of config[service].stations) {
        st.upstreams.forEach((u, index) => {
          if (!u.balance) return;
          const key = balanceKey(service, st.name, upstreamId(st.name, index, u.tags));
          out.set(key, {
            service,
            stationName: st.name,
            upstreams: st.upstreams,
            index,
            upstream: { ...u, balance: u.balance },
          });
        });
      }
    }
    return out;
  }

  start(): void {
    this.running = true;
    this.sync();
  }

  /** Follows the config: new or changed sources are polled now, removed ones forgotten. */
  sync(): void {
    if (!this.running) return;
    const sources = this.sources();
    for (const [key, entry] of this.entries) {
      if (!sources.has(key)) {
        this.o.scheduler.clearTimeout(entry.timer);
        this.entries.delete(key);
        this.o.changed();
      }
    }
    for (const [key, found] of sources) {
      const u = found.upstream;
      const signature = JSON.stringify([u.base_url, u.auth, u.balance]);
      const entry = this.entries.get(key);
      if (entry && entry.signature === signature) continue;
      if (entry) this.o.scheduler.clearTimeout(entry.timer);
      this.entries.set(key, {
        signature,
        balance: null,
        inFlight: null,
        lastAutoAt: Number.NEGATIVE_INFINITY,
        timer: null,
      });
      void this.auto(key);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const entry of this.entries.values()) this.o.scheduler.clearTimeout(entry.timer);
    const inFlight = [...this.entries.values()].map((e) => e.inFlight?.catch(() => null));
    // Destroying the pools aborts a poll still waiting on a slow relay: stop never waits 10 s.
    await this.pools.destroy();
    await Promise.all(inFlight);
  }

  balanceOf(service: ServiceName, station: string, id: string): BalanceSnapshot | null {
    return this.entries.get(balanceKey(service, station, id))?.balance ?? null;
  }

  /**
   * A balance another instance polled (docs/behaviour.md §11): shown when newer than ours, and
   * our next automatic poll waits its interval from now.
   */
  applyShared(view: StationView, id: string, balance: BalanceSnapshot): void {
    const entry = this.entries.get(balanceKey(view.service, view.name, id));
    if (!entry || (entry.balance !== null && entry.balance.checkedAt >= balance.checkedAt)) return;
    entry.balance = balance;
    entry.lastAutoAt = this.o.scheduler.now();
    this.o.changed();
  }

  /** A request on the upstream failed with a quota error: poll, unless one ran < 30 s ago. */
  afterQuotaError(service: ServiceName, station: string, id: string): void {
    void this.auto(balanceKey(service, station, id));
  }

  /** Check balance: polls now (or joins the poll in flight) and answers with its result. */
  async check(service: ServiceName, station: string, id: string): Promise<BalanceSnapshot | null> {
    const key = balanceKey(service, station, id);
    if (!this.entries.has(key)) this.sync();
    if (!this.entries.has(key)) return null;
    return this.poll(key);
  }

  private async auto(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry || !this.running) return;
    const now = this.o.scheduler.now();
    if (entry.inFlight || now - entry.lastAutoAt < AUTO_POLL_GAP_MS) return;
    entry.lastAutoAt = now;
    await this.poll(key);
  }

  private poll(key: string): Promise<BalanceSnapshot> {
    const entry = this.entries.get(key);
    if (!entry) return Promise.reject(new Error(`no balance source for ${key}`));
    entry.inFlight ??= this.run(key, entry).finally(() => {
      entry.inFlight = null;
    });
    return entry.inFlight;
  }

  private async run(key: string, entry: Entry): Promise<BalanceSnapshot> {
    const found = this.sources().get(key);
    if (!found) return entry.balance ?? this.failed(null, 'no balance source configured');
    const { upstream } = found;
    const source = upstream.balance;
    const auth = resolveAuth(upstream.auth, this.o.env);
    const secrets = [auth.token, auth.apiKey];
    let result: BalanceSnapshot;
    let exhaustion: string | null = null;
    try {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (auth.token !== null) headers.authorization = `Bearer ${auth.token}`;
      else if (auth.apiKey !== null) headers['x-api-key'] = auth.apiKey;
      const fetched = await fetchText({
        url: balanceUrl(source.kind, upstream.base_url, source.endpoint),
        headers,
        pools: this.pools,
        scheduler: this.o.scheduler,
        timeoutMs: this.o.timeoutMs ?? TIMEOUT_MS,
        route: { upstream, proxy: this.o.config().proxy, env: this.o.env },
      });
      if (fetched.status < 200 || fetched.status >= 300) throw new Error(statusProblem(fetched));
      const reading = parseBalance(fetched.text, source);
      exhaustion = exhaustionOf(reading, source.exhaust_below ?? BALANCE_DEFAULTS.exhaust_below);
      result = {
        remaining: reading.remaining,
        limit: reading.limit,
        used: reading.used,
        currency: reading.currency,
        unlimited: reading.unlimited,
        checkedAt: this.o.scheduler.now(),
        error: null,
      };
    } catch (err) {
      const message = redact(err instanceof Error ? err.message : String(err), secrets);
      result = this.failed(entry.balance, message);
    }
    // The entry may have been replaced or dropped by a config change meanwhile.
    if (this.entries.get(key) !== entry) return result;
    entry.balance = result;
    if (result.error === null) {
      this.applyThreshold(key, exhaustion);
      this.o.onPolled?.(
        { service: found.service, name: found.stationName, upstreams: found.upstreams },
        found.index,
        result,
      );
    } else this.o.logger.warn(`balance of ${key}: ${result.error}`);
    this.scheduleNext(key, entry, source);
    this.o.changed();
    return result;
  }

  private failed(previous: BalanceSnapshot | null, error: string): BalanceSnapshot {
    // A failed poll changes nothing: the last good figures stay, with the error beside them.
    return {
      remaining: previous?.remaining ?? null,
      limit: previous?.limit ?? null,
      used: previous?.used ?? null,
      currency: previous?.currency ?? 'USD',
      unlimited: previous?.unlimited ?? false,
      checkedAt: this.o.scheduler.now(),
      error,
    };
  }

  /** Below the threshold → exhausted by balance; above → app-set exhaustion lifted (never the user's). */
  private applyThreshold(key: string, exhaustion: string | null): void {
    const found = this.sources().get(key);
    if (!found) return;
    const view = { service: found.service, name: found.stationName, upstreams: found.upstreams };
    const by = this.o.balancer.exhaustedBy(view, found.index);
    if (exhaustion !== null) {
      if (by !== 'user')
        this.o.balancer.setExhausted(view, found.index, true, exhaustion, 'balance');
    } else if (by === 'balance' || by === 'quota-error') {
      this.o.balancer.setExhausted(view, found.index, false);
    }
  }

  private scheduleNext(key: string, entry: Entry, source: BalanceConfig): void {
    this.o.scheduler.clearTimeout(entry.timer);
    if (!this.running) return;
    const ms = (source.interval_secs ?? BALANCE_DEFAULTS.interval_secs) * 1000;
    entry.timer = this.o.scheduler.setTimeout(() => {
      entry.timer = null;
      void this.auto(key);
    }, ms);
  }
}
