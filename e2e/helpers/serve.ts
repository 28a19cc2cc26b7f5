// Starts the real headless entry (`node scripts/serve.mjs --home DIR`) in its own process, the way
// a user runs it, and talks to its console API. scripts/e2e.mjs builds once beforehand, so serve
// finds out/ fresh and starts straight away.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Snapshot } from '../../src/shared/snapshot';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const TOKEN = 'e2e-token-0123456789abcdef';

/**
 * `n` distinct free loopback ports. Every probe listener stays open until all `n` are taken, so
 * the kernel cannot hand the same port out twice (probing one at a time, closing each before the
 * next, sometimes returned one port for two listeners).
 */
export async function freePortList(n: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const s = createServer();
      servers.push(s);
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(0, '127.0.0.1', () => resolve());
      });
    }
    return servers.map((s) => {
      const addr = s.address();
      return typeof addr === 'object' && addr ? addr.port : 0;
    });
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(() => r(undefined)))));
  }
}

export async function freePort(): Promise<number> {
  const [port = 0] = await freePortList(1);
  return port;
}

export interface Ports {
  codex: number;
  claude: number;
  console: number;
}

export async function freePorts(): Promise<Ports> {
  const [codex = 0, claude = 0, console = 0] = await freePortList(3);
  return { codex, claude, console };
}

export interface Serve {
  /** The console URL as printed, token included. */
  readonly consoleUrl: string;
  readonly consoleOrigin: string;
  readonly codexProxy: string;
  /** stdout and stderr lines as they came. */
  readonly output: readonly string[];
  /** stdout lines only: what serve prints for the user (logs and build notes go to stderr). */
  readonly stdout: readonly string[];
  /** GET (no body) or POST (body) against the console API with the right token. */
  api<T = unknown>(route: string, body?: unknown): Promise<T>;
  snapshot(): Promise<Snapshot>;
  /** Resolves with the first stdout line (already printed or to come) starting with `prefix`. */
  waitForLine(prefix: string): Promise<string>;
  /** SIGTERM (or `signal`), then resolves with the exit code once the process has gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Spawns serve for `home` (whose config.toml the caller wrote) and resolves once it printed its
 * console URL. Codex and Claude homes point inside `home`, so nothing touches the real ones;
 * `env` adds variables such as relay keys.
 */
export async function startServe(
  home: string,
  env: Record<string, string> = {},
  args: readonly string[] = [],
): Promise<Serve> {
  for (const dir of ['codex', 'claude']) mkdirSync(path.join(home, dir), { recursive: true });
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(projectRoot, 'scripts/serve.mjs'), '--home', home, ...args],
    {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        CODEX_HELPER_DESKTOP_TOKEN: TOKEN,
        CODEX_HOME: path.join(home, 'codex'),
        CLAUDE_CONFIG_DIR: path.join(home, 'claude'),
        CODEX_HELPER_HOME: path.join(home, 'codex-helper'),
        ...env,
      },
    },
  );
  const output: string[] = [];
  const stdout: string[] = [];
  child.stderr?.on('data', (c: Buffer) => output.push(...c.toString().trimEnd().split('\n')));
  const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const lineWaiters: { prefix: string; resolve: (line: string) => void }[] = [];
  const lineOf = (prefix: string) =>
    output.find((l) => l.startsWith(prefix))?.slice(prefix.length) ?? '';

  // A serve that starts without its console is no use to the caller, who never gets a handle to
  // stop it: it is ended here, or it would keep its proxies (and any switched client) alive.
  const started = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`serve exited early (code ${code}):\n${output.join('\n')}`)),
    );
    rl.on('line', (line) => {
      output.push(line);
      stdout.push(line);
      for (const w of [...lineWaiters]) {
        if (line.startsWith(w.prefix)) {
          lineWaiters.splice(lineWaiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
      if (line.startsWith('console: ')) {
        if (line.startsWith('console: http')) resolve();
        else reject(new Error(`serve has no console:\n${output.join('\n')}`));
      }
    });
  });
  try {
    await started;
  } catch (err) {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    throw err;
  }

  const consoleUrl = lineOf('console: ');
  const consoleOrigin = new URL(consoleUrl).origin;
  const api = async <T>(route: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${consoleOrigin}${route}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as T;
  };

  return {
    consoleUrl,
    consoleOrigin,
    codexProxy: lineOf('codex proxy: '),
    output,
    stdout,
    api,
    snapshot: () => api<Snapshot>('/api/snapshot'),
    waitForLine(prefix) {
      const seen = output.find((l) => l.startsWith(prefix));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => lineWaiters.push({ prefix, resolve }));
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      // A serve that ignores SIGTERM must not hang the suite's teardown; the story still fails
      // on whatever it asserted, and the kill shows up as a slow teardown.
      const watchdog = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(watchdog);
      return code;
    },
  };
}
