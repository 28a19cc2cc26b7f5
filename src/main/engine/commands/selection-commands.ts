// Commands on the selection rules (docs/behaviour.md §2.7): go back to an upstream, reset a
// service's whole try order, pin and unpin a session.
import type { CommandMap } from '../../../shared/contract';
import { resolveRetryPolicy, tryOrderOf } from '../config/retry-policy';
import { service, str, type Args } from './args';
import { findUpstream, viewOf, type CommandContext } from './context';

type Handler<K extends keyof CommandMap> = (
  ctx: CommandContext,
  args: Args,
) => CommandMap[K]['result'] | Promise<CommandMap[K]['result']>;

export const preferUpstream: Handler<'preferUpstream'> = (ctx, args) => {
  const svc = service(args);
  const { station, index } = findUpstream(ctx, svc, str(args, 'station'), str(args, 'id'));
  ctx.balancer.prefer(viewOf(svc, station), index);
  return { version: ctx.changed() };
};

export const resetAll: Handler<'resetAll'> = (ctx, args) => {
  const svc = service(args);
  const config = ctx.config();
  const stations = tryOrderOf(config[svc], resolveRetryPolicy(config.retry));
  ctx.balancer.resetAll(stations.map((s) => viewOf(svc, s)));
  return { version: ctx.changed() };
};

export const pinSession: Handler<'pinSession'> = (ctx, args) => {
  const svc = service(args);
  const sessionId = str(args, 'sessionId');
  const { station, index } = findUpstream(ctx, svc, str(args, 'station'), str(args, 'id'));
  ctx.balancer.pinSession(svc, sessionId, viewOf(svc, station), index);
  return { version: ctx.changed() };
};

export const unpinSession: Handler<'unpinSession'> = (ctx, args) => {
  const svc = service(args);
  ctx.balancer.unpinSession(svc, str(args, 'sessionId'));
  return { version: ctx.changed() };
};
