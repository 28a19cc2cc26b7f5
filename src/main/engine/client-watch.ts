// The client switches as the snapshot shows them (docs/behaviour.md §5): each client's status,
// read again every 2 s and whenever a listener moves, and a client that is switched on follows its
// listener to a new port.
import { join } from 'node:path';
import type { AppConfig } from '../../shared/config-types';
import type { ClientName, ClientSnapshot } from '../../shared/snapshot';
import { clientStatus, switchOn, type ClientContext } from './clients';
import type { ListenerSet } from './listeners';
import type { Logger } from './types';

const CLIENT_REFRESH_MS = 2_000;

export interface ClientWatchOptions {
  codexHome: string;
  claudeConfigDir: string;
  config: () => AppConfig;
  listeners: ListenerSet;
  logger: Logger;
  /** The snapshot is out of date. */
  changed: () => void;
}

export class ClientWatch {
  private clients: Record<ClientName, ClientSnapshot>;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly o: ClientWatchOptions) {
    this.clients = {
      codex: { status: 'off', file: join(o.codexHome, 'config.toml'), error: null },
      claude: { status: 'off', file: join(o.claudeConfigDir, 'settings.json'), error: null },
    };
  }

  current(): Record<ClientName, ClientSnapshot> {
    return this.clients;
  }

  /** Reads the statuses now, then every 2 s until stop(). */
  start(): void {
    this.refresh();
    this.timer = setInterval(this.refresh, CLIENT_REFRESH_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  readonly context = (): ClientContext => {
    const config = this.o.config();
    const addr = this.o.listeners.addresses();
    return {
      codexHome: this.o.codexHome,
      claudeConfigDir: this.o.claudeConfigDir,
      proxyHost: config.proxy.host,
      codexPort: addr.codex?.port ?? config.proxy.codex_port,
      claudePort: addr.claude?.port ?? config.proxy.claude_port,
      serving: { codex: addr.codex !== null, claude: addr.claude !== null },
    };
  };

  readonly refresh = (): void => {
    const ctx = this.context();
    const next = {
      codex: this.safeStatus('codex', ctx),
      claude: this.safeStatus('claude', ctx),
    };
    if (JSON.stringify(next) !== JSON.stringify(this.clients)) {
      this.clients = next;
      this.o.changed();
    }
  };

  /** A client pointed at a listener that moved follows it to the new port. */
  follow(before: ReturnType<ListenerSet['addresses']>): void {
    const after = this.o.listeners.addresses();
    for (const client of ['codex', 'claude'] as const) {
      const moved = after[client] !== null && before[client]?.port !== after[client]?.port;
      if (!moved || this.clients[client].status !== 'on') continue;
      try {
        switchOn(client, this.context());
        this.o.logger.info(`${client} now points at port ${after[client]?.port}`);
      } catch (err) {
        this.o.logger.warn(`${client} still points at the old port: ${String(err)}`);
      }
    }
    this.refresh();
    this.o.changed();
  }

  private safeStatus(client: ClientName, ctx: ClientContext): ClientSnapshot {
    try {
      return clientStatus(client, ctx);
    } catch (err) {
      return { ...this.clients[client], error: err instanceof Error ? err.message : String(err) };
    }
  }
}
