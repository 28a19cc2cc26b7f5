// What command handlers may touch. The engine builds one; tests can build their own.
import type {
  AppConfig,
  ServiceName,
  StationConfig,
  UpstreamConfig,
} from '../../../shared/config-types';
import { upstreamId } from '../../../shared/config-types';
import {
  AppError,
  type CommandMap,
  type RequestPage,
  type SessionPage,
} from '../../../shared/contract';
import type { Activity } from '../activity';
import type { BalancePoller } from '../balance/poller';
import type { Balancer } from '../balancer';
import type { CostLedger } from '../cost';
import type { ClientContext, ImportSourceContext } from '../clients';
import type { Clock, ConfigEdit, StationView } from '../types';
import type { Args } from './args';

export interface CommandContext {
  config(): AppConfig;
  env: Readonly<Record<string, string | undefined>>;
  clock: Clock;
  balancer: Balancer;
  activity: Activity;
  ledger: CostLedger;
  poller: BalancePoller;
  /** Validate, write config.toml (atomically, with .bak) and apply the new config. */
  save(edits: ConfigEdit[]): void;
  /** Marks the engine changed and returns the snapshot version that includes the change. */
  changed(): number;
  ownAddresses(): readonly { host: string; port: number }[];
  clientContext(): ClientContext;
  importContext(service: ServiceName): ImportSourceContext;
  /**
   * Saves settings edits that may move a listener: refuses a port clash or an unresolvable host
   * up front, binds the new listeners while the old ones serve, and refuses (config.toml and the
   * listeners unchanged) when one cannot be bound.
   */
  saveSettings(edits: ConfigEdit[]): Promise<void>;
  /** Re-read the clients' switch status. */
  refreshClients(): void;
  /** Pause or resume every listener (`setPaused`). */
  setPaused(paused: boolean): void;
  /** A page of the request log, newest first (lines still queued are written first). */
  readRequests(before: string | undefined, limit: number): Promise<RequestPage>;
  /** A page of a client's conversations, newest first (docs/behaviour.md §10). */
  listSessions(service: ServiceName, offset: number, limit: number): Promise<SessionPage>;
}

/** A command's handler: checked-shape arguments in, the contract's result out. */
export type Handler<K extends keyof CommandMap> = (
  ctx: CommandContext,
  args: Args,
) => CommandMap[K]['result'] | Promise<CommandMap[K]['result']>;

export function findStation(
  ctx: CommandContext,
  service: ServiceName,
  name: string,
): StationConfig {
  const station = ctx.config()[service].stations.find((s) => s.name === name);
  if (!station) {
    throw new AppError('not_found', `there is no station "${name}" in ${service}`, 'station', {
      messageId: 'error.noStation',
      params: { name, service },
    });
  }
  return station;
}

export interface FoundUpstream {
  station: StationConfig;
  index: number;
  upstream: UpstreamConfig;
}

export function findUpstream(
  ctx: CommandContext,
  service: ServiceName,
  stationName: string,
  id: string,
): FoundUpstream {
  const station = findStation(ctx, service, stationName);
  const index = station.upstreams.findIndex((u, i) => upstreamId(station.name, i, u.tags) === id);
  const upstream = station.upstreams[index];
  if (!upstream) {
    throw new AppError(
      'not_found',
      `there is no upstream "${id}" in station "${stationName}" (the list may have changed: reload)`,
      'id',
      { messageId: 'error.noUpstream', params: { id, station: stationName } },
    );
  }
  return { station, index, upstream };
}

export function viewOf(service: ServiceName, station: StationConfig): StationView {
  return { service, name: station.name, upstreams: station.upstreams };
}
