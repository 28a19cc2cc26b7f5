// Between the balancer (and the balance poller) and the shared store (docs/behaviour.md §11).
// Local changes go out through the port's `write` (queued, never awaited); changes from other
// instances come back through `onRemote` and are applied to every local upstream with the same
// shared key. Untagged upstreams have no shared key and are left alone.
import { SERVICES, upstreamId, type AppConfig } from '../../../shared/config-types';
import type { BalanceSnapshot } from '../../../shared/snapshot';
import type { Balancer } from '../balancer';
import type { BalancerShareHook, Clock, StationView } from '../types';
import {
  sharedKeyOf,
  type LocalSeed,
  type SharedChange,
  type SharedKey,
  type SharedPort,
} from './port';

interface Local {
  view: StationView;
  index: number;
  id: string;
}

export interface RemoteBalanceSink {
  /** A balance another instance polled; kept when newer than the one shown here. */
  applyShared(view: StationView, id: string, balance: BalanceSnapshot): void;
}

export interface SharedSyncOptions {
  balancer: Balancer;
  port: SharedPort;
  config(): AppConfig;
  clock: Clock;
  balances: RemoteBalanceSink;
}

export class SharedSync {
  private indexed: AppConfig | null = null;
  private byKey = new Map<SharedKey, Local[]>();
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly o: SharedSyncOptions) {}

  start(): void {
    this.o.balancer.setShareHook(this.hook);
    this.unsubscribe = this.o.port.onRemote((change) => this.apply(change));
    this.o.port.start(() => this.seed());
  }

  async stop(): Promise<void> {
    this.o.balancer.setShareHook(null);
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.o.port.stop();
  }

  /** A successful balance poll of an upstream (the poller calls this). */
  balancePolled(view: StationView, index: number, balance: BalanceSnapshot): void {
    const key = keyAt(view, index);
    if (key !== null && balance.error === null)
      this.o.port.write({ kind: 'balance', key, balance });
  }

  private readonly hook: BalancerShareHook = {
    tripped: (view, index, until, failures) => {
      const key = keyAt(view, index);
      if (key !== null) this.o.port.write({ kind: 'cooldown', key, until, failures });
    },
    cleared: (view, index, until) => {
      const key = keyAt(view, index);
      if (key !== null) this.o.port.write({ kind: 'clear', key, until });
    },
    exhausted: (view, index, exhausted, reason, by) => {
      const key = keyAt(view, index);
      if (key === null) return;
      this.o.port.write({ kind: 'exhaust', key, exhausted, reason, by, at: this.o.clock.now() });
    },
    sessionSet: (view, index, service, sessionId, pinned) => {
      const key = keyAt(view, index);
      if (key === null) return;
      const ttlSecs = this.o.config().retry.session_affinity_ttl_secs;
      const at = this.o.clock.now();
      this.o.port.write({
        kind: 'session',
        service,
        sessionId,
        key,
        pinned,
        at,
        ttlMs: ttlSecs * 1000,
      });
    },
    sessionUnpinned: (service, sessionId) => {
      this.o.port.write({ kind: 'unpin', service, sessionId, at: this.o.clock.now() });
    },
  };

  private apply(change: SharedChange): void {
    const b = this.o.balancer;
    if (change.kind === 'unpin') {
      b.applySharedUnpin(change.service, change.sessionId, change.at);
      return;
    }
    for (const local of this.locals(change.key)) {
      switch (change.kind) {
        case 'cooldown':
        case 'clear':
          b.applyShared(local.view, local.index, { kind: change.kind, until: change.until });
          break;
        case 'exhaust':
          b.applyShared(local.view, local.index, change);
          break;
        case 'balance':
          this.o.balances.applyShared(local.view, local.id, change.balance);
          break;
        case 'session':
          if (local.view.service !== change.service) break;
          b.applySharedSession(
            change.service,
            change.sessionId,
            local.view,
            local.index,
            change.pinned,
            change.at,
          );
          // One upstream per session: the first station holding the relay takes it.
          return;
      }
    }
  }

  /** Running cooldowns and stored exhaustion of every tagged upstream. */
  private seed(): LocalSeed {
    const now = this.o.clock.now();
    const out: LocalSeed = { cooldowns: [], exhaustion: [] };
    for (const [key, locals] of this.index()) {
      for (const { view, index } of locals) {
        const state = this.o.balancer.state(view);
        const until = state.cooldownUntil[index] ?? null;
        if (until !== null && until > now) {
          out.cooldowns.push({
            kind: 'cooldown',
            key,
            until,
            failures: state.failureCounts[index] ?? 0,
          });
        }
        if (state.usageExhausted[index]) {
          out.exhaustion.push({
            kind: 'exhaust',
            key,
            exhausted: true,
            reason: state.exhaustedReason[index] ?? null,
            by: state.exhaustedBy[index] ?? 'user',
            at: now,
          });
        }
      }
    }
    return out;
  }

  private locals(key: SharedKey): readonly Local[] {
    return this.index().get(key) ?? [];
  }

  /** Shared key → local upstreams, rebuilt when the config object is replaced (load or save). */
  private index(): Map<SharedKey, Local[]> {
    const config = this.o.config();
    if (this.indexed === config) return this.byKey;
    const byKey = new Map<SharedKey, Local[]>();
    for (const service of SERVICES) {
      for (const st of config[service].stations) {
        const view: StationView = { service, name: st.name, upstreams: st.upstreams };
        st.upstreams.forEach((u, index) => {
          const key = sharedKeyOf(service, u.tags, u.base_url);
          if (key === null) return;
          const list = byKey.get(key) ?? [];
          list.push({ view, index, id: upstreamId(st.name, index, u.tags) });
          byKey.set(key, list);
        });
      }
    }
    this.indexed = config;
    this.byKey = byKey;
    return byKey;
  }
}

function keyAt(view: StationView, index: number): SharedKey | null {
  const u = view.upstreams[index];
  return u ? sharedKeyOf(view.service, u.tags, u.base_url) : null;
}
