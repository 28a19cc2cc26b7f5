// The two proxy listeners (codex, claude): start, re-bind when the ports change, report why one
// is not up. A taken port must not stop the other listener or the console.
import { randomUUID } from 'node:crypto';
import { SERVICES, type AppConfig, type ServiceName } from '../../shared/config-types';
import type { ListenAddress } from '../../shared/snapshot';
import type { Balancer } from './balancer';
import { startProxyListener, type ProxyListener } from './proxy';
import type { Clock, EngineDeps, Logger, ProxyRecord, ProxyRuntime } from './types';

export interface ListenerSetOptions {
  deps: EngineDeps;
  clock: Clock;
  logger: Logger;
  balancer: Balancer;
  getRuntime(): ProxyRuntime;
  onRequest(record: ProxyRecord): void;
  /** Services that must stay down for now, with the reason (an unreadable port at start). */
  blocked?(): Partial<Record<ServiceName, string>>;
}

function configuredPort(config: AppConfig, service: ServiceName): number {
  return service === 'codex' ? config.proxy.codex_port : config.proxy.claude_port;
}

interface Moved {
  service: ServiceName;
  old: ProxyListener | undefined;
  oldAddr: { host: string; port: number } | undefined;
  /** The old listener had the same port, so it was closed before the new one was bound. */
  closedOld: boolean;
}

export interface ListenerMove {
  /** Services whose address changed but could not move (they keep their old listener). */
  refused: { service: ServiceName; message: string }[];
  /** Closes the listeners that were replaced. */
  commit(): Promise<void>;
  /** Puts every moved listener back on its old address. */
  rollback(): Promise<void>;
}

export class ListenerSet {
  private readonly live: Partial<Record<ServiceName, ProxyListener>> = {};
  private readonly failures: Record<ServiceName, string | null> = { codex: null, claude: null };
  private readonly bound: Partial<Record<ServiceName, { host: string; port: number }>> = {};
  /** One mark for both listeners: a codex relay that leads to the claude listener loops too. */
  private readonly loopMark = randomUUID();
  private lastOwn: readonly { host: string; port: number }[] | null = null;
  private ownKey: { config: AppConfig; codex: unknown; claude: unknown } | null = null;

  constructor(private readonly opts: ListenerSetOptions) {}

  /** The port wanted for a service: the deps override (tests) wins over config.toml. */
  private wanted(config: AppConfig, service: ServiceName): { host: string; port: number } | null {
    const override = this.opts.deps.ports?.[service];
    if (override === false) return null;
    const blocked = override === undefined ? this.opts.blocked?.()[service] : undefined;
    if (blocked) {
      this.failures[service] = blocked;
      return null;
    }
    return { host: config.proxy.host, port: override ?? configuredPort(config, service) };
  }

  async startAll(config: AppConfig): Promise<void> {
    for (const service of SERVICES) {
      const want = this.wanted(config, service);
      if (!want) continue;
      try {
        this.live[service] = await this.open(service, want);
        this.bound[service] = want;
        this.failures[service] = null;
      } catch (err) {
        this.fail(service, err);
      }
    }
  }

  private open(service: ServiceName, want: { host: string; port: number }): Promise<ProxyListener> {
    return startProxyListener({
      service,
      host: want.host,
      port: want.port,
      getRuntime: this.opts.getRuntime,
      balancer: this.opts.balancer,
      clock: this.opts.clock,
      scheduler: this.opts.deps.scheduler,
      logger: this.opts.logger,
      random: this.opts.deps.random,
      onRequest: this.opts.onRequest,
      ownAddresses: () => this.ownAddresses(this.opts.getRuntime().config),
      loopMark: this.loopMark,
    });
  }

  private fail(service: ServiceName, err: unknown): void {
    this.failures[service] = err instanceof Error ? err.message : String(err);
    this.opts.logger.error(`${service} proxy: ${this.failures[service]}`);
  }

