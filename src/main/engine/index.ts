// createEngine(deps): the product. Config, balancer, proxy listeners, request log and client
// switches behind one API (start/stop, snapshot, onSnapshot, command). Never imports Electron.
// The wiring is here; the pieces with a job of their own are beside it: setup.ts (what deps
// resolve to), books.ts (each finished request), state-file.ts, client-watch.ts,
// listener-moves.ts, snapshot-source.ts, command-context.ts and lifecycle.ts (start and stop).
import { randomUUID } from 'node:crypto';
import type {
  CommandArgs,
  CommandName,
  CommandResult,
  CommandValue,
  EngineApi,
} from '../../shared/contract';
import type { Notice } from '../../shared/events';
import { Activity } from './activity';
import { BalancePoller } from './balance/poller';
import { Balancer } from './balancer';
import { RequestBooks } from './books';
import { ClientWatch } from './client-watch';
import { commandContext, type CommandParts } from './command-context';
import { dispatchCommand } from './commands';
import { ConfigStore } from './config';
import { balancerPolicyOf, resolveRetryPolicy, type RetryPolicy } from './config/retry-policy';
import { EventCenter } from './events';
import { CostLedger } from './cost';
import { LOG_KEEP } from './log';
import { Lifecycle, type LifecycleParts } from './lifecycle';
import { reconcileListeners } from './listener-moves';
import { ListenerSet } from './listeners';
import { SnapshotPublisher } from './publisher';
import { SessionCatalog, sessionDirs } from './sessions';
import { engineSetup } from './setup';
import { engineSnapshot, type SnapshotParts } from './snapshot-source';
import { StateFile } from './state-file';
import { SharedLink } from './shared';
import type { ConfigEdit, EngineDeps } from './types';

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

export { resolveHome } from './setup';

export function createEngine(deps: EngineDeps): Engine {
  const setup = engineSetup(deps);
  const { scheduler, clock, logger, env, keyEnv, home, logsDir, codexHome, claudeConfigDir } =
    setup;
  const { configFile, stateFile } = setup;
  const instanceId = randomUUID();

  const configStore = new ConfigStore({
    file: configFile,
    scheduler,
    logger,
    pollMs: deps.configPollMs,
  });
  let policy: RetryPolicy = resolveRetryPolicy(configStore.current().retry);
  const balancer = new Balancer({ clock, policy: balancerPolicyOf(policy), logger, env: keyEnv });
  const markChanged = (): void => publisher.markChanged();
  const state = new StateFile({
    file: stateFile,
    balancer,
    clock,
    logger,
    delayMs: deps.stateWriteDelayMs,
    changed: markChanged,
  });
  const activity = new Activity();
  const ledger = new CostLedger(clock.now());
  let paused = false;

  const listeners = new ListenerSet({
    deps,
    clock,
    logger,
    balancer,
    getRuntime: () => ({ config: configStore.current(), env: keyEnv, paused }),
    blocked: () => configStore.listenFallback()?.down ?? {},
    onRequest: (proxied) => intake.add(proxied),
  });

  const sessions = new SessionCatalog({
    dirs: sessionDirs(codexHome, claudeConfigDir),
    logsDir,
    logKeep: LOG_KEEP,
    flushLog: (): Promise<void> => books.flushLog(),
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

  const books = new RequestBooks({
    configStore,
    ledger,
    activity,
    sessions,
    poller,
    logsDir,
    clock,
    logger,
    changed: markChanged,
  });
  // The listeners hand each finished request straight to it (docs/architecture.md,
  // "Per-request work").
  const intake = books.intake;

  const publisher = new SnapshotPublisher({
    clock,
    scheduler,
    logger,
    coalesceMs: setup.coalesceMs,
    beforeRead: () => intake.flush(),
    build: (version) => engineSnapshot(parts, version),
  });
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
  const clients = new ClientWatch({
    codexHome,
    claudeConfigDir,
    config: () => configStore.current(),
    listeners,
    logger,
    changed: markChanged,
  });

  function applyConfig(): void {
    try {
      policy = resolveRetryPolicy(configStore.current().retry);
      balancer.setPolicy(balancerPolicyOf(policy));
    } catch (err) {
      logger.error(`retry settings could not be applied: ${String(err)}`);
    }
  }

  function saveConfig(edits: ConfigEdit[]): void {
    configStore.save(edits);
    applyConfig();
    poller.sync();
  }

  balancer.onChange(() => {
    state.persist();
    markChanged();
  });
  // Session bindings and pins are not in the snapshot: only state.json hears about them.
  balancer.onPersist(state.persist);

  configStore.onChange(() => {
    applyConfig();
    void shared.reconcile();
    void reconcileListeners(parts);
    poller.sync();
    markChanged();
  });

  /** What the pieces beside this file work on (lifecycle.ts, snapshot-source.ts, …). */
  const parts: LifecycleParts & SnapshotParts & CommandParts = {
    instanceId,
    clock,
    home,
    configFile,
    logsDir,
    keyEnv,
    fromShell: setup.fromShell,
    configStore,
    policy: () => policy,
    applyConfig,
    save: saveConfig,
    balancer,
    state,
    activity,
    ledger,
    books,
    sessions,
    poller,
    shared,
    listeners,
    clients,
    events,
    publisher,
    paused: () => paused,
    setPaused: (value) => {
      if (paused !== value) logger.info(value ? 'proxy paused' : 'proxy resumed');
      paused = value;
    },
    env,
    codexHome,
  };
  const ctx = commandContext(parts);
  const lifecycle = new Lifecycle(parts);

  return {
    balancer,
    sessions,
    start: () => lifecycle.start(),
    stop: () => lifecycle.stop(),
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
      await state.flush();
      await books.flushLog();
      await events.flush();
    },
    checkConfigNow: () => configStore.checkNow(),
    whenLogRead: () => lifecycle.whenLogRead(),
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
