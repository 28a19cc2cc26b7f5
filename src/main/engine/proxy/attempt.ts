// Same-upstream attempts (docs/behaviour.md §3.5): call, classify before the client sees a byte,
// retry with backoff or hand back to the failover loop; the first 2xx is committed and relayed.
// One attempt ends in one of three ways, each handled by its own function below: the call fails
// (transport error), the upstream answers 2xx (success), or it answers anything else.
import type { Dispatcher } from 'undici';
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { AttemptRecord } from '../../../shared/snapshot';
import type { RetryPolicy } from '../config/retry-policy';
import { systemScheduler, type Scheduler, type StationView } from '../types';
import type { UpstreamLog } from './attempt-log';
import { classify, errorInfo, retryAfterSecs } from './classify';
import type { ForwardRequest, ForwardResult, ProxyListenerDeps } from './deps';
import { clientResponseHeaders } from './headers';
import { redact } from './redact';
import { holdOpening, type Held } from './hold';
import { relayResponse, sendOpening, writeAnswerHead } from './stream';
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
const CLIENT_LEFT = 'client disconnected';

/** What stays the same for every attempt of one request. */
export interface ForwardContext {
  deps: ProxyListenerDeps;
  pools: UpstreamPools;
  fr: ForwardRequest;
  policy: RetryPolicy;
  idleMs: number;
  random: () => number;
}

/** One upstream, ready to be called: what forward.ts prepared for it. */
export interface UpstreamPlan {
  view: StationView;
  idx: number;
  target: UpstreamTarget;
  path: string;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  /** Direct or through the outbound proxy (UpstreamPools.forUpstream). */
  dispatcher: Dispatcher;
  /** Redacted from every error text that reaches the record. */
  secrets: (string | null)[];
  log: UpstreamLog;
  /** Picked by the conversation's pin or binding: its success leaves last good alone (§2.7). */
  viaSession: boolean;
}

/**
 * `answered`: the request is over (the client has its answer, or left). `next`: fail over to the
 * next upstream. `stop`: nothing answered and failover is off. `lastStatus` feeds the summary.
 */
export type UpstreamOutcome =
  | { kind: 'answered'; result: ForwardResult }
  | { kind: 'next'; lastStatus: number }
  | { kind: 'stop'; lastStatus: number };

type Step = UpstreamOutcome | { kind: 'retry'; inMs: number };

function wait(scheduler: Scheduler, ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((r) => scheduler.setTimeout(r, ms));
}

function schedulerOf(ctx: ForwardContext): Scheduler {
  return ctx.deps.scheduler ?? systemScheduler;
}

