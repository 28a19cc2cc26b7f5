// Builds the whole, immutable snapshot (docs/behaviour.md §6) from the engine's parts. Pure:
// everything it needs is passed in, so it is tested without sockets or files.
import {
  BALANCE_DEFAULTS,
  SERVICES,
  upstreamId,
  PROVIDER_ID_TAG,
  ENDPOINT_ID_TAG,
  type AppConfig,
  type ServiceName,
  type StationConfig,
  type UpstreamConfig,
} from '../../shared/config-types';
import type {
  BalanceSnapshot,
  BalanceSourceSnapshot,
  ClientName,
  ClientSnapshot,
  ConfigErrorInfo,
  ListenAddress,
  MetricsSnapshot,
  NextPick,
  RequestSummary,
  ServiceSnapshot,
  Snapshot,
  SharedStatus,
  StateErrorInfo,
  StationSnapshot,
  UpstreamSnapshot,
  UpstreamStats,
  UpstreamTestResult,
} from '../../shared/snapshot';
import { resolveActiveStation } from '../../shared/stations';
import { displayHost } from '../../shared/url';
import { warningRef } from './config/warning-ref';
import { missingKeyNames, resolveAuth, type ResolvedAuth } from './config/auth';
import type { CostFigures, ServiceCost } from './cost/ledger';
import { redact } from './proxy/redact';
import { exhaustionMessage } from './balance/parse';
import type { RetryPolicy } from './config/retry-policy';
import type { StationState } from './types';

export interface SnapshotInput {
  instanceId: string;
  version: number;
  now: number;
  config: AppConfig;
  policy: RetryPolicy;
  env: Readonly<Record<string, string | undefined>>;
  /** Variables found only in the login shell's environment (docs/behaviour.md §8.5). */
  fromShell?: ReadonlySet<string>;
  /** State and next pick of a station (runs layout migration). */
  stationState(
    service: ServiceName,
    station: StationConfig,
  ): { state: StationState; nextPick: NextPick };
  /** Whether the service's try order can take a request (docs/behaviour.md §2.7). */
  availability(service: ServiceName): { available: boolean; availableAgainAt: number | null };
  stats(service: ServiceName, station: string, id: string): UpstreamStats | undefined;
  lastTest(service: ServiceName, station: string, id: string): UpstreamTestResult | undefined;
  upstreamCost(service: ServiceName, station: string, id: string): CostFigures;
  serviceCost(service: ServiceName): ServiceCost;
  balance(service: ServiceName, station: string, id: string): BalanceSnapshot | null;
  listening: Record<ServiceName, ListenAddress | null>;
  listenErrors: Record<ServiceName, string | null>;
  clients: Record<ClientName, ClientSnapshot>;
  configError: ConfigErrorInfo | null;
  stateError: StateErrorInfo | null;
  shared: SharedStatus;
  warnings: readonly string[];
  recentRequests: readonly RequestSummary[];
  metrics: MetricsSnapshot;
  paths: Snapshot['paths'];
  paused: boolean;
  recentEvents: Snapshot['recentEvents'];
  notices: Snapshot['notices'];
}

/** The balance source for the edit dialog; the upstream's own secrets never appear in it. */
function balanceSource(u: UpstreamConfig, auth: ResolvedAuth): BalanceSourceSnapshot | null {
  const b = u.balance;
  if (!b) return null;
  return {
    kind: b.kind,
    intervalSecs: b.interval_secs ?? BALANCE_DEFAULTS.interval_secs,
    exhaustBelow: b.exhaust_below ?? BALANCE_DEFAULTS.exhaust_below,
    endpoint: b.endpoint === undefined ? null : redact(b.endpoint, [auth.token, auth.apiKey]),
    remainingPath: b.remaining_path ?? null,
    divisor: b.divisor ?? null,
    currency: b.currency ?? null,
  };
}

const NO_STATS: UpstreamStats = { requests: 0, failures: 0, lastStatus: null, lastLatencyMs: null };

