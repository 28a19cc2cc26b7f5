// What an engine is given, resolved once (docs/architecture.md, "The engine takes its side effects
// as arguments"): the clock, timers and logger, the environment keys are read from, and where its
// own files and the clients' folders are.
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  silentLogger,
  systemClock,
  systemScheduler,
  type Clock,
  type EngineDeps,
  type Logger,
  type Scheduler,
} from './types';

export interface EngineSetup {
  scheduler: Scheduler;
  clock: Clock;
  logger: Logger;
  env: Readonly<Record<string, string | undefined>>;
  /** Where `*_env` keys are looked up: `env`, else the login shell's (docs/behaviour.md §8.5). */
  keyEnv: Readonly<Record<string, string | undefined>>;
  /** The variables only the login shell has. */
  fromShell: Set<string>;
  home: string;
  configFile: string;
  stateFile: string;
  logsDir: string;
  codexHome: string;
  claudeConfigDir: string;
  coalesceMs: number;
}

/** `--home`, else $CODEX_HELPER_DESKTOP_HOME, else ~/.codex-helper-desktop. */
export function resolveHome(argHome: string | undefined, env: NodeJS.ProcessEnv): string {
  return argHome ?? env.CODEX_HELPER_DESKTOP_HOME ?? join(homedir(), '.codex-helper-desktop');
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

export function engineSetup(deps: EngineDeps): EngineSetup {
  const env = deps.env ?? process.env;
  const home = deps.home;
  return {
    scheduler: deps.scheduler ?? systemScheduler,
    clock: deps.clock ?? deps.scheduler ?? systemClock,
    logger: deps.logger ?? silentLogger,
    env,
    // Keys may come from the login shell (desktop app); the process's own environment wins.
    keyEnv: deps.shellEnv ? { ...deps.shellEnv, ...definedOnly(env) } : env,
    fromShell: new Set(
      Object.keys(deps.shellEnv ?? {}).filter((k) => env[k] === undefined || env[k] === ''),
    ),
    home,
    configFile: join(home, 'config.toml'),
    stateFile: join(home, 'state.json'),
    logsDir: join(home, 'logs'),
    codexHome: deps.codexHome ?? env.CODEX_HOME ?? join(homedir(), '.codex'),
    claudeConfigDir: deps.claudeConfigDir ?? env.CLAUDE_CONFIG_DIR ?? join(homedir(), '.claude'),
    coalesceMs: deps.snapshotCoalesceMs ?? 100,
  };
}
