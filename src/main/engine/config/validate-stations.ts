// `[codex]` / `[claude]`: a service's stations and their upstreams (docs/behaviour.md §1). Upstream
// ids must be unique within a station; credential warnings go to `warnings`.
import {
  upstreamId,
  type ServiceConfig,
  type ServiceName,
  type StationConfig,
  type UpstreamConfig,
} from '../../../shared/config-types';
import { checkHttpUrl } from '../../../shared/url';
import { ConfigProblem, isTable, joinPath, Reader } from './read-helpers';
import { readBalance, readPriceMultiplier } from './read-money';
import { readProxyUrl } from './validate-network';

const DEFAULT_LEVEL = 1;

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

export function readService(root: Reader, service: ServiceName, warnings: string[]): ServiceConfig {
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
