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

/** The host a client should dial: a wildcard listener is reached through loopback. */
export function dialHost(proxyHost: string): string {
  if (WILDCARD_HOSTS.has(proxyHost)) return '127.0.0.1';
  return proxyHost.includes(':') && !proxyHost.startsWith('[') ? `[${proxyHost}]` : proxyHost;
}

/** Whether a URL reaches one of our listeners: the proxy's own self-loop rule, one rule for both. */
export { pointsAtOwnListener as isOwnAddress } from '../proxy/url';
