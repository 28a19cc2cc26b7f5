// The failover loop (docs/behaviour.md §3.2–§3.7): stations in try order → upstreams the balancer
// picks (strict) → model filter, mapping and credentials; same-upstream attempts live in attempt.ts.
import type { IncomingMessage } from 'node:http';
import {
  upstreamId,
  type AppConfig,
  type StationConfig,
  type UpstreamConfig,
} from '../../../shared/config-types';
import { resolveActiveStation, stationTryOrder } from '../../../shared/stations';
import { displayHost } from '../../../shared/url';
import { hasOwnCredentials, resolveAuth } from '../config/auth';
import { resolveRetryPolicy, type RetryPolicy } from '../config/retry-policy';
import type { ProxyRuntime, StationView } from '../types';
import { AttemptLog } from './attempt-log';
import { runUpstream, type ForwardContext, type UpstreamPlan } from './attempt';
import type { ForwardRequest, ForwardResult, ProxyListenerDeps } from './deps';
import { withCredentials } from './headers';
import { isModelSupported, mapModel } from './models';
import type { UpstreamPools } from './upstream';
import { joinUpstreamPath, parseTarget, pointsAtOwnListener } from './url';
import { finishWithoutAnswer } from './no-answer';

const policyCache = new WeakMap<AppConfig['retry'], RetryPolicy>();
function policyOf(config: AppConfig): RetryPolicy {
  let p = policyCache.get(config.retry);
  if (!p) {
    p = resolveRetryPolicy(config.retry);
    policyCache.set(config.retry, p);
  }
  return p;
}

/** The client's own credentials: a relay may echo them back in an error text. */
function clientSecretsOf(headers: IncomingMessage['headers']): string[] {
  const out: string[] = [];
  const auth = headers['authorization'];
  if (typeof auth === 'string') out.push(auth.replace(/^Bearer\s+/i, ''));
  const key = headers['x-api-key'];
  if (typeof key === 'string') out.push(key);
  return out;
}

const hostCache = new Map<string, string>();
function hostOf(baseUrl: string): string {
  let h = hostCache.get(baseUrl);
  if (h === undefined) {
    h = displayHost(baseUrl);
    if (hostCache.size > 1000) hostCache.clear();
    hostCache.set(baseUrl, h);
  }
  return h;
}

export async function forward(
  deps: ProxyListenerDeps,
  pools: UpstreamPools,
  fr: ForwardRequest,
): Promise<ForwardResult> {
  const { config, env } = deps.getRuntime();
  const policy = policyOf(config);
  const service = config[deps.service];
  const crossStation = policy.failover && policy.provider.maxAttempts > 1;
  const stations: StationConfig[] = crossStation
    ? stationTryOrder(service).slice(0, policy.provider.maxAttempts)
    : [resolveActiveStation(service)].filter((s): s is StationConfig => s !== null);
  const ctx: ForwardContext = {
    deps,
    pools,
    fr,
    policy,
    idleMs: deps.idleTimeoutMsOverride ?? config.proxy.stream_idle_timeout_secs * 1000,
    random: deps.random ?? Math.random,
  };
  const log = new AttemptLog();
  const clientSecrets = clientSecretsOf(fr.req.headers);
  const views: StationView[] = [];
  let lastStatus = 502;

  stations: for (const station of stations) {
    const view: StationView = {
      service: deps.service,
      name: station.name,
      upstreams: station.upstreams,
    };
    views.push(view);
    const avoid = new Set<number>();
    for (;;) {
      if (fr.clientGone()) return log.result({ status: 499, error: 'client disconnected' });
      const idx = deps.balancer.select(view, { avoid, strict: true });
      // A pick already tried would loop forever; the balancer honours `avoid`, this only guards.
      if (idx === null || avoid.has(idx)) break;
      avoid.add(idx);
      const plan = planUpstream(ctx, log, view, station, idx, env, clientSecrets);
      if (plan === null) continue;
      const outcome = await runUpstream(ctx, plan);
      if (outcome.kind === 'answered') return outcome.result;
      lastStatus = outcome.lastStatus;
      if (outcome.kind === 'stop') break stations;
    }
  }

  return finishWithoutAnswer(fr.res, log, lastStatus, {
    views,
    balancer: deps.balancer,
    now: deps.clock.now(),
    model: fr.parsed.model,
    service: deps.service,
    stations,
  });
}

/**
 * Model filter, self-loop guard, mapping and credentials for one upstream; null (with the reason
 * recorded) when it cannot be called for this request.
 */
function planUpstream(
  ctx: ForwardContext,
  log: AttemptLog,
  view: StationView,
  station: StationConfig,
  idx: number,
  env: ProxyRuntime['env'],
  clientSecrets: readonly string[],
): UpstreamPlan | null {
  const { deps, fr } = ctx;
  const up: UpstreamConfig | undefined = station.upstreams[idx];
  if (!up) return null;
  const id = upstreamId(station.name, idx, up.tags);
  const host = hostOf(up.base_url);
  const ulog = log.on({ station: station.name, id, host });
  const refuse = (error: string, decision: 'skip-unsupported' | 'failover'): null => {
    ulog.record({ status: null, error, decision, cooldownSecs: null, durationMs: 0 });
    return null;
  };
  const model = fr.parsed.model;
  if (model !== null && !isModelSupported(model, up.supported_models, up.model_mapping)) {
    return refuse(`model ${model} not supported`, 'skip-unsupported');
  }
  if (pointsAtOwnListener(up.base_url, deps.ownAddresses())) {
    return refuse(`refused: base_url ${host} points at this proxy (self-loop)`, 'failover');
  }
  let target;
  try {
    target = parseTarget(up.base_url);
  } catch {
    return refuse(`invalid base_url`, 'failover');
  }
  const mapped = model !== null ? mapModel(model, up.model_mapping) : null;
  const doc = mapped !== null && mapped !== model ? fr.parsed.json() : null;
  const body = doc !== null ? Buffer.from(JSON.stringify({ ...doc, model: mapped })) : fr.body;
  if (doc !== null) {
    ulog.mappedModel = mapped;
    deps.logger.info(`${deps.service} ${station.name} ${id}: model ${model} -> ${mapped}`);
  }
  const auth = resolveAuth(up.auth, env);
  return {
    view,
    idx,
    target,
    path: joinUpstreamPath(target.prefix, fr.pathAndQuery),
    headers: withCredentials(fr.baseHeaders, hasOwnCredentials(up.auth), auth),
    body,
    secrets: [auth.token, auth.apiKey, ...clientSecrets],
    log: ulog,
  };
}
