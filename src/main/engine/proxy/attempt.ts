// Same-upstream attempts (docs/behaviour.md §3.5): call, classify before the client sees a byte,
// retry with backoff or hand back to the failover loop; the first 2xx is committed and relayed.
// One attempt ends in one of three ways, each handled by its own function: the call fails
// (transport error, below), the upstream answers 2xx (success, below), or it answers anything
// else (proxy/error-answer.ts). What they share is in proxy/attempt-steps.ts.
import type { OutgoingHttpHeaders } from 'node:http';
import type { Scheduler } from '../types';
import {
  answered,
  backoffMs,
  clientLeft,
  CLIENT_LEFT,
  penalize,
  record,
  schedulerOf,
  type ForwardContext,
  type Step,
  type UpstreamOutcome,
  type UpstreamPlan,
} from './attempt-steps';
import { classify, errorInfo } from './classify';
import { onErrorResponse } from './error-answer';
import { redact } from './redact';
import { holdOpening, type Held } from './hold';
import { relayResponse, sendOpening } from './stream';
import { clientResponseHeaders } from './headers';
import { callUpstream, TransportError, type UpstreamResponse } from './upstream';

function wait(scheduler: Scheduler, ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((r) => scheduler.setTimeout(r, ms));
}

export async function runUpstream(ctx: ForwardContext, up: UpstreamPlan): Promise<UpstreamOutcome> {
  for (let attempt = 1; ; attempt++) {
    if (ctx.fr.clientGone()) return answered(up.log.result({ status: 499, error: CLIENT_LEFT }));
    const step = await attemptOnce(ctx, up, attempt);
    if (step.kind !== 'retry') return step;
    await wait(schedulerOf(ctx), step.inMs);
  }
}

async function attemptOnce(ctx: ForwardContext, up: UpstreamPlan, attempt: number): Promise<Step> {
  const { deps, fr } = ctx;
  const t0 = deps.clock.now();
  const call = callUpstream({
    target: up.target,
    path: up.path,
    method: fr.req.method ?? 'GET',
    headers: up.headers,
    body: fr.hasBody ? up.body : null,
    pool: up.dispatcher,
    connectTimeoutMs: deps.connectTimeoutMs ?? 10_000,
    idleTimeoutMs: ctx.idleMs,
  });
  fr.setInFlight(call.abort);
  let res: UpstreamResponse;
  try {
    res = await call.response;
  } catch (err) {
    fr.setInFlight(null);
    return onTransportError(ctx, up, attempt, err, t0);
  }
  if (res.status >= 200 && res.status < 300) return onSuccess(ctx, up, res, call.abort, t0);
  return onErrorResponse(ctx, up, attempt, res, t0);
}

function onTransportError(
  ctx: ForwardContext,
  up: UpstreamPlan,
  attempt: number,
  err: unknown,
  t0: number,
): Step {
  const { deps, policy } = ctx;
  const dur = deps.clock.now() - t0;
  if (ctx.fr.clientGone()) return clientLeft(up, null, dur);
  const te = err instanceof TransportError ? err : new TransportError('error', 'upstream error');
  const text = `${te.cls}: ${redact(te.message, up.secrets)}`;
  if (attempt < policy.upstream.maxAttempts) {
    record(up, null, text, 'retry-same', dur);
    return { kind: 'retry', inMs: backoffMs(ctx, attempt) };
  }
  return leaveUpstream(ctx, up, null, text, dur);
}

/**
 * A failure with no same-upstream retry left: with failover off the request stops here (counted
 * as a failure), otherwise the upstream is penalized and the next one is tried (§3.5).
 */
