// parseConfig: text → validated AppConfig (docs/behaviour.md §1). The first problem found is
// reported with the file, the key path and, for syntax errors, the line and column.
import { parse, TomlError } from 'smol-toml';
import {
  DEFAULT_CONSOLE,
  DEFAULT_PROXY,
  DEFAULT_RETRY,
  DEFAULT_SHARED,
  RETRY_PROFILES,
  upstreamId,
  type AppConfig,
  type ConsoleConfig,
  type ProxyConfig,
  type SharedConfig,
  type RetryConfig,
  type RetryLayerConfig,
  type RetryProfileName,
  type ServiceConfig,
  type ServiceName,
  type StationConfig,
  type UpstreamConfig,
} from '../../../shared/config-types';
import type { ConfigErrorInfo } from '../../../shared/snapshot';
import { checkHttpUrl, checkProxyUrl } from '../../../shared/url';
import { canonicalHost, isLoopback } from '../hosts';
import { MAX_COOLDOWN_SECS } from '../balancer/backoff';
import { parseStatusList } from './retry-policy';
import { ConfigProblem, isTable, joinPath, Reader } from './read-helpers';
import { readBalance, readPriceMultiplier, readPricing } from './read-money';
import { locatePath } from './toml-doc';
import { readApp, readNotifications } from './validate-desktop';

const showKeyPath = (path: readonly (string | number)[]): string =>
  path.reduce<string>((acc, seg) => joinPath(acc, seg), '');

export type LoadResult =
  | { ok: true; config: AppConfig; text: string; warnings: string[] }
  | { ok: false; error: ConfigErrorInfo };

const SUPPORTED_VERSION = 1;
/** A DNS name is at most 253 characters. */
const MAX_HOST_NAME = 253;
const DEFAULT_LEVEL = 1;

export function isLoopbackHost(host: string): boolean {
  const h = canonicalHost(host);
  return h !== null && isLoopback(h);
}

function statusList(r: Reader, key: string): string | undefined {
  const v = r.string(key);
  if (v === undefined) return undefined;
  try {
    parseStatusList(v);
  } catch (err) {
    throw new ConfigProblem(r.keyPath(key), (err as Error).message);
  }
  return v;
}

/** `outbound` / `outbound_proxy`: an http(s) proxy URL (credentials allowed), or "none" where allowed. */
function readProxyUrl(r: Reader, key: string, noneAllowed: boolean): string | undefined {
  const v = r.string(key);
  if (v === undefined) return undefined;
  if (noneAllowed && v === 'none') return v;
  const problem = checkProxyUrl(v);
  if (problem) throw new ConfigProblem(r.keyPath(key), problem);
  return v;
}

