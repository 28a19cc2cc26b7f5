// The failover loop (docs/behaviour.md §3.2–§3.7): stations in try order → upstreams the balancer
// picks (strict) → model filter, mapping and credentials; same-upstream attempts live in attempt.ts.
import {
  upstreamId,
  type AppConfig,
  type ServiceConfig,
  type StationConfig,
  type UpstreamConfig,
} from '../../../shared/config-types';
import { resolveRetryPolicy, tryOrderOf, type RetryPolicy } from '../config/retry-policy';
import type { ProxyRuntime, SessionRoute, StationView } from '../types';
import { AttemptLog } from './attempt-log';
import { runUpstream } from './attempt';
import type { ForwardContext, UpstreamPlan } from './attempt-steps';
import type { ForwardRequest, ForwardResult, ProxyListenerDeps } from './deps';
import { withCredentials } from './headers';
import { isModelSupported, mapModel } from './models';
import type { UpstreamPools } from './upstream';
import { prepareUpstream } from './prepared';
import { finishWithoutAnswer } from './no-answer';
import { joinUpstreamPath } from './url';

const policyCache = new WeakMap<AppConfig['retry'], RetryPolicy>();
function policyOf(config: AppConfig): RetryPolicy {
  let p = policyCache.get(config.retry);
  if (!p) {
    p = resolveRetryPolicy(config.retry);
    policyCache.set(config.retry, p);
  }
  return p;
}

// The try order changes only with the config (a new service object) or the retry policy: worked
// out once, not sorted again on every request.
const orderCache = new WeakMap<ServiceConfig, { policy: RetryPolicy; order: StationConfig[] }>();
function tryOrder(service: ServiceConfig, policy: RetryPolicy): readonly StationConfig[] {
  const hit = orderCache.get(service);
  if (hit?.policy === policy) return hit.order;
  const order = tryOrderOf(service, policy);
  orderCache.set(service, { policy, order });
  return order;
}

export async function forward(
  deps: ProxyListenerDeps,
  pools: UpstreamPools,
  fr: ForwardRequest,
  runtime: ProxyRuntime = deps.getRuntime(),
): Promise<ForwardResult> {
  const { config, env } = runtime;
  const policy = policyOf(config);
  const route = deps.balancer.route(deps.service, fr.sessionId);
  // A session pinned or bound in another station of the try order goes there first (§2.7).
  const order = tryOrder(config[deps.service], policy);
  const stations =
    route === null
      ? order
      : sessionFirst(
          order,
          deps.balancer.sessionStation(
            route,
            order.map((s) => ({ service: deps.service, name: s.name, upstreams: s.upstreams })),
          ),
        );
  const ctx: ForwardContext = {
    deps,
    pools,
    fr,
    policy,
    proxy: config.proxy,
    env,
    idleMs: deps.idleTimeoutMsOverride ?? config.proxy.stream_idle_timeout_secs * 1000,
    random: deps.random ?? Math.random,
  };
  const log = new AttemptLog();
  const clientSecrets = fr.head.clientSecrets;
  const views: StationView[] = [];
  let lastStatus = 502;
  /** The session's own upstream, once the balancer chose it (to report how it failed). */
  let own: { station: string; id: string } | null = null;
  const finish = (
    result: ForwardResult,
    answered: { station: StationView; index: number } | null,
  ) => withAffinity(deps, route, result, answered, own);

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
      const chosen = deps.balancer.choose(view, { avoid, strict: true, session: route });
      // A pick already tried would loop forever; the balancer honours `avoid`, this only guards.
      if (chosen === null || avoid.has(chosen.index)) break;
      const idx = chosen.index;
      avoid.add(idx);
      const isOwn = chosen.rule === 'pinned' || chosen.rule === 'session';
      const plan = planUpstream(ctx, log, view, station, idx, clientSecrets, isOwn);
      if (plan === null) {
        // Chosen but unusable for this request (its model rules, a self-loop): passed over.
        if (isOwn && route) {
          route.tried = false;
          route.passedOver ??= `could not take the request (${log.attempts.at(-1)?.error ?? ''})`;
        }
        continue;
      }
      if (isOwn) own = { station: station.name, id: plan.log.ref.id };
      const outcome = await runUpstream(ctx, plan);
      if (outcome.kind === 'answered') return finish(outcome.result, { station: view, index: idx });
      lastStatus = outcome.lastStatus;
      if (outcome.kind === 'stop') break stations;
    }
  }

  const none = finishWithoutAnswer(fr.res, log, lastStatus, {
    views,
    balancer: deps.balancer,
    now: deps.clock.now(),
    model: fr.parsed.model,
    service: deps.service,
    stations,
  });
  return finish(none, null);
}

