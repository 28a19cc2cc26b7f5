// A non-2xx answer (docs/behaviour.md §3.5): buffered and classified before the client sees
// anything, then retried on the same upstream, failed over, or given back to the client as it came.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Scheduler } from '../types';
import {
  answered,
  backoffMs,
  clientLeft,
  penalize,
  record,
  schedulerOf,
  type ForwardContext,
  type Step,
  type UpstreamOutcome,
  type UpstreamPlan,
} from './attempt-steps';
import { classify, errorInfo, retryAfterSecs } from './classify';
import { clientResponseHeaders } from './headers';
import { redact } from './redact';
import { decodedBody, readCapped, type UpstreamResponse } from './upstream';

const ERROR_BODY_CAP = 4 * 1024 * 1024;

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

/** Buffers a non-2xx body; the idle watchdog covers it too, so a silent relay cannot hang us. */
async function readErrorBody(res: UpstreamResponse, idleMs: number, scheduler: Scheduler) {
  const { body, decoded } = decodedBody(res);
  // Stopping it keeps what arrived (readCapped resolves with it).
  const silent = scheduler.setTimeout(() => body.destroy(), idleMs);
  let buf: Buffer;
  try {
    buf = await readCapped(body, ERROR_BODY_CAP);
  } catch {
    buf = Buffer.alloc(0);
  } finally {
    scheduler.clearTimeout(silent);
  }
  return { buf, decoded };
}

/** Non-2xx: buffered and classified before the client sees anything. */
export async function onErrorResponse(
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
