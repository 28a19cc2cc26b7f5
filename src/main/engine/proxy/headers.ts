// Header rules towards the upstream and back to the client (docs/behaviour.md §3.3).
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { ResolvedAuth } from '../config/auth';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

const DECODABLE = new Set(['gzip', 'deflate', 'br']);

// Nearly every request and response says one of these: no split and no new set for them.
const COMMON_CONNECTION = new Map<string, ReadonlySet<string>>([
  ['keep-alive', new Set(['keep-alive'])],
  ['close', new Set(['close'])],
]);

function connectionNamed(headers: IncomingHttpHeaders): ReadonlySet<string> | null {
  const c = headers.connection;
  if (!c) return null;
  const common = COMMON_CONNECTION.get(c);
  if (common) return common;
  const names = new Set<string>();
  for (const part of c.split(',')) {
    const n = part.trim().toLowerCase();
    if (n) names.add(n);
  }
  return names;
}

/** Only codings Node can decode (it has no zstd): we must read usage from the body. */
export function limitAcceptEncoding(value: string): string | null {
  const kept: string[] = [];
  for (const part of value.split(',')) {
    const coding = part.split(';')[0]!.trim().toLowerCase();
    if (DECODABLE.has(coding)) kept.push(part.trim());
  }
  return kept.length ? kept.join(', ') : null;
}

/**
 * Client headers minus host, content-length, hop-by-hop and Connection-named ones. Computed once
 * per request; credentials are applied per upstream by `withCredentials`.
 */
export function baseUpstreamHeaders(
  incoming: IncomingHttpHeaders,
): Record<string, string | string[]> {
  const named = connectionNamed(incoming);
  const out: Record<string, string | string[]> = {};
  for (const name in incoming) {
    // `expect: 100-continue` is answered by our own server; the body is already in hand.
    if (name === 'host' || name === 'content-length' || name === 'expect' || HOP_BY_HOP.has(name)) {
      continue;
    }
    if (named?.has(name)) continue;
    const v = incoming[name];
    if (v === undefined) continue;
    if (name === 'accept-encoding') {
      const limited = limitAcceptEncoding(Array.isArray(v) ? v.join(',') : v);
      if (limited) out[name] = limited;
      continue;
    }
    out[name] = v;
  }
  return out;
}

/** The proxy's loop mark towards upstreams: the marks of every instance the request went through. */
export const LOOP_HEADER = 'x-codex-helper-loop';

/** Adds this proxy's mark to the ones the request already carries (a chain of instances). */
export function withLoopMark(
  base: Record<string, string | string[]>,
  mark: string,
): Record<string, string | string[]> {
  const had = base[LOOP_HEADER];
  base[LOOP_HEADER] =
    had === undefined ? mark : `${Array.isArray(had) ? had.join(', ') : had}, ${mark}`;
  return base;
}

/**
 * A relay with its own credential never sees the client's key: both `authorization` and
 * `x-api-key` go, and the upstream's are set. Without one the client's pass through.
 */
export function withCredentials(
  base: Record<string, string | string[]>,
  ownCredentials: boolean,
  auth: ResolvedAuth,
): OutgoingHttpHeaders {
  // Nobody changes the headers after this (undici sets content-length from the body), so the
  // client's set can go out as it is.
  if (!ownCredentials) return base;
  // Built field by field: `delete` would turn the object into a slow dictionary for undici.
  const out: OutgoingHttpHeaders = {};
  for (const name in base) {
    if (name !== 'authorization' && name !== 'x-api-key') out[name] = base[name];
  }
  if (auth.token !== null) out['authorization'] = `Bearer ${auth.token}`;
  if (auth.apiKey !== null) out['x-api-key'] = auth.apiKey;
  return out;
}

/** Upstream response headers for the client; `decoded` drops the coding we removed. */
export function clientResponseHeaders(
  upstream: IncomingHttpHeaders,
  decoded: boolean,
): OutgoingHttpHeaders {
  const named = connectionNamed(upstream);
  const out: OutgoingHttpHeaders = {};
  for (const name in upstream) {
    // content-length only survives when the bytes pass unchanged: it spares the client (and us)
    // chunked framing; a decoded body changes length, so it goes.
    if (HOP_BY_HOP.has(name) || (name === 'content-length' && decoded)) continue;
    if (named?.has(name)) continue;
    if (decoded && name === 'content-encoding') continue;
    const v = upstream[name];
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/** The coding to undo, or null for identity / unknown codings (passed through untouched). */
export function decodableEncoding(headers: IncomingHttpHeaders): 'gzip' | 'deflate' | 'br' | null {
  const enc = headers['content-encoding']?.trim().toLowerCase();
  if (enc === 'gzip' || enc === 'x-gzip') return 'gzip';
  if (enc === 'deflate') return 'deflate';
  if (enc === 'br') return 'br';
  return null;
}
