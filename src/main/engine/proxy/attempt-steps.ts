// What the attempt functions share (docs/behaviour.md §3.5): the request's context, one planned
// upstream, how an attempt ends, and the small steps every ending takes (record the attempt,
// cool the upstream down, report a client that left). proxy/attempt.ts runs the attempts;
// proxy/error-answer.ts handles a non-2xx answer.
import type { Dispatcher } from 'undici';
import type { AttemptRecord } from '../../../shared/snapshot';
import type { RetryPolicy } from '../config/retry-policy';
import type { ProxyConfig } from '../../../shared/config-types';
import { systemScheduler, type ProxyRuntime, type Scheduler, type StationView } from '../types';
import type { UpstreamLog } from './attempt-log';
import type { ForwardRequest, ForwardResult, ProxyListenerDeps } from './deps';
import type { UpstreamPools } from './upstream';
import type { UpstreamTarget } from './url';

export const CLIENT_LEFT = 'client disconnected';

/** What stays the same for every attempt of one request. */
export interface ForwardContext {
  deps: ProxyListenerDeps;
  pools: UpstreamPools;
  fr: ForwardRequest;
  policy: RetryPolicy;
  /** The request's `[proxy]` section and environment, read once when it arrived. */
  proxy: ProxyConfig;
  env: ProxyRuntime['env'];
  idleMs: number;
  random: () => number;
}

/** One upstream, ready to be called: what forward.ts prepared for it. */
export interface UpstreamPlan {
  view: StationView;
  idx: number;
  target: UpstreamTarget;
  path: string;
  /** name, value, name, value… (request-head.ts). */
  headers: readonly string[];
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

export type Step = UpstreamOutcome | { kind: 'retry'; inMs: number };

export function schedulerOf(ctx: ForwardContext): Scheduler {
  return ctx.deps.scheduler ?? systemScheduler;
}

export function backoffMs(ctx: ForwardContext, attempt: number): number {
  const l = ctx.policy.upstream;
  const base = Math.min(l.backoffMs * 2 ** Math.max(0, attempt - 1), l.backoffMaxMs);
  return base + Math.floor(ctx.random() * l.jitterMs);
}

export function answered(result: ForwardResult): UpstreamOutcome {
  return { kind: 'answered', result };
}

export function record(
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
export function penalize(ctx: ForwardContext, up: UpstreamPlan, secs: number, reason: string) {
  const { balancer, clock } = ctx.deps;
  balancer.penalize(up.view, up.idx, secs, reason);
  const until = balancer.state(up.view).cooldownUntil[up.idx];
  return until == null ? null : Math.max(0, Math.ceil((until - clock.now()) / 1000));
}

/** The client went away: the attempt is recorded as aborted and the request ends as 499. */
export function clientLeft(
  up: UpstreamPlan,
  status: number | null,
  durationMs: number,
  extra: Partial<ForwardResult> = {},
): UpstreamOutcome {
  record(up, status, CLIENT_LEFT, 'aborted', durationMs);
  return answered(up.log.result({ status: 499, error: CLIENT_LEFT, ...extra }));
}
