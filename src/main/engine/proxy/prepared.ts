// What calling one upstream needs that no request changes (docs/architecture.md, "Per-request
// work"): its host for the record, its parsed URL, whether it leads back to this proxy, the
// dispatcher its calls go through (direct or an outbound proxy) and its own credentials. Worked
// out on the upstream's first request and kept with its config object until that object, the
// listeners' addresses, `[proxy]`, the environment or the pools change; each is replaced whole, never edited in place (a moved upstream keeps its
// object: nothing here depends on its position, and its id, which does, is checked on use).
import type { Dispatcher } from 'undici';
import { upstreamId, type ProxyConfig, type UpstreamConfig } from '../../../shared/config-types';
import { displayHost } from '../../../shared/url';
import { hasOwnCredentials, resolveAuth, type ResolvedAuth } from '../config/auth';
import type { UpstreamPools } from './upstream';
import { parseTarget, pointsAtOwnListener, type UpstreamTarget } from './url';

export interface CallableUpstream {
  host: string;
  problem: null;
  target: UpstreamTarget;
  dispatcher: Dispatcher;
  /** Its key, from the config or the environment (config/auth.ts). */
  auth: ResolvedAuth;
  /** It has credentials of its own: the client's are replaced (headers.ts `withCredentials`). */
  ownCredentials: boolean;
  /** Its id in `station` at `index` (the record's name for it), kept for the last place seen. */
  idAt(station: string, index: number): string;
}

export type PreparedUpstream =
  | CallableUpstream
  /** Cannot be called: `problem` says why (for the attempt record). */
  | { host: string; problem: string; target: null; dispatcher: null };

type Own = readonly { host: string; port: number }[];
type Env = Readonly<Record<string, string | undefined>>;

interface Entry {
  prepared: PreparedUpstream;
  pools: UpstreamPools;
  own: Own;
  proxy: ProxyConfig;
  env: Env;
}

const cache = new WeakMap<UpstreamConfig, Entry>();

export function prepareUpstream(
  up: UpstreamConfig,
  pools: UpstreamPools,
  own: Own,
  proxy: ProxyConfig,
  env: Env,
): PreparedUpstream {
  const hit = cache.get(up);
  if (hit && hit.pools === pools && hit.own === own && hit.proxy === proxy && hit.env === env) {
    return hit.prepared;
  }
  const host = displayHost(up.base_url);
  let prepared: PreparedUpstream;
  if (pointsAtOwnListener(up.base_url, own)) {
    prepared = refused(host, `refused: base_url ${host} points at this proxy (self-loop)`);
  } else {
    let target: UpstreamTarget | null = null;
    try {
      target = parseTarget(up.base_url);
    } catch {
      // reported below
    }
    prepared =
      target === null
        ? refused(host, 'invalid base_url')
        : callable(up, host, target, pools.forUpstream(target, up, proxy, env), env);
  }
  cache.set(up, { prepared, pools, own, proxy, env });
  return prepared;
}

function callable(
  up: UpstreamConfig,
  host: string,
  target: UpstreamTarget,
  dispatcher: Dispatcher,
  env: Env,
): CallableUpstream {
  let idPlace: { station: string; index: number; id: string } | null = null;
  return {
    host,
    problem: null,
    target,
    dispatcher,
    auth: resolveAuth(up.auth, env),
    ownCredentials: hasOwnCredentials(up.auth),
    idAt(station, index) {
      if (idPlace === null || idPlace.station !== station || idPlace.index !== index) {
        idPlace = { station, index, id: upstreamId(station, index, up.tags) };
      }
      return idPlace.id;
    },
  };
}

function refused(host: string, problem: string): PreparedUpstream {
  return { host, problem, target: null, dispatcher: null };
}
