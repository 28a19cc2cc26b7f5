// An in-memory EngineApi for adapter tests (HTTP console and Electron IPC): records command calls,
// lets a test push snapshots, and answers with a programmable result.
import type { CommandName, CommandResult, EngineApi } from '../../shared/contract';
import type { Snapshot } from '../../shared/snapshot';

export interface FakeEngine extends EngineApi {
  calls: { name: CommandName; args: unknown }[];
  /** Replaces the current snapshot and notifies every subscriber. */
  push(version: number): Snapshot;
  listenerCount(): number;
  /** Resolves once the number of subscribers equals `n`. */
  whenListenerCount(n: number): Promise<void>;
  /** What command() does next; default: `{ ok: true, value: { version } }`. */
  respond: (name: CommandName, args: unknown) => Promise<CommandResult<unknown>>;
}

export function fakeSnapshot(version: number, instanceId = 'test-instance'): Snapshot {
  // Only the fields adapters look at; adapters must pass snapshots through untouched.
  return {
    instanceId,
    version,
    generatedAt: 0,
    services: {
      codex: { listening: null, error: null, active: null, stations: [] },
      claude: { listening: null, error: null, active: null, stations: [] },
    },
    clients: {
      codex: { status: 'off', file: '/tmp/codex/config.toml', error: null },
      claude: { status: 'off', file: '/tmp/claude/settings.json', error: null },
    },
    configError: null,
    stateError: null,
    recentRequests: [],
    warnings: [],
    paths: { home: '/tmp/home', config: '/tmp/home/config.toml', logs: '/tmp/home/logs' },
  } as unknown as Snapshot;
}

export function createFakeEngine(initialVersion = 1): FakeEngine {
  let current = fakeSnapshot(initialVersion);
  const listeners = new Set<(snapshot: Snapshot) => void>();
  const waiters: { n: number; resolve: () => void }[] = [];
  const settle = (): void => {
    for (const w of [...waiters]) {
      if (listeners.size === w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  const engine: FakeEngine = {
    calls: [],
    respond: async () => ({ ok: true, value: { version: current.version } }),
    snapshot: () => current,
    onSnapshot(listener) {
      listeners.add(listener);
      settle();
      return () => {
        listeners.delete(listener);
        settle();
      };
    },
    async command(name, args) {
      engine.calls.push({ name, args });
      return (await engine.respond(name, args)) as never;
    },
    push(version) {
      current = fakeSnapshot(version);
      for (const listener of [...listeners]) listener(current);
      return current;
    },
    listenerCount: () => listeners.size,
    whenListenerCount: (n) =>
      new Promise<void>((resolve) => {
        waiters.push({ n, resolve });
        settle();
      }),
  };
  return engine;
}

/** A scheduler whose time only moves when the test says so. */
export function manualScheduler(start = 1_000_000) {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn: () => void, ms: number): unknown {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(handle: unknown): void {
      timers.delete(handle as number);
    },
    pending: () => timers.size,
    /** Moves time forward, firing due timers in order. */
    advance(ms: number): void {
      const target = now + ms;
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, t]) => t.at <= target)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = target;
    },
  };
}