function readProxy(root: Reader): ProxyConfig {
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

function readConsole(root: Reader): ConsoleConfig {
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
function readShared(root: Reader): SharedConfig {
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

function readLayer(retry: Reader, key: 'upstream' | 'provider'): RetryLayerConfig {
  const r = retry.sub(key, `[retry.${key}]`);
  r.allowOnly(['max_attempts', 'on_status', 'backoff_ms', 'backoff_max_ms', 'jitter_ms']);
  // Absent keys stay absent: resolveRetryPolicy fills them from the profile.
  const out: RetryLayerConfig = {};
  const maxAttempts = r.integer('max_attempts', 1);
  if (maxAttempts !== undefined) out.max_attempts = maxAttempts;
  const onStatus = statusList(r, 'on_status');
  if (onStatus !== undefined) out.on_status = onStatus;
  for (const k of ['backoff_ms', 'backoff_max_ms', 'jitter_ms'] as const) {
    const v = r.integer(k, 0);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function readRetry(root: Reader): RetryConfig {
  const r = root.sub('retry', '[retry]');
  r.allowOnly([
    'profile',
    'failure_threshold',
    'failure_cooldown_secs',
    'transport_cooldown_secs',
    'cooldown_backoff_factor',
    'cooldown_backoff_max_secs',
    'never_on_status',
    'exhausted_fallback',
    'return_to_preferred_secs',
    'session_affinity',
    'session_affinity_ttl_secs',
    'upstream',
    'provider',
  ]);
  const profile = r.string('profile') ?? DEFAULT_RETRY.profile;
  if (!(RETRY_PROFILES as readonly string[]).includes(profile)) {
    throw new ConfigProblem(
      r.keyPath('profile'),
      `unknown profile "${profile}" (expected one of ${RETRY_PROFILES.join(', ')})`,
    );
  }
  const out: RetryConfig = {
    profile: profile as RetryProfileName,
    failure_threshold: r.integer('failure_threshold', 1) ?? DEFAULT_RETRY.failure_threshold,
    failure_cooldown_secs:
      r.integer('failure_cooldown_secs', 0, MAX_COOLDOWN_SECS) ??
      DEFAULT_RETRY.failure_cooldown_secs,
    transport_cooldown_secs:
      r.integer('transport_cooldown_secs', 0, MAX_COOLDOWN_SECS) ??
      DEFAULT_RETRY.transport_cooldown_secs,
    exhausted_fallback: r.boolean('exhausted_fallback') ?? DEFAULT_RETRY.exhausted_fallback,
    return_to_preferred_secs:
      r.integer('return_to_preferred_secs', 0) ?? DEFAULT_RETRY.return_to_preferred_secs,
    session_affinity: r.boolean('session_affinity') ?? DEFAULT_RETRY.session_affinity,
    session_affinity_ttl_secs:
      r.integer('session_affinity_ttl_secs', 1) ?? DEFAULT_RETRY.session_affinity_ttl_secs,
    upstream: readLayer(r, 'upstream'),
    provider: readLayer(r, 'provider'),
  };
  const factor = r.number('cooldown_backoff_factor', 0);
  if (factor !== undefined) out.cooldown_backoff_factor = factor;
  const maxSecs = r.integer('cooldown_backoff_max_secs', 0, MAX_COOLDOWN_SECS);
  if (maxSecs !== undefined) out.cooldown_backoff_max_secs = maxSecs;
  const never = statusList(r, 'never_on_status');
  if (never !== undefined) out.never_on_status = never;
  return out;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';

function readUpstream(r: Reader, warnings: string[]): UpstreamConfig {
  r.allowOnly([
    'base_url',
    'alias',
    'enabled',
    'auth',
    'tags',
    'supported_models',
    'model_mapping',
    'price_multiplier',
    'outbound_proxy',
    'balance',
  ]);
  const baseUrl = r.string('base_url');
  if (baseUrl === undefined) throw new ConfigProblem(r.keyPath('base_url'), 'is required');
  const urlProblem = checkHttpUrl(baseUrl);
  if (urlProblem) throw new ConfigProblem(r.keyPath('base_url'), urlProblem);
  const authReader = r.sub('auth', `${r.path}.auth`);
  authReader.allowOnly(['auth_token', 'auth_token_env', 'api_key', 'api_key_env']);
  const auth: UpstreamConfig['auth'] = {};
  for (const k of ['auth_token', 'auth_token_env', 'api_key', 'api_key_env'] as const) {
    const v = authReader.string(k);
    if (v !== undefined) auth[k] = v;
  }
  if (auth.auth_token?.trim() && auth.auth_token_env) {
    warnings.push(`${r.path}: both auth_token and auth_token_env are set; the inline token wins`);
  }
  if (auth.api_key?.trim() && auth.api_key_env) {
    warnings.push(`${r.path}: both api_key and api_key_env are set; the inline key wins`);
  }
  const out: UpstreamConfig = {
    base_url: baseUrl,
    enabled: r.boolean('enabled') ?? true,
    auth,
    tags: r.map('tags', 'a string', isString),
    supported_models: r.map('supported_models', 'true or false', isBoolean),
    model_mapping: r.map('model_mapping', 'a string', isString),
  };
  const alias = r.string('alias');
  if (alias !== undefined) out.alias = alias;
  const multiplier = readPriceMultiplier(r);
  if (multiplier !== undefined) out.price_multiplier = multiplier;
  const outbound = readProxyUrl(r, 'outbound_proxy', true);
  if (outbound !== undefined) out.outbound_proxy = outbound;
  const balance = readBalance(r);
  if (balance !== undefined) out.balance = balance;
  return out;
}

function readStation(name: string, r: Reader, warnings: string[]): StationConfig {
  r.allowOnly(['alias', 'enabled', 'level', 'upstreams']);
  const list = r.table.upstreams ?? [];
  const listPath = r.keyPath('upstreams');
  if (!Array.isArray(list)) {
    throw new ConfigProblem(listPath, 'must be an array of tables ([[...upstreams]])');
  }
  const upstreams = list.map((item: unknown, i) => {
    const path = joinPath(listPath, i);
    if (!isTable(item)) throw new ConfigProblem(path, 'must be a table');
    return readUpstream(new Reader(item, path, path), warnings);
  });
  const seen = new Map<string, number>();
  upstreams.forEach((u, i) => {
    const id = upstreamId(name, i, u.tags);
    const first = seen.get(id);
    if (first !== undefined) {
      throw new ConfigProblem(
        joinPath(listPath, i),
        `upstreams[${first}] and upstreams[${i}] have the same id "${id}" (give them different provider_id/endpoint_id tags)`,
      );
    }
    seen.set(id, i);
  });
  const out: StationConfig = {
    name,
    enabled: r.boolean('enabled') ?? true,
    level: r.integer('level', 1, 10) ?? DEFAULT_LEVEL,
    upstreams,
  };
  const alias = r.string('alias');
  if (alias !== undefined) out.alias = alias;
  return out;
}

function readService(root: Reader, service: ServiceName, warnings: string[]): ServiceConfig {
  const r = root.sub(service, `[${service}]`);
  r.allowOnly(['active', 'stations']);
  const stationsReader = r.sub('stations', `[${service}.stations]`);
  // Object key order is insertion order for non-integer-like keys, which is file order here.
  const stations = Object.keys(stationsReader.table).map((name) => {
    const s = stationsReader.sub(name, `[${stationsReader.keyPath(name)}]`);
    return readStation(name, s, warnings);
  });
  const out: ServiceConfig = { stations };
  const active = r.string('active');
  if (active !== undefined) {
    if (!stations.some((s) => s.name === active)) {
      throw new ConfigProblem(
        r.keyPath('active'),
        `names a station "${active}" that does not exist`,
      );
    }
    out.active = active;
  }
  return out;
}

function validate(tree: Record<string, unknown>, warnings: string[]): AppConfig {
  const root = new Reader(tree, '', 'the top level');
  root.allowOnly([
    'version',
    'proxy',
    'console',
    'shared',
    'retry',
    'pricing',
    'notifications',
    'app',
    'codex',
    'claude',
  ]);
  const version = tree.version;
  if (version === undefined) {
    throw new ConfigProblem(
      'version',
      `is required (add version = ${SUPPORTED_VERSION} at the top)`,
    );
  }
  if (version !== SUPPORTED_VERSION) {
    const shown = typeof version === 'number' ? `version = ${version}` : 'this version';
    throw new ConfigProblem(
      'version',
      `${shown} is not supported; this app reads version = ${SUPPORTED_VERSION}`,
    );
  }
  const config: AppConfig = {
    version: 1,
    proxy: readProxy(root),
    console: readConsole(root),
    shared: readShared(root),
    retry: readRetry(root),
    notifications: readNotifications(root),
    app: readApp(root),
    pricing: readPricing(root),
    codex: readService(root, 'codex', warnings),
    claude: readService(root, 'claude', warnings),
  };
  if (!isLoopbackHost(config.proxy.host)) {
    warnings.push(
      `proxy.host "${config.proxy.host}" is not a loopback address: other machines can reach the proxy`,
    );
  }
  if (!isLoopbackHost(config.console.host)) {
    warnings.push(
      `console.host "${config.console.host}" is not a loopback address: other machines can reach the console`,
    );
  }
  return config;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/^Invalid TOML document:\s*/, '').trim();
}

export function parseConfig(text: string, file: string): LoadResult {
  let tree: Record<string, unknown>;
  try {
    tree = parse(text) as Record<string, unknown>;
  } catch (err) {
    // Only the first line of the parser's message: its code block quotes the file, which may
    // hold a token.
    if (err instanceof TomlError) {
      return {
        ok: false,
        error: {
          message: `${file}: line ${err.line}, column ${err.column}: ${firstLine(err.message)}`,
          file,
          path: null,
          line: err.line,
          column: err.column,
        },
      };
    }
    const reason = err instanceof Error ? firstLine(err.message) : String(err);
    return {
      ok: false,
      error: { message: `${file}: ${reason}`, file, path: null, line: null, column: null },
    };
  }
  const warnings: string[] = [];
  try {
    return { ok: true, config: validate(tree, warnings), text, warnings };
  } catch (err) {
    if (!(err instanceof ConfigProblem)) throw err;
    const where = err.path ? `${err.path}: ` : '';
    const at = err.path ? locatePath(text, err.path, showKeyPath) : null;
    return {
      ok: false,
      error: {
        ...(err.ref ? { messageId: err.ref.messageId, params: err.ref.params ?? {} } : {}),
        message: `${file}: ${where}${err.message}`,
        file,
        path: err.path,
        line: at?.line ?? null,
        column: at?.column ?? null,
      },
    };
  }
}
