// Every response the window loads gets the console's Content-Security-Policy, whether it comes
// from file:// (packaged) or the Vite dev server.
import type { Session } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../console/security';

/**
 * The dev server needs two relaxations: @vitejs/plugin-react injects an inline preamble script,
 * and HMR talks over a WebSocket to the dev server. Production keeps the strict policy.
 */
export function cspFor(devServerUrl: string | null): string {
  if (!devServerUrl) return CONTENT_SECURITY_POLICY;
  const ws = devServerUrl.replace(/^http/, 'ws');
  return CONTENT_SECURITY_POLICY.replace(
    "script-src 'self'",
    "script-src 'self' 'unsafe-inline'",
  ).replace("connect-src 'self'", `connect-src 'self' ${ws}`);
}

export function installCsp(
  session: Pick<Session, 'webRequest'>,
  devServerUrl: string | null,
): void {
  const policy = cspFor(devServerUrl);
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string | string[]> = {};
    // Drop any policy the response already carries so ours is the only one in force.
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [policy];
    headers['X-Content-Type-Options'] = ['nosniff'];
    callback({ responseHeaders: headers });
  });
}
