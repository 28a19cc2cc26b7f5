// createEngine(deps): the product. Config, balancer, proxy listeners, request log and client
// switches behind one API (start/stop, snapshot, onSnapshot, command). Never imports Electron.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ServiceName } from '../../shared/config-types';
import type {
  CommandArgs,
  CommandName,
  CommandResult,
  CommandValue,
  EngineApi,
} from '../../shared/contract';
import type { Notice } from '../../shared/events';
import { AppError } from '../../shared/contract';
import type { ClientName, ClientSnapshot, StateErrorInfo } from '../../shared/snapshot';
import { Activity } from './activity';
import { BalancePoller } from './balance/poller';
import { Balancer } from './balancer';
import { clientStatus, switchOn, type ClientContext } from './clients';
import { dispatchCommand } from './commands';
import type { CommandContext } from './commands/context';
import { ConfigStore } from './config';
import {
  balancerPolicyOf,
  resolveRetryPolicy,
  tryOrderOf,
  type RetryPolicy,
} from './config/retry-policy';
import { EventCenter } from './events';
import { CostLedger, entryFromLog, priceRequest } from './cost';
import { LOG_KEEP, RequestLog } from './log';
import { logFiles, readRequests } from './log/pages';
import { forEachLoggedSince } from './log/read';
import { lockHome, type HomeLock } from './home-lock';
import { ListenerSet } from './listeners';
import { checkResolvable, portClash } from './listen-checks';
import { SnapshotPublisher } from './publisher';
import { SessionCatalog, sessionDirs } from './sessions';
import { buildSnapshot } from './snapshot';
import { StateStore } from './state';
import { RequestIntake } from './intake';
import { SharedLink } from './shared';
import {
  silentLogger,
  systemClock,
  systemScheduler,
  type ConfigEdit,
  type EngineDeps,
  type RequestRecord,
} from './types';

export interface EngineInfo {
  home: string;
  configFile: string;
  logsDir: string;
  stateFile: string;
  consoleHost: string;
  consolePort: number;
  /** `[console] allowed_hosts`. */
  consoleAllowedHosts: readonly string[];
  /** Why the console uses its default port (config.toml does not parse), else null. */
  consoleNote: string | null;
  /** Why the console must not start (its port is set but cannot be read), else null. */
  consoleDown: string | null;
}

export interface Engine extends EngineApi {
  start(): Promise<void>;
  stop(): Promise<void>;
  info(): EngineInfo;
  /** Write pending state.json and request-log lines now. */
  flush(): Promise<void>;
  /** Look at config.toml now instead of waiting for the poll (tests, `serve` on SIGHUP). */
  checkConfigNow(): boolean;
  /** Notifications to show (docs/behaviour.md §8.1); returns its own unsubscribe. */
  onNotice(listener: (notice: Notice) => void): () => void;
  /** Resolves once today's and this month's figures have been read back from the log. */
  whenLogRead(): Promise<void>;
  readonly balancer: Balancer;
  readonly sessions: SessionCatalog;
}

/** `--home`, else $CODEX_HELPER_DESKTOP_HOME, else ~/.codex-helper-desktop. */
export function resolveHome(argHome: string | undefined, env: NodeJS.ProcessEnv): string {
  return argHome ?? env.CODEX_HELPER_DESKTOP_HOME ?? join(homedir(), '.codex-helper-desktop');
}

const CLIENT_REFRESH_MS = 2_000;

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