function leaveUpstream(
  ctx: ForwardContext,
  up: UpstreamPlan,
  status: number | null,
  text: string,
  dur: number,
): UpstreamOutcome {
  if (!ctx.policy.failover) {
    ctx.deps.balancer.recordResult(up.view, up.idx, false);
    record(up, status, text, 'returned', dur);
    return { kind: 'stop', lastStatus: 502 };
  }
  const cd = penalize(ctx, up, ctx.policy.transportCooldownSecs, text);
  record(up, status, text, 'failover', dur, cd);
  return { kind: 'next', lastStatus: 502 };
}

async function onSuccess(
  ctx: ForwardContext,
  up: UpstreamPlan,
  res: UpstreamResponse,
  abort: () => void,
  t0: number,
): Promise<UpstreamOutcome> {
  const { deps, fr, idleMs } = ctx;
  const now = () => deps.clock.now();
  const method = fr.req.method ?? 'GET';
  const contentType = fr.head.contentType;
  // Worked out while the opening waits for its first content event, when there is time.
  let headers: OutgoingHttpHeaders | null = null;
  const answerHeaders = (decoded: boolean): OutgoingHttpHeaders =>
    (headers ??= clientResponseHeaders(res.headers, decoded));
  const held = await holdOpening(res, {
    method,
    jsonRequest:
      fr.body.length > 0 && typeof contentType === 'string' && contentType.includes('json'),
    idleMs,
    sendOpening: (chunks, body, decoded) => {
      fr.res.writeHead(res.status, answerHeaders(decoded));
      return sendOpening(fr.res, chunks, body);
    },
    whileWaiting: answerHeaders,
  });
  if (held && held.kind !== 'ok') {
    fr.setInFlight(null);
    return failedInside2xx(ctx, up, res.status, held, now() - t0);
  }
  // A success also lifts exhaustion (the balancer does it): the quota is back.
  deps.balancer.recordResult(up.view, up.idx, true, up.viaSession);
  const relay = await relayResponse(res, abort, fr.res, method, idleMs, now, held);
  fr.setInFlight(null);
  const dur = now() - t0;
  const status = res.status;
  const sent = { usage: relay.usage, firstByteAt: relay.firstByteAt };
  if (relay.broken === 'client-gone') return clientLeft(up, status, dur, sent);
  if (relay.broken) {
    // Failover only before the first byte reaches the client: now the stream is lost.
    const why =
      relay.broken === 'idle-timeout'
        ? `stream idle for ${idleMs} ms`
        : `stream broke (${relay.broken})`;
    const cd = penalize(ctx, up, ctx.policy.transportCooldownSecs, why);
    record(up, status, why, 'returned', dur, cd);
    return answered(up.log.result({ status, error: why, ...sent }));
  }
  record(up, status, null, 'success', dur);
  return answered(up.log.result({ status, ...sent }));
}

/**
 * A 2xx that failed before any content (hold.ts): classified like a non-2xx body (a quota error
 * exhausts, anything else penalizes as a server error) and failed over; nothing reached the
 * client, so the next upstream can still answer (docs/behaviour.md §3.6).
 */
function failedInside2xx(
  ctx: ForwardContext,
  up: UpstreamPlan,
  status: number,
  held: Exclude<Held, { kind: 'ok' }>,
  dur: number,
): UpstreamOutcome {
  const { deps, fr, policy } = ctx;
  if (fr.clientGone()) return clientLeft(up, status, dur);
  const detail = held.kind === 'failed' ? redact(errorInfo(held.text).message, up.secrets) : '';
  const short = `${held.why}${detail ? `: ${detail.slice(0, 240)}` : ''}`;
  const outcome = held.kind === 'failed' ? classify(502, held.text, policy) : null;
  if (outcome?.kind === 'quota') {
    deps.balancer.setExhausted(up.view, up.idx, true, short, 'quota-error');
    const cd = penalize(ctx, up, policy.transportCooldownSecs, `quota exhausted: ${short}`);
    record(up, status, short, 'exhausted', dur, cd);
    return { kind: 'next', lastStatus: 502 };
  }
  return leaveUpstream(ctx, up, status, short, dur);
}
