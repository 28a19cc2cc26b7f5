// `[proxy]`, `[console]` and `[shared]` (docs/behaviour.md §1, §3.1, §11.1): where the app listens, the
// way out to the upstreams and the Redis it shares state through.
import {
  DEFAULT_CONSOLE,
  DEFAULT_PROXY,
  DEFAULT_SHARED,
  type ConsoleConfig,
  type ProxyConfig,
  type SharedConfig,
} from '../../../shared/config-types';
import { checkProxyUrl } from '../../../shared/url';
import { canonicalHost, isLoopback } from '../hosts';
import { ConfigProblem, type Reader } from './read-helpers';

/** A DNS name is at most 253 characters. */
const MAX_HOST_NAME = 253;

export function isLoopbackHost(host: string): boolean {
  const h = canonicalHost(host);
  return h !== null && isLoopback(h);
}

/** `outbound` / `outbound_proxy`: an http(s) proxy URL (credentials allowed), or "none" where allowed. */
export function readProxyUrl(r: Reader, key: string, noneAllowed: boolean): string | undefined {
  const v = r.string(key);
  if (v === undefined) return undefined;
  if (noneAllowed && v === 'none') return v;
  const problem = checkProxyUrl(v);
  if (problem) throw new ConfigProblem(r.keyPath(key), problem);
  return v;
}

export function readProxy(root: Reader): ProxyConfig {
  const r = root.sub('proxy', '[proxy]');
  r.allowOnly([...Object.keys(DEFAULT_PROXY), 'outbound']);
  const outbound = readProxyUrl(r, 'outbound', false);
  return {
    ...(outbound !== undefined ? { outbound } : {}),
    host: r.string('host') ?? DEFAULT_PROXY.host,
    codex_port: r.integer('codex_port', 1, 65535) ?? DEFAULT_PROXY.codex_port,
    claude_port: r.integer('claude_port', 1, 65535) ?? DEFAULT_PROXY.claude_port,
    stream_idle_timeout_secs:
      r.integer('stream_idle_timeout_secs', 1) ?? DEFAULT_PROXY.stream_idle_timeout_secs,
    allow_browser_origins:
      r.boolean('allow_browser_origins') ?? DEFAULT_PROXY.allow_browser_origins,
    allowed_hosts: r.stringList('allowed_hosts', MAX_HOST_NAME) ?? [],
  };
}

export function readConsole(root: Reader): ConsoleConfig {
  const r = root.sub('console', '[console]');
  r.allowOnly(Object.keys(DEFAULT_CONSOLE));
  return {
    host: r.string('host') ?? DEFAULT_CONSOLE.host,
    port: r.integer('port', 1, 65535) ?? DEFAULT_CONSOLE.port,
    allowed_hosts: r.stringList('allowed_hosts', MAX_HOST_NAME) ?? [],
  };
}

const REDIS_URL = /^rediss?:\/\/[^\s]+$/;
const KEY_PREFIX = /^[A-Za-z0-9_.:-]{1,64}$/;

/** `[shared]` (docs/behaviour.md §11): off while redis_url is absent. */
export function readShared(root: Reader): SharedConfig {
  const r = root.sub('shared', '[shared]');
  r.allowOnly(['redis_url', 'key_prefix']);
  const url = r.string('redis_url');
  if (url !== undefined && !REDIS_URL.test(url)) {
    throw new ConfigProblem(
      r.keyPath('redis_url'),
      'must be a redis:// or rediss:// URL such as "redis://127.0.0.1:6379/0"',
    );
  }
  const prefix = r.string('key_prefix');
  if (prefix !== undefined && !KEY_PREFIX.test(prefix)) {
    throw new ConfigProblem(r.keyPath('key_prefix'), 'must be 1 to 64 letters, digits or _ . : -');
  }
  return { redis_url: url ?? null, key_prefix: prefix ?? DEFAULT_SHARED.key_prefix };
}