export function createEngine(deps: EngineDeps): Engine {
  const scheduler = deps.scheduler ?? systemScheduler;
  const clock = deps.clock ?? deps.scheduler ?? systemClock;
  const logger = deps.logger ?? silentLogger;
  const env = deps.env ?? process.env;
  // Keys may come from the login shell (desktop app); the process's own environment wins.
  const keyEnv = deps.shellEnv ? { ...deps.shellEnv, ...definedOnly(env) } : env;
  const fromShell = new Set(
    Object.keys(deps.shellEnv ?? {}).filter((k) => env[k] === undefined || env[k] === ''),
  );
  const home = deps.home;
  const configFile = join(home, 'config.toml');
  const stateFile = join(home, 'state.json');
  const logsDir = join(home, 'logs');
  const codexHome = deps.codexHome ?? env.CODEX_HOME ?? join(homedir(), '.codex');
  const claudeConfigDir =
    deps.claudeConfigDir ?? env.CLAUDE_CONFIG_DIR ?? join(homedir(), '.claude');
  const coalesceMs = deps.snapshotCoalesceMs ?? 100;
  const instanceId = randomUUID();

  const configStore = new ConfigStore({
    file: configFile,
    scheduler,
    logger,
    pollMs: deps.configPollMs,
  });
  let policy: RetryPolicy = resolveRetryPolicy(configStore.current().retry);
  const balancer = new Balancer({ clock, policy: balancerPolicyOf(policy), logger, env: keyEnv });
  const stateStore = new StateStore({
    onWritten: (problem) => {
      // A failed write shows in the snapshot until a later write works (docs/behaviour.md §2.6).
      const next: StateErrorInfo | null = problem
        ? {
            message: `${problem}; cooldowns and counts will not survive a restart`,
            file: stateFile,
            movedTo: null,
          }
        : (loadError ?? null);
      if (next?.message === stateError?.message) return;
      stateError = next;
      markChanged();
    },
    file: stateFile,
    clock,
    logger,
    delayMs: deps.stateWriteDelayMs,
  });
  const activity = new Activity();
  const ledger = new CostLedger(clock.now());
  let requestLog: RequestLog | null = null;
  let stateError: StateErrorInfo | null = null;
  let homeLock: HomeLock | null = null;
  /** What loading state.json reported; a failed write replaces it until a write works again. */
  let loadError: StateErrorInfo | null = null;
  let clients: Record<ClientName, ClientSnapshot> = {
    codex: { status: 'off', file: join(codexHome, 'config.toml'), error: null },
    claude: { status: 'off', file: join(claudeConfigDir, 'settings.json'), error: null },
  };

  let clientTimer: NodeJS.Timeout | null = null;
  let logRead: Promise<void> = Promise.resolve();
  let running = false;
  let paused = false;
  let stopEvents: (() => void) | null = null;

  const listeners = new ListenerSet({
    deps,
    clock,
    logger,
    balancer,
    getRuntime: () => ({ config: configStore.current(), env: keyEnv, paused }),
    blocked: () => configStore.listenFallback()?.down ?? {},
    onRequest: (proxied) => intake.add(proxied),
  });

  const intake = new RequestIntake((proxied) => {
    proxied.costUsd = priceRequest(configStore.current(), proxied);
    const record: RequestRecord = proxied;
    ledger.add(record);
    activity.record(record);
    sessions.record(record);
    requestLog?.append(record);
    for (const a of record.attempts) {
      if (a.decision === 'exhausted') poller.afterQuotaError(record.service, a.station, a.upstream);
    }
    markChanged();
  }, logger);
  /** The request log with every finished request in it (the intake books them first). */
  const flushRequestLog = async (): Promise<void> => {
    intake.flush();
    await requestLog?.flush();
  };

  const sessions = new SessionCatalog({
    dirs: sessionDirs(codexHome, claudeConfigDir),
    logsDir,
    logKeep: LOG_KEEP,
    flushLog: flushRequestLog,
    balancer,
    config: () => configStore.current(),
  });

  const poller = new BalancePoller({
    scheduler,
    logger,
    config: () => configStore.current(),
    env,
    balancer,
    changed: () => markChanged(),
    onPolled: (view, index, balance) => shared.balancePolled(view, index, balance),
  });

  // `[shared]` (docs/behaviour.md §11): balancer state shared with other instances.
  const shared = new SharedLink({
    balancer,
    balances: poller,
    config: () => configStore.current(),
    clock,
    logger,
    instanceId,
    open: deps.openShared,
    changed: () => markChanged(),
  });

  /** Today's and this month's figures from the log, after the listeners are up (a restart keeps them). */
  async function rebuildFromLog(): Promise<void> {
    ledger.beginRebuild();
    try {
      await forEachLoggedSince(
        logsDir,
        ledger.monthStart(clock.now()),
        (line) => {
          const entry = entryFromLog(configStore.current(), line);
          if (entry) ledger.addLogged(entry);
        },
        { cancelled: () => !running },
      );
    } catch (err) {
      logger.warn(`could not read the request log back: ${String(err)}`);
    } finally {
      ledger.finishRebuild();
      markChanged();
    }
  }

  const publisher = new SnapshotPublisher({
    clock,
    scheduler,
    logger,
    coalesceMs,
    beforeRead: () => intake.flush(),
    build: (version) => {
      return buildSnapshot({
        instanceId,
        version,
        now: clock.now(),
        config: configStore.current(),
        policy,
        env: keyEnv,
        fromShell,
        stationState: (service, station) => {
          const view = { service, name: station.name, upstreams: station.upstreams };
          // explain() first: it expires passed cooldowns, which the state must then show.
          const nextPick = balancer.explain(view);
          return { state: balancer.state(view), nextPick };
        },
        availability: (service) => {
          const config = configStore.current();
          const views = tryOrderOf(config[service], policy).map((s) => ({
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
        balance: (s, st, id) => poller.balanceOf(s, st, id),
        listening: listeners.addresses(),
        listenErrors: listeners.errors(),
        clients,
        configError: configStore.error(),
        stateError,
        shared: shared.status(),
        warnings: configStore.warnings(),
        recentRequests: activity.recentRequests(),
        metrics: { ...activity.metrics(clock.now()), tokensToday: ledger.tokensToday(clock.now()) },
        paths: { home, config: configFile, logs: logsDir },
        paused,
        recentEvents: events.recentEvents(),
        notices: events.recentNotices(),
      });
    },
  });
  const markChanged = (): void => publisher.markChanged();
  const events = new EventCenter({
    clock,
    logger,
    logsDir,
    switches: () => {
      const n = configStore.current().notifications;
      return { trip: n.trip, exhausted: n.exhausted, allDown: n.all_down, recovered: n.recovered };
    },
    changed: markChanged,
  });

  // ---- config, balancer state, clients ---------------------------------------------------------
  function applyConfig(): void {
    try {
      policy = resolveRetryPolicy(configStore.current().retry);
      balancer.setPolicy(balancerPolicyOf(policy));
    } catch (err) {
      logger.error(`retry settings could not be applied: ${String(err)}`);
    }
  }

  const persistState = (): void => stateStore.schedule(() => balancer.toJSON());
  balancer.onChange(() => {
    persistState();
    markChanged();
  });
  // Session bindings and pins are not in the snapshot: only state.json hears about them.
  balancer.onPersist(persistState);

  /** Re-binds listeners whose port or host changed in config.toml; clients follow them. */
  async function reconcileListeners(): Promise<void> {
    const before = listeners.addresses();
    await listeners.reconcile(configStore.current());
    clientsFollow(before);
  }

  async function saveSettings(edits: ConfigEdit[]): Promise<void> {
    const now = configStore.current();
    const next = configStore.preview(edits);
    const clash = portClash(next, now.console.port);
    if (clash) throw clash;
    if (next.proxy.host !== now.proxy.host) await checkResolvable('proxy.host', next.proxy.host);
    if (next.console.host !== now.console.host) {
      await checkResolvable('console.host', next.console.host);
    }
    const before = listeners.addresses();
    const move = await listeners.prepare(next);
    if (move.refused.length > 0) {
      await move.rollback();
      const why = move.refused.map((r) => `${r.service} proxy: ${r.message}`).join('; ');
      throw new AppError('io_error', `${why}; nothing was changed`);
    }
    try {
      ctx.save(edits);
    } catch (err) {
      await move.rollback();
      throw err;
    }
    await move.commit();
    clientsFollow(before);
  }

  /** A client pointed at a listener that moved follows it to the new port. */
  function clientsFollow(before: ReturnType<ListenerSet['addresses']>): void {
    const after = listeners.addresses();
    for (const client of ['codex', 'claude'] as const) {
      const moved = after[client] !== null && before[client]?.port !== after[client]?.port;
      if (!moved || clients[client].status !== 'on') continue;
      try {
        switchOn(client, clientContext());
        logger.info(`${client} now points at port ${after[client]?.port}`);
      } catch (err) {
        logger.warn(`${client} still points at the old port: ${String(err)}`);
      }
    }
    refreshClients();
    markChanged();
  }

  configStore.onChange(() => {
    applyConfig();
    void shared.reconcile();
    void reconcileListeners();
    poller.sync();
    markChanged();
  });

  function clientContext(): ClientContext {
    const config = configStore.current();
    const addr = listeners.addresses();
    return {
      codexHome,
      claudeConfigDir,
      proxyHost: config.proxy.host,
      codexPort: addr.codex?.port ?? config.proxy.codex_port,
      claudePort: addr.claude?.port ?? config.proxy.claude_port,
      serving: { codex: addr.codex !== null, claude: addr.claude !== null },
    };
  }

  function refreshClients(): void {
    const ctx = clientContext();
    const next = {
      codex: safeStatus('codex', ctx),
      claude: safeStatus('claude', ctx),
    };
    if (JSON.stringify(next) !== JSON.stringify(clients)) {
      clients = next;
      markChanged();
    }
  }

  function safeStatus(client: ClientName, ctx: ClientContext): ClientSnapshot {
    try {
      return clientStatus(client, ctx);
    } catch (err) {
      return { ...clients[client], error: err instanceof Error ? err.message : String(err) };
    }
  }

  const ctx: CommandContext = {
    config: () => configStore.current(),
    env: keyEnv,
    clock,
    balancer,
    activity,
    ledger,
    poller,
    save: (edits) => {
      configStore.save(edits);
      applyConfig();
      poller.sync();
    },
    changed: () => publisher.changedNow(),
    ownAddresses: () => listeners.ownAddresses(configStore.current()),
    clientContext,
    importContext: (service: ServiceName) => ({
      codexHome,
      codexHelperHome: env.CODEX_HELPER_HOME ?? join(homedir(), '.codex-helper'),
      service,
      ownAddresses: listeners.ownAddresses(configStore.current()),
    }),
    saveSettings,
    refreshClients,
    setPaused: (value) => {
      if (paused !== value) logger.info(value ? 'proxy paused' : 'proxy resumed');
      paused = value;
    },
    readRequests: async (before, limit) => {
      await flushRequestLog();
      return readRequests(logFiles(logsDir, LOG_KEEP), before, limit);
    },
    listSessions: (service, offset, limit) => sessions.list(service, offset, limit),
  };

  return {
    balancer,
    sessions,
    async start() {
      if (running) return;
      mkdirSync(home, { recursive: true, mode: 0o700 });
      // Before anything is read or written: a second instance on this home touches nothing.
      homeLock = lockHome(home);
      running = true;
      configStore.load();
      applyConfig();
      const loaded = stateStore.load();
      stateError = loaded.error;
      loadError = loaded.error;
      if (loaded.state) balancer.restore(loaded.state);
      // After state.json: it is what this instance offers a store that holds nothing yet.
      void shared.reconcile();
      requestLog = new RequestLog({ dir: logsDir, logger });
      await listeners.startAll(configStore.current());
      // After the listeners: traffic is served while the log is read back (docs/behaviour.md §9).
      logRead = rebuildFromLog();
      poller.start();
      configStore.watch();
      refreshClients();
      clientTimer = setInterval(refreshClients, CLIENT_REFRESH_MS);
      clientTimer.unref();
      events.start();
      stopEvents = publisher.subscribe((s) => events.observe(s));
      publisher.start();
    },
    async stop() {
      if (!running) return;
      running = false;
      publisher.stop();
      stopEvents?.();
      stopEvents = null;
      await events.stop();
      sessions.stop();
      await logRead;
      await poller.stop();
      await shared.stop();
      if (clientTimer) clearInterval(clientTimer);
      clientTimer = null;
      configStore.close();
      await listeners.closeAll();
      // Bindings used since the last write carry their last-use time (their TTL) to the next start.
      persistState();
      await stateStore.close();
      intake.flush();
      await requestLog?.close();
      requestLog = null;
      homeLock?.release();
      homeLock = null;
    },
    info: () => ({
      home,
      configFile,
      logsDir,
      stateFile,
      consoleHost: configStore.current().console.host,
      consolePort: configStore.current().console.port,
      consoleAllowedHosts: configStore.current().console.allowed_hosts,
      consoleNote: configStore.listenFallback()?.consoleNote ?? null,
      consoleDown: configStore.listenFallback()?.consoleDown ?? null,
    }),
    async flush() {
      await stateStore.flush();
      await flushRequestLog();
      await events.flush();
    },
    checkConfigNow: () => configStore.checkNow(),
    whenLogRead: () => logRead,
    snapshot: () => publisher.current(),
    onSnapshot: (listener) => publisher.subscribe(listener),
    onNotice: (listener) => events.onNotice(listener),
    command<K extends CommandName>(
      name: K,
      args: CommandArgs<K>,
    ): Promise<CommandResult<CommandValue<K>>> {
      return dispatchCommand(ctx, name, args);
    },
  };
}

export type { EngineDeps } from './types';
