// What the client switches need to know about where the files are and whether we are serving.
export interface ClientContext {
  /** $CODEX_HOME or ~/.codex (resolved by the caller). */
  codexHome: string;
  /** $CLAUDE_CONFIG_DIR or ~/.claude. */
  claudeConfigDir: string;
  /** Our listener host (127.0.0.1). */
  proxyHost: string;
  codexPort: number;
  claudePort: number;
  /** Whether our listener for that service is up now. */
  serving: { codex: boolean; claude: boolean };
}

export const SWITCH_STATE_FILE = 'codex-helper-desktop-switch.json';

const WILDCARD_HOSTS = new Set(['', '0.0.0.0', '::', '[::]']);
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The host a client should dial: a wildcard listener is reached through loopback. */
export function dialHost(proxyHost: string): string {
  if (WILDCARD_HOSTS.has(proxyHost)) return '127.0.0.1';
  return proxyHost.includes(':') && !proxyHost.startsWith('[') ? `[${proxyHost}]` : proxyHost;
}

/** Whether a URL reaches one of our listeners (any loopback spelling, or our own host). */
export function isOwnAddress(
  url: string,
  addresses: readonly { host: string; port: number }[],
): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  const host = u.hostname.toLowerCase();
  const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
  return addresses.some((a) => {
    if (a.port !== port) return false;
    const own = dialHost(a.host).toLowerCase();
    const ownIsLoopback = LOOPBACK_NAMES.has(own) || own.startsWith('127.');
    return host === own || (ownIsLoopback && (LOOPBACK_NAMES.has(host) || host.startsWith('127.')));
  });
}