function backoffMs(ctx: ForwardContext, attempt: number): number {
  const l = ctx.policy.upstream;
  const base = Math.min(l.backoffMs * 2 ** Math.max(0, attempt - 1), l.backoffMaxMs);
  return base + Math.floor(ctx.random() * l.jitterMs);
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

function answered(result: ForwardResult): UpstreamOutcome {
  return { kind: 'answered', result };
}

function record(
  up: UpstreamPlan,
  status: number | null,
  error: string | null,
  decision: AttemptRecord['decision'],
  durationMs: number,
  cooldownSecs: number | null = null,
): void {
  up.log.record({ status, error, decision, cooldownSecs, durationMs });
}

/** Cools the upstream down; returns the whole seconds the record shows. */
function penalize(ctx: ForwardContext, up: UpstreamPlan, secs: number, reason: string) {
  const { balancer, clock } = ctx.deps;
  balancer.penalize(up.view, up.idx, secs, reason);
  const until = balancer.state(up.view).cooldownUntil[up.idx];
  return until == null ? null : Math.max(0, Math.ceil((until - clock.now()) / 1000));
}

/** The client went away: the attempt is recorded as aborted and the request ends as 499. */
function clientLeft(
  up: UpstreamPlan,
  status: number | null,
  durationMs: number,
  extra: Partial<ForwardResult> = {},
): UpstreamOutcome {
  record(up, status, CLIENT_LEFT, 'aborted', durationMs);
  return answered(up.log.result({ status: 499, error: CLIENT_LEFT, ...extra }));
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
  const contentType = fr.req.headers['content-type'];
  const held = await holdOpening(res, {
    method,
    jsonRequest:
      fr.body.length > 0 && typeof contentType === 'string' && contentType.includes('json'),
    idleMs,
    sendOpening: (chunks, stream, decoded) => {
      writeAnswerHead(res, fr.res, decoded);
      return sendOpening(fr.res, chunks, stream);
    },
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

/** Buffers a non-2xx body; the idle watchdog covers it too, so a silent relay cannot hang us. */
async function readErrorBody(res: UpstreamResponse, idleMs: number, scheduler: Scheduler) {
  const { stream, decoded } = decodedBody(res);
  const silent = scheduler.setTimeout(() => {
    res.body.destroy();
    stream.destroy();
  }, idleMs);
  let buf: Buffer;
  try {
    buf = await readCapped(stream, ERROR_BODY_CAP);
  } catch {
    buf = Buffer.alloc(0);
  } finally {
    scheduler.clearTimeout(silent);
  }
  return { buf, decoded };
}

/** Non-2xx: buffered and classified before the client sees anything. */
async function onErrorResponse(
  ctx: ForwardContext,
  up: UpstreamPlan,
  attempt: number,
  res: UpstreamResponse,
  t0: number,
): Promise<Step> {
  const { deps, fr, policy } = ctx;
  const { buf, decoded } = await readErrorBody(res, ctx.idleMs, schedulerOf(ctx));
  fr.setInFlight(null);
  const dur = deps.clock.now() - t0;
  const status = res.status;
  const text = buf.toString('utf8');
  const outcome = classify(status, text, policy);
  const short = redact(errorInfo(text).message, up.secrets).slice(0, 300) || `status ${status}`;
  if (fr.clientGone()) return clientLeft(up, status, dur);

  const giveBack = (countFailure: boolean): UpstreamOutcome => {
    if (countFailure) deps.balancer.recordResult(up.view, up.idx, false);
    const error = status >= 400 ? short : null;
    record(up, status, error, 'returned', dur);
    sendRaw(fr.res, status, clientResponseHeaders(res.headers, decoded), buf);
    return answered(up.log.result({ status, error, firstByteAt: deps.clock.now() }));
  };

  switch (outcome.kind) {
    case 'capability':
      record(up, status, short, 'skip-unsupported', dur);
      return { kind: 'next', lastStatus: status };
    case 'quota': {
      deps.balancer.setExhausted(up.view, up.idx, true, short, 'quota-error');
      const cd = penalize(ctx, up, policy.transportCooldownSecs, `quota exhausted: ${short}`);
      record(up, status, short, 'exhausted', dur, cd);
      return { kind: 'next', lastStatus: status };
    }
    case 'client':
      return giveBack(false);
    case 'retryable':
    case 'failover': {
      const ra = retryAfterSecs(res.headers['retry-after']);
      const raFits = ra === null || ra * 1000 <= policy.upstream.backoffMaxMs;
      if (outcome.kind === 'retryable' && attempt < policy.upstream.maxAttempts && raFits) {
        record(up, status, short, 'retry-same', dur);
        return { kind: 'retry', inMs: ra !== null ? ra * 1000 : backoffMs(ctx, attempt) };
      }
      if (outcome.kind === 'failover' || outcome.failover) {
        const secs = Math.max(policy.transportCooldownSecs, status === 429 && ra !== null ? ra : 0);
        const cd = penalize(ctx, up, secs, `status ${status}`);
        record(up, status, short, 'failover', dur, cd);
        return { kind: 'next', lastStatus: status };
      }
    }
  }
  return giveBack(status >= 500);
}
