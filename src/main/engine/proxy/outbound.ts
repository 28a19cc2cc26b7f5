// Which forwarding proxy an upstream call goes through (docs/behaviour.md §3.3): the upstream's
// `outbound_proxy` ("none" = direct), else `[proxy] outbound`, else HTTPS_PROXY / HTTP_PROXY
// (and their lower-case forms) unless NO_PROXY names the host. Loopback relays never take an
// environment proxy (a proxy cannot reach this machine's loopback). The proxy requests, the
// Test probe and balance polls all route through here.
import type { ProxyConfig } from '../../../shared/config-types';
import { canonicalHost, isLoopback } from '../hosts';
import type { UpstreamTarget } from './url';

export const NO_OUTBOUND_PROXY = 'none';

type Env = Readonly<Record<string, string | undefined>>;

function envValue(env: Env, name: string): string | undefined {
  const v = env[name] ?? env[name.toLowerCase()];
  return v && v.trim() !== '' ? v.trim() : undefined;
}

/** NO_PROXY: `*`, or names / domain suffixes (`.example.com`, `example.com`), each with an optional port. */
export function noProxyMatches(noProxy: string | undefined, host: string, port: number): boolean {
  if (!noProxy) return false;
  const h = canonicalHost(host) ?? host.toLowerCase();
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry);
    if (!m) continue;
    if (m[2] !== undefined && Number(m[2]) !== port) continue;
    const name = (canonicalHost(m[1]!) ?? m[1]!).replace(/^\*?\./, '');
    if (h === name || h.endsWith(`.${name}`)) return true;
  }
  return false;
}

/** The proxy URL for a call to `target`, or null for a direct connection. */
export function outboundProxyFor(
  target: UpstreamTarget,
  perUpstream: string | undefined,
  proxy: Pick<ProxyConfig, 'outbound'>,
  env: Env,
): string | null {
  if (perUpstream !== undefined && perUpstream.trim() !== '') {
    return perUpstream.trim() === NO_OUTBOUND_PROXY ? null : perUpstream.trim();
  }
  if (proxy.outbound) return proxy.outbound;
  const host = canonicalHost(target.hostname);
  if (host !== null && isLoopback(host)) return null;
  if (noProxyMatches(envValue(env, 'NO_PROXY'), target.hostname, target.port)) return null;
  const https = target.protocol === 'https:';
  return (https ? envValue(env, 'HTTPS_PROXY') : undefined) ?? envValue(env, 'HTTP_PROXY') ?? null;
}