function sessionFirst(
  stations: readonly StationConfig[],
  name: string | null,
): readonly StationConfig[] {
  const at = name === null ? -1 : stations.findIndex((s) => s.name === name);
  if (at <= 0) return stations;
  return [stations[at]!, ...stations.slice(0, at), ...stations.slice(at + 1)];
}

/**
 * A session's success binds it to the upstream that answered; every request with a session id
 * says whether it stayed on its upstream (docs/behaviour.md §2.7).
 */
function withAffinity(
  deps: ProxyListenerDeps,
  route: SessionRoute | null,
  result: ForwardResult,
  answered: { station: StationView; index: number } | null,
  own: { station: string; id: string } | null,
): ForwardResult {
  if (route === null) return result;
  if (answered && result.status >= 200 && result.status < 300) {
    deps.balancer.bind(route, answered.station, answered.index);
  }
  let failure: string | null = null;
  if (own) {
    const last = result.attempts.findLast(
      (a) => a.station === own.station && a.upstream === own.id,
    );
    if (last) failure = last.error ?? (last.status === null ? null : `status ${last.status}`);
  }
  const affinity = deps.balancer.affinity(route, answered, failure);
  return affinity ? { ...result, affinity } : result;
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
  clientSecrets: readonly string[],
  viaSession: boolean,
): UpstreamPlan | null {
  const { deps, fr } = ctx;
  const up: UpstreamConfig | undefined = station.upstreams[idx];
  if (!up) return null;
  const prepared = prepareUpstream(up, ctx.pools, deps.ownAddresses(), ctx.proxy, ctx.env);
  const id =
    prepared.problem === null
      ? prepared.idAt(station.name, idx)
      : upstreamId(station.name, idx, up.tags);
  const ulog = log.on({ station: station.name, id, host: prepared.host });
  const refuse = (error: string, decision: 'skip-unsupported' | 'failover'): null => {
    ulog.record({ status: null, error, decision, cooldownSecs: null, durationMs: 0 });
    return null;
  };
  const model = fr.parsed.model;
  if (model !== null && !isModelSupported(model, up.supported_models, up.model_mapping)) {
    return refuse(`model ${model} not supported`, 'skip-unsupported');
  }
  if (prepared.problem !== null) return refuse(prepared.problem, 'failover');
  const { target, dispatcher, auth } = prepared;
  const mapped = model !== null ? mapModel(model, up.model_mapping) : null;
  const doc = mapped !== null && mapped !== model ? fr.parsed.json() : null;
  const body = doc !== null ? Buffer.from(JSON.stringify({ ...doc, model: mapped })) : fr.body;
  if (doc !== null) {
    ulog.mappedModel = mapped;
    deps.logger.info(`${deps.service} ${station.name} ${id}: model ${model} -> ${mapped}`);
  }
  return {
    view,
    idx,
    target,
    path: joinUpstreamPath(target.prefix, fr.pathAndQuery),
    headers: withCredentials(fr.head.upstream, prepared.ownCredentials, auth),
    body,
    dispatcher,
    secrets: [auth.token, auth.apiKey, ...clientSecrets],
    log: ulog,
    viaSession,
  };
}