  /**
   * Moves every listener whose host or port differs from `config` (docs/behaviour.md, settings):
   * the new one is bound while the old one still serves; only when both want the same port on
   * another host is the old one closed first, and bound again if the new one fails. A listener
   * that is down is tried again. Nothing old is closed before `commit()`; `rollback()` puts every
   * moved listener back. `refused` names the services that could not move (they keep the old one).
   */
  async prepare(config: AppConfig): Promise<ListenerMove> {
    const moved: Moved[] = [];
    const refused: { service: ServiceName; message: string }[] = [];
    for (const service of SERVICES) {
      const want = this.wanted(config, service);
      const had = this.bound[service];
      const old = this.live[service];
      const same = want && had && want.host === had.host && want.port === had.port;
      if ((same && old) || (!want && !old)) continue;
      if (!want) {
        moved.push({ service, old, oldAddr: had, closedOld: false });
        delete this.live[service];
        delete this.bound[service];
        continue;
      }
      const sharesPort = old !== undefined && had !== undefined && had.port === want.port;
      if (sharesPort) await old.close();
      try {
        this.live[service] = await this.open(service, want);
        this.bound[service] = want;
        this.failures[service] = null;
        moved.push({ service, old, oldAddr: had, closedOld: sharesPort });
      } catch (err) {
        if (sharesPort && had) await this.reopen(service, had);
        if (old)
          refused.push({ service, message: err instanceof Error ? err.message : String(err) });
        else this.fail(service, err);
      }
    }
    return {
      refused,
      commit: async () => {
        for (const m of moved) if (m.old && !m.closedOld) await m.old.close();
      },
      rollback: async () => {
        for (const m of moved.reverse()) {
          await this.live[m.service]?.close();
          delete this.live[m.service];
          delete this.bound[m.service];
          if (m.old && !m.closedOld) {
            this.live[m.service] = m.old;
            if (m.oldAddr) this.bound[m.service] = m.oldAddr;
          } else if (m.old && m.oldAddr) await this.reopen(m.service, m.oldAddr);
        }
      },
    };
  }

  /** Binds a listener back on the address it had; says why when even that fails. */
  private async reopen(service: ServiceName, addr: { host: string; port: number }): Promise<void> {
    try {
      this.live[service] = await this.open(service, addr);
      this.bound[service] = addr;
    } catch (err) {
      delete this.live[service];
      delete this.bound[service];
      this.fail(service, err);
    }
  }

  /**
   * config.toml changed on disk: move what can move; a listener that cannot keeps its old
   * address, and the service's error says why.
   */
  async reconcile(config: AppConfig): Promise<void> {
    const move = await this.prepare(config);
    await move.commit();
    for (const r of move.refused) {
      const at = this.bound[r.service];
      const where = at ? `${at.host}:${at.port}` : 'the old address';
      this.fail(r.service, `${r.message}; still listening on ${where}`);
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
  ownAddresses(config: AppConfig): readonly { host: string; port: number }[] {
    // Asked on every request: while the config and the listeners are the same objects, so is
    // the answer (configs are replaced, never mutated).
    const codex = this.live.codex?.address;
    const claude = this.live.claude?.address;
    const c = this.ownKey;
    if (c && c.config === config && c.codex === codex && c.claude === claude && this.lastOwn) {
      return this.lastOwn;
    }
    this.ownKey = { config, codex, claude };
    const out: { host: string; port: number }[] = [];
    for (const s of SERVICES) {
      const a = this.live[s]?.address;
      out.push(a ?? { host: config.proxy.host, port: configuredPort(config, s) });
    }
    out.push({ host: config.console.host, port: config.console.port });
    // The same list (the same array) comes back while nothing moved, so the self-loop check can
    // remember its answers for it (proxy/forward.ts).
    const last = this.lastOwn;
    if (
      last &&
      last.length === out.length &&
      last.every((a, i) => a.host === out[i]!.host && a.port === out[i]!.port)
    ) {
      return last;
    }
    this.lastOwn = out;
    return out;
  }
}
