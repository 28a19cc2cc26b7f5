// The two proxy listeners (codex, claude): start, re-bind when the ports change, report why one
// is not up. A taken port must not stop the other listener or the console.
import { randomUUID } from 'node:crypto';
import { SERVICES, type AppConfig, type ServiceName } from '../../shared/config-types';
import type { ListenAddress } from '../../shared/snapshot';
import type { Balancer } from './balancer';
import { startProxyListener, type ProxyListener } from './proxy';
import type { Clock, EngineDeps, Logger, ProxyRuntime, RequestRecord } from './types';

export interface ListenerSetOptions {
  deps: EngineDeps;
  clock: Clock;
  logger: Logger;
  balancer: Balancer;
  getRuntime(): ProxyRuntime;
  onRequest(record: RequestRecord): void;
}

function configuredPort(config: AppConfig, service: ServiceName): number {
  return service === 'codex' ? config.proxy.codex_port : config.proxy.claude_port;
}

export class ListenerSet {
  private readonly live: Partial<Record<ServiceName, ProxyListener>> = {};
  private readonly failures: Record<ServiceName, string | null> = { codex: null, claude: null };
  private readonly bound: Partial<Record<ServiceName, { host: string; port: number }>> = {};
  /** One mark for both listeners: a codex relay that leads to the claude listener loops too. */
  private readonly loopMark = randomUUID();

  constructor(private readonly opts: ListenerSetOptions) {}

  /** The port wanted for a service: the deps override (tests) wins over config.toml. */
  private wanted(config: AppConfig, service: ServiceName): { host: string; port: number } | null {
    const override = this.opts.deps.ports?.[service];
    if (override === false) return null;
    return { host: config.proxy.host, port: override ?? configuredPort(config, service) };
  }

  async startAll(config: AppConfig): Promise<void> {
    for (const service of SERVICES) await this.start(service, config);
  }

  private async start(service: ServiceName, config: AppConfig): Promise<void> {
    const want = this.wanted(config, service);
    if (!want) return;
    try {
      this.live[service] = await startProxyListener({
        service,
        host: want.host,
        port: want.port,
        getRuntime: this.opts.getRuntime,
        balancer: this.opts.balancer,
        clock: this.opts.clock,
        logger: this.opts.logger,
        random: this.opts.deps.random,
        onRequest: this.opts.onRequest,
        ownAddresses: () => this.ownAddresses(this.opts.getRuntime().config),
        loopMark: this.loopMark,
      });
      this.bound[service] = want;
      this.failures[service] = null;
    } catch (err) {
      this.failures[service] = err instanceof Error ? err.message : String(err);
      this.opts.logger.error(`${service} proxy: ${this.failures[service]}`);
    }
  }

  /** Re-bind a listener whose host or port changed in config.toml (not when a test override pins it). */
  async reconcile(config: AppConfig): Promise<void> {
    for (const service of SERVICES) {
      const want = this.wanted(config, service);
      const had = this.bound[service];
      const same = want && had && want.host === had.host && want.port === had.port;
      if (same && this.live[service]) continue;
      if (!want && !this.live[service]) continue;
      const old = this.live[service];
      delete this.live[service];
      delete this.bound[service];
      if (old) await old.close();
      await this.start(service, config);
    }
  }

  async closeAll(): Promise<void> {
    const all = SERVICES.map((s) => this.live[s]).filter((l): l is ProxyListener => Boolean(l));
    for (const s of SERVICES) delete this.live[s];
    await Promise.all(all.map((l) => l.close()));
  }

  addresses(): Record<ServiceName, ListenAddress | null> {
    return {
      codex: this.live.codex?.address ?? null,
      claude: this.live.claude?.address ?? null,
    };
  }

  errors(): Record<ServiceName, string | null> {
    return { ...this.failures };
  }

  /** Our own listeners and the console, for the self-loop refusal. */
  ownAddresses(config: AppConfig): { host: string; port: number }[] {
    const out: { host: string; port: number }[] = [];
    for (const s of SERVICES) {
      const a = this.live[s]?.address;
      out.push(a ?? { host: config.proxy.host, port: configuredPort(config, s) });
    }
    out.push({ host: config.console.host, port: config.console.port });
    return out;
  }
}
