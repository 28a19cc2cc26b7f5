// The attempt loop (BEHAVIOUR §3.2–3.7): stations → upstreams → same-upstream retries, each
// response classified before the client sees a byte; the first 2xx is committed and relayed.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
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
import { classify, errorInfo, retryAfterSecs } from './classify';
import type { ForwardResult, ProxyListenerDeps } from './deps';
import { clientResponseHeaders, withCredentials } from './headers';
import { isModelSupported, mapModel } from './models';
import type { ParsedBody } from './prepare';
import { redact } from './redact';
import { relayResponse } from './stream';
import { AgentPool, callUpstream, decodedBody, readCapped, TransportError } from './upstream';
import { joinUpstreamPath, parseTarget, pointsAtOwnListener } from './url';
import { finishWithoutAnswer } from './no-answer';

const ERROR_BODY_CAP = 4 * 1024 * 1024;

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

function wait(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((r) => setTimeout(r, ms));
}

function backoffMs(policy: RetryPolicy, attempt: number, random: () => number): number {
  const l = policy.upstream;
  const base = Math.min(l.backoffMs * 2 ** Math.max(0, attempt - 1), l.backoffMaxMs);
  return base + Math.floor(random() * l.jitterMs);
}

export async function forward(
  deps: ProxyListenerDeps,
  agents: AgentPool,
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
  const views: StationView[] = [];
  let last: { status: number; headers: OutgoingHttpHeaders; body: Buffer } | null = null;

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
      if (idx === null) break;
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
      const rewritten = mapped !== null && mapped !== model && fr.parsed.json !== null;
      const body = rewritten
        ? Buffer.from(JSON.stringify({ ...fr.parsed.json, model: mapped }))
        : fr.body;
      if (rewritten)
        deps.logger.info(`${deps.service} ${station.name} ${id}: model ${model} -> ${mapped}`);
      const auth = resolveAuth(up.auth, env);
      const secrets = [auth.token, auth.apiKey];
      const headers = withCredentials(fr.baseHeaders, hasOwnCredentials(up.auth), auth);
      if (fr.hasBody) headers['content-length'] = body.length;
      const path = joinUpstreamPath(target.prefix, fr.pathAndQuery);
      const penalize = (secs: number, reason: string): number | null => {
        deps.balancer.penalize(view, idx, secs, reason);
        const until = deps.balancer.state(view).cooldownUntil[idx];
        return until == null ? null : Math.max(0, Math.ceil((until - now()) / 1000));
      };
      const base = {
        station: station.name,
        upstream: { id, host },
        mappedModel: rewritten ? mapped : null,
      };

      for (let attempt = 1; ; attempt++) {
        const t0 = now();
        if (fr.clientGone()) return result({ ...base, status: 499, error: 'client disconnected' });
        const call = callUpstream({
          target,
          path,
          method: fr.req.method ?? 'GET',
          headers,
          body: fr.hasBody ? body : null,
          agent: agents.get(target),
          connectTimeoutMs: deps.connectTimeoutMs ?? 10_000,
          idleTimeoutMs: idleMs,
        });
        fr.setInFlight(() => call.request.destroy());
        let upRes: IncomingMessage;
        try {
          upRes = await call.response;
        } catch (err) {
          fr.setInFlight(null);
          if (fr.clientGone()) {
            att({
              status: null,
              error: 'client disconnected',
              decision: 'aborted',
              cooldownSecs: null,
              durationMs: now() - t0,
            });
            return result({ ...base, status: 499, error: 'client disconnected' });
          }
          const te =
            err instanceof TransportError ? err : new TransportError('error', 'upstream error');
          const text = `${te.cls}: ${redact(te.message, secrets)}`;
          if (attempt < policy.upstream.maxAttempts) {
            att({
              status: null,
              error: text,
              decision: 'retry-same',
              cooldownSecs: null,
              durationMs: now() - t0,
            });
            await wait(backoffMs(policy, attempt, random));
            continue;
          }
          if (!policy.failover) {
            deps.balancer.recordResult(view, idx, false);
            att({
              status: null,
              error: text,
              decision: 'returned',
              cooldownSecs: null,
              durationMs: now() - t0,
            });
            return finishWithoutAnswer(fr.res, attempts, 502, result);
          }
          const cd = penalize(policy.transportCooldownSecs, text);
          att({
            status: null,
            error: text,
            decision: 'failover',
            cooldownSecs: cd,
            durationMs: now() - t0,
          });
          last = null;
          break;
        }

        const status = upRes.statusCode ?? 502;
        if (status >= 200 && status < 300) {
          // A success also lifts exhaustion (the balancer does it): the quota is back.
          deps.balancer.recordResult(view, idx, true);
          const relay = await relayResponse(
            upRes,
            call.request,
            fr.res,
            fr.req.method ?? 'GET',
            idleMs,
            now,
          );
          fr.setInFlight(null);
          const dur = now() - t0;
          if (relay.broken === 'client-gone') {
            att({
              status,
              error: 'client disconnected',
              decision: 'aborted',
              cooldownSecs: null,
              durationMs: dur,
            });
            return result({
              ...base,
              status: 499,
              error: 'client disconnected',
              usage: relay.usage,
              firstByteAt: relay.firstByteAt,
            });
          }
          if (relay.broken) {
            // Failover only before the first byte reaches the client: now the stream is lost.
            const why =
              relay.broken === 'idle-timeout'
                ? `stream idle for ${idleMs} ms`
                : `stream broke (${relay.broken})`;
            const cd = penalize(policy.transportCooldownSecs, why);
            att({ status, error: why, decision: 'returned', cooldownSecs: cd, durationMs: dur });
            return result({
              ...base,
              status,
              error: why,
              usage: relay.usage,
              firstByteAt: relay.firstByteAt,
            });
          }
          att({ status, error: null, decision: 'success', cooldownSecs: null, durationMs: dur });
          return result({ ...base, status, usage: relay.usage, firstByteAt: relay.firstByteAt });
        }

        // Non-2xx: buffered and classified before the client sees anything.
        const { stream, decoded } = decodedBody(upRes);
        let buf: Buffer;
        try {
          buf = await readCapped(stream, ERROR_BODY_CAP);
        } catch {
          buf = Buffer.alloc(0);
        }
        fr.setInFlight(null);
        const dur = now() - t0;
        const text = buf.toString('utf8');
        const outcome = classify(status, text, policy);
        const respHeaders = clientResponseHeaders(upRes.headers, decoded);
        const short = () =>
          redact(errorInfo(text).message, secrets).slice(0, 300) || `status ${status}`;
        const giveBack = (
          decision: AttemptRecord['decision'],
          countFailure: boolean,
        ): ForwardResult => {
          if (countFailure) deps.balancer.recordResult(view, idx, false);
          att({
            status,
            error: status >= 400 ? short() : null,
            decision,
            cooldownSecs: null,
            durationMs: dur,
          });
          sendRaw(fr.res, status, respHeaders, buf);
          return result({
            ...base,
            status,
            error: status >= 400 ? short() : null,
            firstByteAt: now(),
          });
        };
        if (fr.clientGone()) {
          att({
            status,
            error: 'client disconnected',
            decision: 'aborted',
            cooldownSecs: null,
            durationMs: dur,
          });
          return result({ ...base, status: 499, error: 'client disconnected' });
        }
        if (outcome.kind === 'capability') {
          att({
            status,
            error: short(),
            decision: 'skip-unsupported',
            cooldownSecs: null,
            durationMs: dur,
          });
          last = { status, headers: respHeaders, body: buf };
          break;
        }
        if (outcome.kind === 'quota') {
          const reason = short();
          deps.balancer.setExhausted(view, idx, true, reason);
          const cd = penalize(policy.transportCooldownSecs, `quota exhausted: ${reason}`);
          att({ status, error: reason, decision: 'exhausted', cooldownSecs: cd, durationMs: dur });
          last = { status, headers: respHeaders, body: buf };
          break;
        }
        if (outcome.kind === 'client') return giveBack('returned', false);
        if (outcome.kind === 'retryable' || outcome.kind === 'failover') {
          const ra = retryAfterSecs(upRes.headers['retry-after']);
          const raFits = ra === null || ra * 1000 <= policy.upstream.backoffMaxMs;
          if (outcome.kind === 'retryable' && attempt < policy.upstream.maxAttempts && raFits) {
            att({
              status,
              error: short(),
              decision: 'retry-same',
              cooldownSecs: null,
              durationMs: dur,
            });
            await wait(ra !== null ? ra * 1000 : backoffMs(policy, attempt, random));
            continue;
          }
          if (outcome.kind === 'failover' || outcome.failover) {
            const secs = Math.max(
              policy.transportCooldownSecs,
              status === 429 && ra !== null ? ra : 0,
            );
            const cd = penalize(secs, `status ${status}`);
            att({
              status,
              error: short(),
              decision: 'failover',
              cooldownSecs: cd,
              durationMs: dur,
            });
            last = { status, headers: respHeaders, body: buf };
            break;
          }
        }
        return giveBack('returned', status >= 500);
      }
    }
  }

  const lastStatus = last?.status ?? 502;
  return finishWithoutAnswer(fr.res, attempts, lastStatus, result, {
    views,
    balancer: deps.balancer,
    now: now(),
    model,
    service: deps.service,
    stations,
  });
}

function sendRaw(
  res: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  body: Buffer,
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { ...headers, 'content-length': body.length });
  res.end(body);
}
