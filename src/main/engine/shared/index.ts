// `[shared]` on and off (docs/behaviour.md §11): opens the store for the configured URL and prefix,
// closes it when they change or go, and keeps the status the snapshot shows.
import type { AppConfig } from '../../../shared/config-types';
import { SHARED_OFF, type BalanceSnapshot, type SharedStatus } from '../../../shared/snapshot';
import type { Balancer } from '../balancer';
import type { Clock, Logger, OpenSharedOptions, StationView } from '../types';
import type { SharedPort } from './port';
import { RedisStore } from './redis-store';
import { SharedSync, type RemoteBalanceSink } from './sync';

export interface SharedLinkOptions {
  balancer: Balancer;
  balances: RemoteBalanceSink;
  config(): AppConfig;
  clock: Clock;
  logger: Logger;
  instanceId: string;
  open?: (opts: OpenSharedOptions) => SharedPort;
  changed(): void;
}

export class SharedLink {
  private sync: SharedSync | null = null;
  private port: SharedPort | null = null;
  private openedFor = '';
  private current: SharedStatus = SHARED_OFF;
  private stopped = false;

  constructor(private readonly o: SharedLinkOptions) {}

  status(): SharedStatus {
    return this.current;
  }

  balancePolled(view: StationView, index: number, balance: BalanceSnapshot): void {
    this.sync?.balancePolled(view, index, balance);
  }

  /** Follows `[shared]`: opens, reopens or closes the store. */
  async reconcile(): Promise<void> {
    if (this.stopped) return;
    const { redis_url: url, key_prefix: prefix } = this.o.config().shared;
    const wanted = url === null ? '' : `${prefix}\n${url}`;
    if (wanted === this.openedFor) return;
    this.openedFor = wanted;
    await this.close();
    if (url === null || this.stopped) return;
    const open = this.o.open ?? ((opts: OpenSharedOptions) => new RedisStore(opts));
    const port = open({
      url,
      prefix,
      clock: this.o.clock,
      logger: this.o.logger,
      instanceId: this.o.instanceId,
    });
    this.port = port;
    this.setStatus(port.status());
    port.onStatus((s) => {
      if (this.port === port) this.setStatus(s);
    });
    this.sync = new SharedSync({
      balancer: this.o.balancer,
      port,
      config: this.o.config,
      clock: this.o.clock,
      balances: this.o.balances,
    });
    this.sync.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.close();
  }

  private async close(): Promise<void> {
    const sync = this.sync;
    this.sync = null;
    this.port = null;
    if (sync) await sync.stop();
    this.setStatus(SHARED_OFF);
  }

  private setStatus(next: SharedStatus): void {
    if (next === this.current) return;
    this.current = next;
    this.o.changed();
  }
}
