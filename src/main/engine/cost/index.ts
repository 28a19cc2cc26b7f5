// Pricing a finished request against the current config, and reading logged lines back as ledger
// entries (docs/behaviour.md §9).
import {
  SERVICES,
  upstreamId,
  type AppConfig,
  type ServiceName,
  type StationConfig,
} from '../../../shared/config-types';
import type { TokenUsage } from '../../../shared/snapshot';
import type { LoggedLine } from '../log/read';
import { requestCost } from './cost';
import type { LedgerAttempt, LedgerEntry } from './ledger';

export { CostLedger, upstreamKey } from './ledger';
export { priceOf, builtInPrice } from './prices';
export { requestCost, usageCost } from './cost';

/** What pricing needs of a request. */
export interface PriceableRequest {
  service: ServiceName;
  station: string | null;
  upstream: { id: string } | null;
  model: string | null;
  mappedModel: string | null;
  usage: TokenUsage | null;
}

// Config objects are replaced, never mutated: one id → multiplier map per upstreams array.
const multipliers = new WeakMap<StationConfig['upstreams'], Map<string, number>>();

const stationsByName = new WeakMap<StationConfig[], Map<string, StationConfig>>();

function stationNamed(stations: StationConfig[], name: string): StationConfig | undefined {
  let byName = stationsByName.get(stations);
  if (!byName) {
    byName = new Map();
    for (const s of stations) if (!byName.has(s.name)) byName.set(s.name, s);
    stationsByName.set(stations, byName);
  }
  return byName.get(name);
}

function multiplierOf(config: AppConfig, r: PriceableRequest): number {
  if (!r.station || !r.upstream) return 1;
  const station = stationNamed(config[r.service].stations, r.station);
  if (!station) return 1;
  let byId = multipliers.get(station.upstreams);
  if (!byId) {
    byId = new Map(
      station.upstreams.map((u, i) => [
        upstreamId(station.name, i, u.tags),
        u.price_multiplier ?? 1,
      ]),
    );
    multipliers.set(station.upstreams, byId);
  }
  return byId.get(r.upstream.id) ?? 1;
}

/** USD for a finished request: the model sent upstream (after mapping), its usage, the multiplier. */
export function priceRequest(config: AppConfig, r: PriceableRequest): number | null {
  if (!r.usage) return null;
  return requestCost({
    service: r.service,
    model: r.mappedModel ?? r.model,
    usage: r.usage,
    multiplier: multiplierOf(config, r),
    pricing: config.pricing,
  });
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function usageOf(v: unknown): TokenUsage | null {
  if (typeof v !== 'object' || v === null) return null;
  const u = v as Record<string, unknown>;
  const n = (k: string) => (typeof u[k] === 'number' ? (u[k] as number) : 0);
  return {
    inputTokens: n('inputTokens'),
    outputTokens: n('outputTokens'),
    totalTokens: n('totalTokens'),
    reasoningTokens: n('reasoningTokens'),
    cachedInputTokens: n('cachedInputTokens'),
    cacheCreationTokens: n('cacheCreationTokens'),
  };
}

function attemptsOf(v: unknown): LedgerAttempt[] {
  if (!Array.isArray(v)) return [];
  const out: LedgerAttempt[] = [];
  for (const a of v as Record<string, unknown>[]) {
    const station = str(a?.station);
    const upstream = str(a?.upstream);
    const decision = str(a?.decision) as LedgerAttempt['decision'] | null;
    if (!station || !upstream || !decision) continue;
    out.push({
      station,
      upstream,
      decision,
      status: typeof a.status === 'number' ? a.status : null,
    });
  }
  return out;
}

/** A logged line as a ledger entry; lines written before costUsd existed are priced now. */
export function entryFromLog(config: AppConfig, line: LoggedLine): LedgerEntry | null {
  const service = line.service;
  if (!(SERVICES as readonly unknown[]).includes(service)) return null;
  const up = line.upstream as { id?: unknown } | null | undefined;
  const upstream = up && typeof up.id === 'string' ? { id: up.id } : null;
  const request = {
    service: service as ServiceName,
    station: str(line.station),
    upstream,
    model: str(line.model),
    mappedModel: str(line.mappedModel),
    usage: usageOf(line.usage),
  };
  const logged = line.costUsd;
  const costUsd =
    typeof logged === 'number' ? logged : logged === null ? null : priceRequest(config, request);
  return {
    requestId: str(line.requestId) ?? '',
    time: line.time,
    ...request,
    costUsd,
    attempts: attemptsOf(line.attempts),
  };
}