function stationSnapshot(
  input: SnapshotInput,
  service: ServiceName,
  station: StationConfig,
  active: boolean,
): StationSnapshot {
  const { state, nextPick } = input.stationState(service, station);
  const upstreams: UpstreamSnapshot[] = station.upstreams.map((u, index) => {
    const id = upstreamId(station.name, index, u.tags);
    const auth = resolveAuth(u.auth, input.env);
    const cost = input.upstreamCost(service, station.name, id);
    const exhausted = state.usageExhausted[index] ?? false;
    return {
      index,
      id,
      baseUrl: u.base_url,
      host: displayHost(u.base_url),
      alias: u.alias ?? null,
      enabled: u.enabled,
      authSource: auth.source,
      authProblem: auth.problem,
      authProblemMessage: auth.problem
        ? {
            messageId: 'auth.notSet',
            params: { names: missingKeyNames(u.auth, input.env).join(', ') },
          }
        : null,
      keyFromShell:
        auth.source.startsWith('env:') && (input.fromShell?.has(auth.source.slice(4)) ?? false),
      authTokenEnv: u.auth.auth_token_env ?? null,
      apiKeyEnv: u.auth.api_key_env ?? null,
      hasInlineToken: Boolean(u.auth.auth_token?.trim()),
      hasInlineApiKey: Boolean(u.auth.api_key?.trim()),
      tags: { ...u.tags },
      tagged: u.tags[PROVIDER_ID_TAG] !== undefined && u.tags[ENDPOINT_ID_TAG] !== undefined,
      supportedModels: { ...u.supported_models },
      modelMapping: { ...u.model_mapping },
      failureCount: state.failureCounts[index] ?? 0,
      cooldownUntil: state.cooldownUntil[index] ?? null,
      penaltyStreak: state.penaltyStreak[index] ?? 0,
      usageExhausted: state.usageExhausted[index] ?? false,
      exhaustedReason: state.exhaustedReason[index] ?? null,
      exhaustedBy: exhausted ? (state.exhaustedBy[index] ?? 'user') : null,
      exhaustedMessage:
        exhausted && u.balance && state.exhaustedBy[index] === 'balance'
          ? exhaustionMessage(
              state.exhaustedReason[index] ?? null,
              input.balance(service, station.name, id),
              u.balance.exhaust_below ?? BALANCE_DEFAULTS.exhaust_below,
            )
          : null,
      sticky: state.lastGoodIndex === index,
      stats: input.stats(service, station.name, id) ?? NO_STATS,
      lastTest: input.lastTest(service, station.name, id) ?? null,
      priceMultiplier: u.price_multiplier ?? 1,
      costTodayUsd: cost.todayUsd,
      costMonthUsd: cost.monthUsd,
      balanceSource: balanceSource(u, auth),
      balance: u.balance ? input.balance(service, station.name, id) : null,
    };
  });
  return {
    name: station.name,
    alias: station.alias ?? null,
    enabled: station.enabled,
    level: station.level,
    active,
    lastGoodIndex: state.lastGoodIndex,
    nextPick,
    upstreams,
  };
}

function serviceSnapshot(input: SnapshotInput, service: ServiceName): ServiceSnapshot {
  const cfg = input.config[service];
  const active = resolveActiveStation(cfg);
  const cost = input.serviceCost(service);
  const stations = cfg.stations.map((s) => stationSnapshot(input, service, s, s === active));
  const { available, availableAgainAt } = input.availability(service);
  return {
    listening: input.listening[service],
    error: input.listenErrors[service],
    active: active?.name ?? null,
    stations,
    paused: input.paused,
    costTodayUsd: cost.todayUsd,
    costMonthUsd: cost.monthUsd,
    unpricedToday: cost.unpricedToday,
    available,
    availableAgainAt,
  };
}

export function buildSnapshot(input: SnapshotInput): Snapshot {
  const services = Object.fromEntries(
    SERVICES.map((s) => [s, serviceSnapshot(input, s)]),
  ) as Record<ServiceName, ServiceSnapshot>;
  const { config, policy } = input;
  return {
    instanceId: input.instanceId,
    version: input.version,
    generatedAt: input.now,
    services,
    clients: input.clients,
    configError: input.configError,
    stateError: input.stateError,
    shared: input.shared,
    recentRequests: input.recentRequests,
    warnings: input.warnings,
    warningMessages: input.warnings.map(warningRef),
    settings: {
      proxy: {
        host: config.proxy.host,
        codexPort: config.proxy.codex_port,
        claudePort: config.proxy.claude_port,
        streamIdleTimeoutSecs: config.proxy.stream_idle_timeout_secs,
        allowBrowserOrigins: config.proxy.allow_browser_origins,
      },
      console: { host: config.console.host, port: config.console.port },
      retry: {
        profile: policy.profile,
        failureThreshold: policy.failureThreshold,
        failureCooldownSecs: policy.failureCooldownSecs,
        transportCooldownSecs: policy.transportCooldownSecs,
        cooldownBackoffFactor: policy.cooldownBackoffFactor,
        cooldownBackoffMaxSecs: policy.cooldownBackoffMaxSecs,
        exhaustedFallback: policy.exhaustedFallback,
        returnToPreferredSecs: policy.returnToPreferredSecs,
        sessionAffinity: policy.sessionAffinity,
        sessionAffinityTtlSecs: policy.sessionAffinityTtlSecs,
      },
      notifications: {
        trip: config.notifications.trip,
        exhausted: config.notifications.exhausted,
        allDown: config.notifications.all_down,
        recovered: config.notifications.recovered,
      },
      app: { startAtLogin: config.app.start_at_login, language: config.app.language },
    },
    metrics: input.metrics,
    paths: input.paths,
    recentEvents: input.recentEvents,
    notices: input.notices,
  };
}
