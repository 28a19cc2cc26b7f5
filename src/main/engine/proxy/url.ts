// Upstream URL building and the self-loop check (docs/behaviour.md §3.1, §3.3).
import {
  canonicalHost,
  isLoopback,
  isWildcard,
  readMachineNames,
  type MachineNames,
} from '../hosts';

export interface UpstreamTarget {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: number;
  /** Path of the base URL without a trailing slash ('' when the base URL has none). */
  prefix: string;
  /** `protocol//host:port`, the key for keep-alive agents. */
  origin: string;
}

// Base URLs repeat on every request; parsing them once keeps URL work off the hot path.
const targetCache = new Map<string, UpstreamTarget>();

export function parseTarget(baseUrl: string): UpstreamTarget {
  const cached = targetCache.get(baseUrl);
  if (cached) return cached;
  const u = new URL(baseUrl);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new Error(`base_url "${baseUrl}" must start with http:// or https://`);
  }
  const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
  const hostname = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  const target: UpstreamTarget = {
    protocol: u.protocol,
    hostname,
    port,
    prefix: u.pathname.replace(/\/+$/, ''),
    origin: `${u.protocol}//${u.host}`,
  };
  if (targetCache.size > 1000) targetCache.clear();
  targetCache.set(baseUrl, target);
  return target;
}

/**
 * The upstream request path: base path + incoming path + query. When the incoming path already
 * starts with the base path as a whole segment it is not repeated (`/v1` + `/v1/responses` →
 * `/v1/responses`); a partial segment (`/v12`) is not a match. A base path ending in `/v1`
 * takes a `/v1/…` request without the second `/v1` (`/openai/compat/v1` + `/v1/responses` →
 * `/openai/compat/v1/responses`).
 */
export function joinUpstreamPath(prefix: string, pathAndQuery: string): string {
  if (prefix === '') return pathAndQuery;
  const q = pathAndQuery.indexOf('?');
  const path = q === -1 ? pathAndQuery : pathAndQuery.slice(0, q);
  if (path === prefix || path.startsWith(prefix + '/')) return pathAndQuery;
  if (prefix.endsWith('/v1') && (path === '/v1' || path.startsWith('/v1/'))) {
    return prefix + pathAndQuery.slice(3);
  }
  return prefix + pathAndQuery;
}

/** Full upstream URL for display and tests. */
export function joinUpstreamUrl(baseUrl: string, pathAndQuery: string): string {
  const t = parseTarget(baseUrl);
  return t.origin + joinUpstreamPath(t.prefix, pathAndQuery);
}

/** A target host reaches a listener bound to `listener` (both canonical) on the same port. */
function reaches(target: string, listener: string, machine: MachineNames): boolean {
  if (target === listener) return true;
  const local = (h: string) => isLoopback(h) || isWildcard(h);
  // A loopback or wildcard listener answers every loopback name; connecting to 0.0.0.0 or ::
  // reaches this machine too.
  if (local(target) && local(listener)) return true;
  const own = machine.names.has(target) || machine.addresses.has(target);
  // This machine's names may resolve to loopback (127.0.1.1) or to an interface address.
  if (machine.names.has(target) && local(listener)) return true;
  return own && isWildcard(listener);
}

/**
 * True when the base URL points at one of our own listeners: a self-loop would storm. Every
 * spelling counts (IPv4-mapped IPv6, trailing dot, numeric forms, this machine's host names and
 * interface addresses); the loop mark (LOOP_HEADER) catches what resolution hides.
 */
export function pointsAtOwnListener(
  baseUrl: string,
  own: readonly { host: string; port: number }[],
  machine: () => MachineNames = readMachineNames,
): boolean {
  let t: UpstreamTarget;
  try {
    t = parseTarget(baseUrl);
  } catch {
    return false;
  }
  const target = canonicalHost(t.hostname);
  if (target === null) return false;
  let names: MachineNames | null = null;
  for (const l of own) {
    if (l.port !== t.port) continue;
    const listener = canonicalHost(l.host);
    if (listener === null) continue;
    names ??= machine();
    if (reaches(target, listener, names)) return true;
  }
  return false;
}
