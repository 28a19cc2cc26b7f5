// Same-upstream attempts (BEHAVIOUR §3.5): call, classify before the client sees a byte, retry
// with backoff or hand back to the failover loop; the first 2xx is committed and relayed.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { AttemptRecord } from '../../../shared/snapshot';
import type { RetryPolicy } from '../config/retry-policy';
import type { StationView } from '../types';
import { classify, errorInfo, retryAfterSecs } from './classify';
import type { ForwardResult, ProxyListenerDeps } from './deps';
import type { ForwardRequest } from './forward';
import { clientResponseHeaders } from './headers';
import { finishWithoutAnswer } from './no-answer';
import { redact } from './redact';
import { relayResponse } from './stream';
import {
  callUpstream,
  decodedBody,
  readCapped,
  TransportError,
  type UpstreamPools,
  type UpstreamResponse,
} from './upstream';
import type { UpstreamTarget } from './url';

const ERROR_BODY_CAP = 4 * 1024 * 1024;

export interface UpstreamRun {
  deps: ProxyListenerDeps;
  pools: UpstreamPools;
  fr: ForwardRequest;
  policy: RetryPolicy;
  view: StationView;
  idx: number;
  target: UpstreamTarget;
  path: string;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  secrets: (string | null)[];
  base: Pick<ForwardResult, 'station' | 'upstream' | 'mappedModel'>;
  att: (a: Omit<AttemptRecord, 'upstream' | 'station' | 'host'>) => void;
  result: (o: Partial<ForwardResult> & { status: number }) => ForwardResult;
  idleMs: number;
  random: () => number;
  attempts: readonly AttemptRecord[];
}

/** `done` answers the request; otherwise fail over, remembering the status for the summary. */
export type UpstreamOutcome =
  { done: ForwardResult; lastStatus?: never } | { done: null; lastStatus: number };

function wait(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((r) => setTimeout(r, ms));
}

function backoffMs(policy: RetryPolicy, attempt: number, random: () => number): number {
  const l = policy.upstream;
  const base = Math.min(l.backoffMs * 2 ** Math.max(0, attempt - 1), l.backoffMaxMs);
  return base + Math.floor(random() * l.jitterMs);
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

export async function runUpstream(u: UpstreamRun): Promise<UpstreamOutcome> {
  const {
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
    idleMs,
    random,
  } = u;
  const now = () => deps.clock.now();
  const result = u.result;
  const attempts = u.attempts;
  const penalize = (secs: number, reason: string): number | null => {
    deps.balancer.penalize(view, idx, secs, reason);
    const until = deps.balancer.state(view).cooldownUntil[idx];
    return until == null ? null : Math.max(0, Math.ceil((until - now()) / 1000));
  };
  /** The client went away: the attempt is recorded as aborted and the request ends as 499. */
  const clientLeft = (
    status: number | null,
    durationMs: number,
    extra: Partial<ForwardResult> = {},
  ): UpstreamOutcome => {
    att({
      status,
      error: 'client disconnected',
      decision: 'aborted',
      cooldownSecs: null,
      durationMs,
    });
    return { done: result({ ...base, status: 499, error: 'client disconnected', ...extra }) };
  };
  for (let attempt = 1; ; attempt++) {
    const t0 = now();
    if (fr.clientGone())
      return { done: result({ ...base, status: 499, error: 'client disconnected' }) };
    const call = callUpstream({
      target,
      path,
      method: fr.req.method ?? 'GET',
      headers,
      body: fr.hasBody ? body : null,
      pool: pools.get(target),
      connectTimeoutMs: deps.connectTimeoutMs ?? 10_000,
      idleTimeoutMs: idleMs,
    });
    fr.setInFlight(call.abort);
    let upRes: UpstreamResponse;
    try {
      upRes = await call.response;
    } catch (err) {
      fr.setInFlight(null);
      if (fr.clientGone()) return clientLeft(null, now() - t0);
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
        return { done: finishWithoutAnswer(fr.res, attempts, 502, result) };
      }
      const cd = penalize(policy.transportCooldownSecs, text);
      att({
        status: null,
        error: text,
        decision: 'failover',
        cooldownSecs: cd,
        durationMs: now() - t0,
      });
      return { done: null, lastStatus: 502 };
    }

    const status = upRes.status;
    if (status >= 200 && status < 300) {
      // A success also lifts exhaustion (the balancer does it): the quota is back.
      deps.balancer.recordResult(view, idx, true);
      const relay = await relayResponse(
        upRes,
        call.abort,
        fr.res,
        fr.req.method ?? 'GET',
        idleMs,
        now,
      );
      fr.setInFlight(null);
      const dur = now() - t0;
      if (relay.broken === 'client-gone') {
        return clientLeft(status, dur, { usage: relay.usage, firstByteAt: relay.firstByteAt });
      }
      if (relay.broken) {
        // Failover only before the first byte reaches the client: now the stream is lost.
        const why =
          relay.broken === 'idle-timeout'
            ? `stream idle for ${idleMs} ms`
            : `stream broke (${relay.broken})`;
        const cd = penalize(policy.transportCooldownSecs, why);
        att({ status, error: why, decision: 'returned', cooldownSecs: cd, durationMs: dur });
        return {
          done: result({
            ...base,
            status,
            error: why,
            usage: relay.usage,
            firstByteAt: relay.firstByteAt,
          }),
        };
      }
      att({ status, error: null, decision: 'success', cooldownSecs: null, durationMs: dur });
      return {
        done: result({ ...base, status, usage: relay.usage, firstByteAt: relay.firstByteAt }),
      };
    }

    // Non-2xx: buffered and classified before the client sees anything.
    const { stream, decoded } = decodedBody(upRes);
    let buf: Buffer;
    // The idle watchdog covers error bodies too: a relay that sends headers and then nothing
    // must not hold the request forever.
    const silent = setTimeout(() => {
      upRes.body.destroy();
      stream.destroy();
    }, idleMs);
    try {
      buf = await readCapped(stream, ERROR_BODY_CAP);
    } catch {
      buf = Buffer.alloc(0);
    } finally {
      clearTimeout(silent);
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
    if (fr.clientGone()) return clientLeft(status, dur);
    if (outcome.kind === 'capability') {
      att({
        status,
        error: short(),
        decision: 'skip-unsupported',
        cooldownSecs: null,
        durationMs: dur,
      });
      return { done: null, lastStatus: status };
    }
    if (outcome.kind === 'quota') {
      const reason = short();
      deps.balancer.setExhausted(view, idx, true, reason);
      const cd = penalize(policy.transportCooldownSecs, `quota exhausted: ${reason}`);
      att({ status, error: reason, decision: 'exhausted', cooldownSecs: cd, durationMs: dur });
      return { done: null, lastStatus: status };
    }
    if (outcome.kind === 'client') return { done: giveBack('returned', false) };
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
        const secs = Math.max(policy.transportCooldownSecs, status === 429 && ra !== null ? ra : 0);
        const cd = penalize(secs, `status ${status}`);
        att({
          status,
          error: short(),
          decision: 'failover',
          cooldownSecs: cd,
          durationMs: dur,
        });
        return { done: null, lastStatus: status };
      }
    }
    return { done: giveBack('returned', status >= 500) };
  }
}
