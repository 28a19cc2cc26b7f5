// Where to listen when config.toml is invalid at start (docs/behaviour.md §1): every listen key
// whose value can be read is taken from the file, even if other keys are wrong, and a port the
// file sets but that cannot be read is never replaced by a default (that listener stays down).
// Only when the file does not parse at all does the console fall back to its default port.
import { parse } from 'smol-toml';
import {
  DEFAULT_CONSOLE,
  DEFAULT_PROXY,
  type ConsoleConfig,
  type ProxyConfig,
  type ServiceName,
} from '../../../shared/config-types';
import { isTable } from './read-helpers';

export interface ListenFallback {
  proxy: ProxyConfig;
  console: ConsoleConfig;
  /** Services that must not listen, with the reason shown as the service's error. */
  down: Partial<Record<ServiceName, string>>;
  /** Said at start when the console uses its default port because the file does not parse. */
  consoleNote: string | null;
  /** Set when the file sets the console's host or port but it cannot be read: no console. */
  consoleDown: string | null;
}

type Read<T> = { ok: true; value: T } | { ok: false };

function readKey<T>(table: unknown, key: string, check: (v: unknown) => v is T): Read<T> | null {
  if (!isTable(table) || table[key] === undefined) return null;
  const v = table[key];
  return check(v) ? { ok: true, value: v } : { ok: false };
}

const isPort = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535;
const isHost = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

export function listenFallback(text: string | null, file: string): ListenFallback {
  let tree: Record<string, unknown> | null = null;
  try {
    tree = text === null ? null : (parse(text) as Record<string, unknown>);
  } catch {
    tree = null;
  }
  const proxy: ProxyConfig = { ...DEFAULT_PROXY, allowed_hosts: [] };
  const consoleConfig: ConsoleConfig = { ...DEFAULT_CONSOLE, allowed_hosts: [] };
  if (tree === null) {
    const why = `${file} cannot be read as TOML, so the proxy does not know its ports; it starts once the file is fixed`;
    return {
      proxy,
      console: consoleConfig,
      down: { codex: why, claude: why },
      consoleNote: `${file} cannot be read as TOML: the console uses its default port ${DEFAULT_CONSOLE.port} until the file is fixed`,
      consoleDown: null,
    };
  }
  const down: Partial<Record<ServiceName, string>> = {};
  const unreadable = (key: string) =>
    `${file}: ${key} cannot be read, so this proxy stays down until the file is fixed`;
  const host = readKey(tree.proxy, 'host', isHost);
  if (host?.ok) proxy.host = host.value;
  for (const [service, key] of [
    ['codex', 'codex_port'],
    ['claude', 'claude_port'],
  ] as const) {
    const port = readKey(tree.proxy, key, isPort);
    if (host && !host.ok) down[service] = unreadable('proxy.host');
    else if (port && !port.ok) down[service] = unreadable(`proxy.${key}`);
    else if (port?.ok) proxy[key] = port.value;
  }
  const cHost = readKey(tree.console, 'host', isHost);
  if (cHost?.ok) consoleConfig.host = cHost.value;
  const cPort = readKey(tree.console, 'port', isPort);
  if (cPort?.ok) consoleConfig.port = cPort.value;
  const badKey = cHost && !cHost.ok ? 'console.host' : cPort && !cPort.ok ? 'console.port' : null;
  return {
    proxy,
    console: consoleConfig,
    down,
    consoleNote: null,
    consoleDown: badKey
      ? `${file}: ${badKey} cannot be read, so the console does not start; fix the file and start again`
      : null,
  };
}
