// The login shell's environment (docs/behaviour.md §8.5). An app started from the Dock, the Start
// menu or a launcher does not see what the user's shell profile exports, so `auth_token_env` keys
// would be missing. At start the desktop app asks `$SHELL -ilc` to print the environment between
// two markers (a profile may print anything before or after), gives up after 10 s, ignores any
// failure, and never runs on Windows. The result is used for key lookups only.
import type { ChildProcess, SpawnOptions } from 'node:child_process';

export const SHELL_ENV_TIMEOUT_MS = 10_000;
const MARK = '_CHD_SHELL_ENV_5d1e_';

export type Env = Record<string, string>;

/** The environment printed between the markers, or null when it is not there whole. */
export function parseShellEnv(stdout: string): Env | null {
  const start = stdout.indexOf(MARK);
  const end = stdout.lastIndexOf(MARK);
  if (start === -1 || end <= start) return null;
  try {
    const parsed: unknown = JSON.parse(stdout.slice(start + MARK.length, end));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    const out: Env = {};
    for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') out[k] = v;
    return out;
  } catch {
    return null;
  }
}

/** The command line: the shell prints the markers around what a Node process sees. */
export function shellEnvCommand(shell: string, nodePath: string): { file: string; args: string[] } {
  const node = `'${nodePath.replace(/'/g, `'\\''`)}'`;
  const script = `printf '%s' '${MARK}'; ${node} -e 'process.stdout.write(JSON.stringify(process.env))'; printf '%s' '${MARK}'`;
  return { file: shell, args: ['-ilc', script] };
}

export interface ShellEnvDeps {
  platform: NodeJS.Platform;
  /** `$SHELL` of the app's own environment. */
  shell: string | undefined;
  /** Electron's binary, run as plain Node (ELECTRON_RUN_AS_NODE=1). */
  nodePath: string;
  baseEnv: Readonly<Record<string, string | undefined>>;
  spawn(file: string, args: string[], options: SpawnOptions): ChildProcess;
  /** Arms the timeout; returns its cancel. Tests fire it by hand. */
  setTimer(fn: () => void, ms: number): () => void;
}

export type ShellEnvResult = { ok: true; env: Env } | { ok: false; reason: string };

export function readShellEnv(d: ShellEnvDeps): Promise<ShellEnvResult> {
  if (d.platform === 'win32') return Promise.resolve({ ok: false, reason: 'not read on Windows' });
  if (!d.shell?.trim()) return Promise.resolve({ ok: false, reason: '$SHELL is not set' });
  const { file, args } = shellEnvCommand(d.shell, d.nodePath);
  return new Promise((resolve) => {
    let out = '';
    let settled = false;
    const finish = (r: ShellEnvResult): void => {
      if (settled) return;
      settled = true;
      cancel();
      resolve(r);
    };
    let child: ChildProcess;
    try {
      child = d.spawn(file, args, {
        stdio: ['ignore', 'pipe', 'ignore'],
        env: { ...d.baseEnv, ELECTRON_RUN_AS_NODE: '1' },
        detached: false,
      });
    } catch (err) {
      resolve({ ok: false, reason: `could not start ${d.shell}: ${String(err)}` });
      return;
    }
    const cancel = d.setTimer(() => {
      child.kill('SIGKILL');
      finish({
        ok: false,
        reason: `${d.shell} did not answer within ${SHELL_ENV_TIMEOUT_MS / 1000} s`,
      });
    }, SHELL_ENV_TIMEOUT_MS);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => (out += chunk));
    child.once('error', (err) => finish({ ok: false, reason: `${d.shell}: ${err.message}` }));
    child.once('close', (code) => {
      const env = parseShellEnv(out);
      finish(
        env
          ? { ok: true, env }
          : { ok: false, reason: `${d.shell} exited ${code} without an environment` },
      );
    });
  });
}
