// Who may talk to the console: loopback Host names, the listen host and [console] allowed_hosts
// only (DNS rebinding, engine/hosts.ts), same-origin callers only
// on the API, and the per-start token compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** One policy for the console and the Electron window (the window adds its dev-server relaxations). */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/** 256 random bits, url-safe so it can sit in `?token=` unescaped. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A browser page on another site can reach 127.0.0.1 too; it always sends its own Origin, so any
 * Origin that is not the one this page was served from is refused. Non-browser clients send none.
 */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  if (!host) return false;
  return origin.toLowerCase() === `http://${host.toLowerCase()}`;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Hashing first makes the comparison length-independent as well as constant-time. */
export function tokenMatches(presented: string | null, expected: string): boolean {
  if (presented === null) return false;
  return timingSafeEqual(digest(presented), digest(expected));
}

/** The token from `Authorization: Bearer …`, else from `?token=` (EventSource cannot set headers). */
export function presentedToken(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return match?.[1] ?? null;
  }
  return url.searchParams.get('token');
}
