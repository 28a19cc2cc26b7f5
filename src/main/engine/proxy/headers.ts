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

/** The header names a Connection value lists (they are hop-by-hop for this message). */
export function connectionNamed(value: string | undefined): ReadonlySet<string> | null {
  if (!value) return null;
  const common = COMMON_CONNECTION.get(value);
  if (common) return common;
  const names = new Set<string>();
  for (const part of value.split(',')) {
    const n = part.trim().toLowerCase();
    if (n) names.add(n);
  }
  return names;
}

/** Hop-by-hop fields: they describe one connection and are never passed on. */
export function isHopByHop(name: string): boolean {
  return HOP_BY_HOP.has(name);
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

/** The proxy's loop mark towards upstreams: the marks of every instance the request went through. */
export const LOOP_HEADER = 'x-codex-helper-loop';

/**
 * A relay with its own credential never sees the client's key: both `authorization` and
 * `x-api-key` go, and the upstream's are set. Without one the client's pass through. `lines` are
 * name, value, name, value… (request-head.ts), lower-case names.
 */
export function withCredentials(
  lines: readonly string[],
  ownCredentials: boolean,
  auth: ResolvedAuth,
): readonly string[] {
  // Nobody changes the lines after this (undici sets content-length from the body), so the
  // client's set can go out as it is.
  if (!ownCredentials) return lines;
  const out: string[] = [];
  for (let i = 0; i < lines.length; i += 2) {
    const name = lines[i]!;
    if (name !== 'authorization' && name !== 'x-api-key') out.push(name, lines[i + 1]!);
  }
  if (auth.token !== null) out.push('authorization', `Bearer ${auth.token}`);
  if (auth.apiKey !== null) out.push('x-api-key', auth.apiKey);
  return out;
}

/** Upstream response headers for the client; `decoded` drops the coding we removed. */
export function clientResponseHeaders(
  upstream: IncomingHttpHeaders,
  decoded: boolean,
): OutgoingHttpHeaders {
  const named = connectionNamed(upstream.connection);
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
