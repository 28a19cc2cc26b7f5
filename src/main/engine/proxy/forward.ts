// The failover loop (BEHAVIOUR §3.2–3.7): stations in try order → upstreams the balancer picks
// (strict) → model filter, mapping and credentials; same-upstream attempts live in attempt.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  upstreamId,
  type AppConfig,
  type StationConfig,
  type UpstreamConfig,
} from '../../../shared/config-types';
import type { AttemptRecord } from '../../../shared/snapshot';
import { resolveActiveStation, stationTryOrder } from '../../../shared/stations';
import { displayHost } from '../../../shared/url';
import { hasOwnCredentials, resolveAuth } from '../config/auth';
import { resolveRetryPolicy, type RetryPolicy } from '../config/retry-policy';
import type { StationView } from '../types';
import type { ForwardResult, ProxyListenerDeps } from './deps';
import { withCredentials } from './headers';
import { isModelSupported, mapModel } from './models';
import type { ParsedBody } from './prepare';
import type { UpstreamPools } from './upstream';
import { joinUpstreamPath, parseTarget, pointsAtOwnListener } from './url';
import { finishWithoutAnswer } from './no-answer';
import { runUpstream } from './attempt';

const policyCache = new WeakMap<AppConfig['retry'], RetryPolicy>();
function policyOf(config: AppConfig): RetryPolicy {
  let p = policyCache.get(config.retry);
  if (!p) {
    p = resolveRetryPolicy(config.retry);
    policyCache.set(config.retry, p);
  }
  return p;
}

export interface ForwardRequest {
  req: IncomingMessage;
  res: ServerResponse;
  pathAndQuery: string;
  body: Buffer;
  parsed: ParsedBody;
  /** Client headers already stripped of hop-by-hop etc. */
  baseHeaders: Record<string, string | string[]>;
  /** True when the client sent a body (or declared one). */
  hasBody: boolean;
  /** Set by the server when the client goes away. */
  clientGone: () => boolean;
  /** Lets the server abort the in-flight upstream request on client disconnect. */
  setInFlight: (abort: (() => void) | null) => void;
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
  const random = deps.random ?? Math.random;
  const idleMs = deps.idleTimeoutMsOverride ?? config.proxy.stream_idle_timeout_secs * 1000;
  const now = () => deps.clock.now();
  const model = fr.parsed.model;
  const attempts: AttemptRecord[] = [];
  const clientSecrets = clientSecretsOf(fr.req.headers);
  const views: StationView[] = [];
  let lastStatus = 502;

  const result = (o: Partial<ForwardResult> & { status: number }): ForwardResult => ({
    station: null,
    upstream: null,
    mappedModel: null,
    error: null,
    usage: null,
    firstByteAt: null,
    attempts,
    ...o,
  });

  for (const station of stations) {
    const view: StationView = {
      service: deps.service,
      name: station.name,
      upstreams: station.upstreams,
    };
    views.push(view);
    const avoid = new Set<number>();
    for (;;) {
      if (fr.clientGone()) return result({ status: 499, error: 'client disconnected' });
      const idx = deps.balancer.select(view, { avoid, strict: true });
      // A pick already tried would loop forever; the balancer honours `avoid`, this only guards.
      if (idx === null || avoid.has(idx)) break;
      avoid.add(idx);
      const up: UpstreamConfig | undefined = station.upstreams[idx];
      if (!up) break;
      const id = upstreamId(station.name, idx, up.tags);
      const host = hostOf(up.base_url);
      const att = (a: Omit<AttemptRecord, 'upstream' | 'station' | 'host'>) =>
        attempts.push({ upstream: id, station: station.name, host, ...a });
      if (model !== null && !isModelSupported(model, up.supported_models, up.model_mapping)) {
        att({
          status: null,
          error: `model ${model} not supported`,
          decision: 'skip-unsupported',
          cooldownSecs: null,
          durationMs: 0,
        });
        continue;
      }
      if (pointsAtOwnListener(up.base_url, deps.ownAddresses())) {
        att({
          status: null,
          error: `refused: base_url ${host} points at this proxy (self-loop)`,
          decision: 'failover',
          cooldownSecs: null,
          durationMs: 0,
        });
        continue;
      }
      let target;
      try {
        target = parseTarget(up.base_url);
      } catch {
        att({
          status: null,
          error: `invalid base_url`,
          decision: 'failover',
          cooldownSecs: null,
          durationMs: 0,
        });
        continue;
      }
      const mapped = model !== null ? mapModel(model, up.model_mapping) : null;
      const doc = mapped !== null && mapped !== model ? fr.parsed.json() : null;
      const rewritten = doc !== null;
      const body = rewritten ? Buffer.from(JSON.stringify({ ...doc, model: mapped })) : fr.body;
      if (rewritten)
        deps.logger.info(`${deps.service} ${station.name} ${id}: model ${model} -> ${mapped}`);
      const auth = resolveAuth(up.auth, env);
      const secrets = [auth.token, auth.apiKey, ...clientSecrets];
      const headers = withCredentials(fr.baseHeaders, hasOwnCredentials(up.auth), auth);
      const path = joinUpstreamPath(target.prefix, fr.pathAndQuery);
      const base = {
        station: station.name,
        upstream: { id, host },
        mappedModel: rewritten ? mapped : null,
      };

      const outcome = await runUpstream({
        deps,
        pools,
        fr,
        policy,
        view,
        idx,
        target,
        path,
        headers,
        body,
        secrets,
        base,
        att,
        result,
        idleMs,
        random,
        attempts,
      });
      if (outcome.done) return outcome.done;
      lastStatus = outcome.lastStatus;
    }
  }

  return finishWithoutAnswer(fr.res, attempts, lastStatus, result, {
    views,
    balancer: deps.balancer,
    now: now(),
    model,
    service: deps.service,
    stations,
  });
}
