// What updateSettings refuses before touching a listener (docs/behaviour.md, settings): a port
// one of our own listeners uses, and a host name that does not resolve. Everything else is found
// out by binding (ListenerSet.prepare), with the old listener still serving.
import { lookup } from 'node:dns/promises';
import type { AppConfig } from '../../shared/config-types';
import { AppError } from '../../shared/contract';

/** A port the proxies and the console want twice, named by key path. */
export function portClash(next: AppConfig, consolePortNow: number): AppError | null {
  const { codex_port: codex, claude_port: claude } = next.proxy;
  if (codex === claude) {
    return new AppError(
      'invalid_argument',
      `proxy.codex_port and proxy.claude_port are both ${codex}: the codex and claude proxies need a port each`,
      'proxy.codex_port',
    );
  }
  for (const [key, port] of [
    ['proxy.codex_port', codex],
    ['proxy.claude_port', claude],
  ] as const) {
    if (port === next.console.port || port === consolePortNow) {
      return new AppError(
        'invalid_argument',
        `${key} ${port} is the console's port: the console and the proxies need a port each`,
        key,
      );
    }
  }
  return null;
}

/** Refuses a host name that does not resolve (checked only when it changes). */
export async function checkResolvable(key: string, host: string): Promise<void> {
  const bare = host.replace(/^\[|\]$/g, '');
  try {
    await lookup(bare);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new AppError(
      'invalid_argument',
      `${key} "${host}" cannot be resolved to an address on this machine (${code})`,
      key,
    );
  }
}
