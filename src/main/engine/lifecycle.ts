// Start and stop of one engine: the order its parts come up in and go down in. Start takes the
// home's lock before anything is read or written and serves traffic before the request log is
// read back (docs/behaviour.md §9); stop writes state.json and the log last, then lets go of the
// home.
import { mkdirSync } from 'node:fs';
import type { BalancePoller } from './balance/poller';
import type { RequestBooks } from './books';
import type { ClientWatch } from './client-watch';
import type { ConfigStore } from './config';
import type { EventCenter } from './events';
import { lockHome, type HomeLock } from './home-lock';
import type { ListenerSet } from './listeners';
import type { SnapshotPublisher } from './publisher';
import type { SessionCatalog } from './sessions';
import type { SharedLink } from './shared';
import type { StateFile } from './state-file';

export interface LifecycleParts {
  home: string;
  configStore: ConfigStore;
  /** Applies the config's retry settings to the balancer. */
  applyConfig(): void;
  state: StateFile;
  shared: SharedLink;
  books: RequestBooks;
  listeners: ListenerSet;
  poller: BalancePoller;
  clients: ClientWatch;
  events: EventCenter;
  publisher: SnapshotPublisher;
  sessions: SessionCatalog;
}

export class Lifecycle {
  private running = false;
  private homeLock: HomeLock | null = null;
  private logRead: Promise<void> = Promise.resolve();
  private stopEvents: (() => void) | null = null;

  constructor(private readonly p: LifecycleParts) {}

  /** Resolves once today's and this month's figures have been read back from the log. */
  whenLogRead(): Promise<void> {
    return this.logRead;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const p = this.p;
    mkdirSync(p.home, { recursive: true, mode: 0o700 });
    // Before anything is read or written: a second instance on this home touches nothing.
    this.homeLock = lockHome(p.home);
    this.running = true;
    p.configStore.load();
    p.applyConfig();
    p.state.load();
    // After state.json: it is what this instance offers a store that holds nothing yet.
    void p.shared.reconcile();
    p.books.openLog();
    await p.listeners.startAll(p.configStore.current());
    // After the listeners: traffic is served while the log is read back (docs/behaviour.md §9).
    this.logRead = p.books.rebuildFromLog(() => !this.running);
    p.poller.start();
    p.configStore.watch();
    p.clients.start();
    p.events.start();
    this.stopEvents = p.publisher.subscribe((s) => p.events.observe(s));
    p.publisher.start();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    const p = this.p;
    this.running = false;
    p.publisher.stop();
    this.stopEvents?.();
    this.stopEvents = null;
    await p.events.stop();
    p.sessions.stop();
    await this.logRead;
    await p.poller.stop();
    await p.shared.stop();
    p.clients.stop();
    p.configStore.close();
    await p.listeners.closeAll();
    // Bindings used since the last write carry their last-use time (their TTL) to the next start.
    p.state.persist();
    await p.state.close();
    await p.books.closeLog();
    this.homeLock?.release();
    this.homeLock = null;
  }
}
