// What the engine's parts give the pure snapshot builder (snapshot.ts) each time the publisher
// rebuilds (docs/behaviour.md §6): the balancer's view of each station, today's figures from the
// ledger, the listeners, clients, state.json, `[shared]` and the recent events.
import type { Snapshot } from '../../shared/snapshot';
import type { Activity } from './activity';
import type { BalancePoller } from './balance/poller';
import type { Balancer } from './balancer';
import type { ClientWatch } from './client-watch';
import type { ConfigStore } from './config';
import { tryOrderOf, type RetryPolicy } from './config/retry-policy';
import type { CostLedger } from './cost';
import type { EventCenter } from './events';
import type { ListenerSet } from './listeners';
import type { SharedLink } from './shared';
import { buildSnapshot } from './snapshot';
import type { StateFile } from './state-file';
import type { Clock } from './types';

export interface SnapshotParts {
  instanceId: string;
  clock: Clock;
  configStore: ConfigStore;
  policy: () => RetryPolicy;
  keyEnv: Readonly<Record<string, string | undefined>>;
  fromShell: ReadonlySet<string>;
  balancer: Balancer;
  ledger: CostLedger;
  activity: Activity;
  poller: BalancePoller;
  listeners: ListenerSet;
  clients: ClientWatch;
  state: StateFile;
  shared: SharedLink;
  events: EventCenter;
  paused: () => boolean;
  home: string;
  configFile: string;
  logsDir: string;
}

/** The whole snapshot, as of now, with the given version. */
export function engineSnapshot(p: SnapshotParts, version: number): Snapshot {
  const { clock, configStore, balancer, ledger, activity } = p;
  return buildSnapshot({
    instanceId: p.instanceId,
    version,
    now: clock.now(),
    config: configStore.current(),
    policy: p.policy(),
    env: p.keyEnv,
    fromShell: p.fromShell,
    stationState: (service, station) => {
      const view = { service, name: station.name, upstreams: station.upstreams };
      // explain() first: it expires passed cooldowns, which the state must then show.
      const nextPick = balancer.explain(view);
      return { state: balancer.state(view), nextPick };
    },
    availability: (service) => {
      const config = configStore.current();
      const views = tryOrderOf(config[service], p.policy()).map((s) => ({
        service,
        name: s.name,
        upstreams: s.upstreams,
      }));
      return balancer.availability(views);
    },
    // Requests/failures count today from the ledger, like the cost beside them (§9.1).
    stats: (s, st, id) => {
      const today = ledger.requestsToday(s, st, id, clock.now());
      const last = activity.statsOf(s, st, id);
      return last || today.requests
        ? { lastStatus: null, lastLatencyMs: null, ...last, ...today }
        : undefined;
    },
    lastTest: (s, st, id) => activity.testOf(s, st, id),
    upstreamCost: (s, st, id) => ledger.upstream(s, st, id, clock.now()),
    serviceCost: (s) => ledger.service(s, clock.now()),
    balance: (s, st, id) => p.poller.balanceOf(s, st, id),
    listening: p.listeners.addresses(),
    listenErrors: p.listeners.errors(),
    clients: p.clients.current(),
    configError: configStore.error(),
    stateError: p.state.current(),
    shared: p.shared.status(),
    warnings: configStore.warnings(),
    recentRequests: activity.recentRequests(),
    metrics: { ...activity.metrics(clock.now()), tokensToday: ledger.tokensToday(clock.now()) },
    paths: { home: p.home, config: p.configFile, logs: p.logsDir },
    paused: p.paused(),
    recentEvents: p.events.recentEvents(),
    notices: p.events.recentNotices(),
  });
}
