// Commands on one upstream, addressed by id (never by index: a stale view cannot hit the wrong row).
import { upstreamId } from '../../../shared/config-types';
import { AppError, type UpstreamInput, type UpstreamPatch } from '../../../shared/contract';
import { pointsAtOwnListener, probeUpstream } from '../proxy';
import { bool, int, obj, service, str, type Args } from './args';
import { findStation, findUpstream, viewOf, type CommandContext, type Handler } from './context';
import { patchEdits, toUpstreamConfig } from './upstream-input';

function ref(ctx: CommandContext, args: Args) {
  const svc = service(args);
  return { svc, ...findUpstream(ctx, svc, str(args, 'station'), str(args, 'id')) };
}

function refuseSelfLoop(ctx: CommandContext, baseUrl: string): void {
  if (pointsAtOwnListener(baseUrl, ctx.ownAddresses())) {
    throw new AppError(
      'invalid_argument',
      `${baseUrl} points back at this app's own proxy: requests would loop forever`,
      'baseUrl',
    );
  }
}

export const moveUpstream: Handler<'moveUpstream'> = (ctx, args) => {
  const { svc, station, index } = ref(ctx, args);
  const toIndex = int(args, 'toIndex');
  if (toIndex < 0 || toIndex >= station.upstreams.length) {
    throw new AppError(
      'invalid_argument',
      `toIndex must be between 0 and ${station.upstreams.length - 1}`,
      'toIndex',
    );
  }
  if (toIndex !== index) {
    ctx.save([
      { kind: 'moveUpstream', service: svc, station: station.name, from: index, to: toIndex },
    ]);
  }
  return { version: ctx.changed() };
};

export const setUpstreamExhausted: Handler<'setUpstreamExhausted'> = (ctx, args) => {
  const { svc, station, index } = ref(ctx, args);
  const exhausted = bool(args, 'exhausted');
  ctx.balancer.setExhausted(
    viewOf(svc, station),
    index,
    exhausted,
    exhausted ? 'marked by hand' : null,
    'user',
  );
  return { version: ctx.changed() };
};

export const resetUpstream: Handler<'resetUpstream'> = (ctx, args) => {
  const { svc, station, index } = ref(ctx, args);
  ctx.balancer.reset(viewOf(svc, station), index);
  return { version: ctx.changed() };
};

export const setUpstreamEnabled: Handler<'setUpstreamEnabled'> = (ctx, args) => {
  const { svc, station, index, upstream } = ref(ctx, args);
  const enabled = bool(args, 'enabled');
  if (upstream.enabled !== enabled) {
    ctx.save([
      {
        kind: 'set',
        path: [svc, 'stations', station.name, 'upstreams', index, 'enabled'],
        value: enabled,
      },
    ]);
  }
  return { version: ctx.changed() };
};

export const addUpstream: Handler<'addUpstream'> = (ctx, args) => {
  const svc = service(args);
  const station = findStation(ctx, svc, str(args, 'station'));
  const input = obj(args, 'upstream') as unknown as UpstreamInput;
  const upstream = toUpstreamConfig(input, station);
  refuseSelfLoop(ctx, upstream.base_url);
  ctx.save([{ kind: 'appendUpstream', service: svc, station: station.name, upstream }]);
  const id = upstreamId(station.name, station.upstreams.length, upstream.tags);
  return { version: ctx.changed(), id };
};

export const updateUpstream: Handler<'updateUpstream'> = (ctx, args) => {
  const { svc, station, index } = ref(ctx, args);
  const patch = obj(args, 'patch') as UpstreamPatch;
  const { edits, next } = patchEdits(svc, station, index, patch);
  refuseSelfLoop(ctx, next.base_url);
  if (edits.length) ctx.save(edits);
  return { version: ctx.changed(), id: upstreamId(station.name, index, next.tags) };
};

export const removeUpstream: Handler<'removeUpstream'> = (ctx, args) => {
  const { svc, station, index } = ref(ctx, args);
  ctx.save([{ kind: 'removeUpstream', service: svc, station: station.name, index }]);
  return { version: ctx.changed() };
};

export const testUpstreamCommand: Handler<'testUpstream'> = async (ctx, args) => {
  const { svc, station, upstream, index } = ref(ctx, args);
  const result = await probeUpstream(upstream, ctx.env, ctx.clock, undefined, ctx.config().proxy);
  ctx.activity.setTestResult(svc, station.name, upstreamId(station.name, index, upstream.tags), {
    ...result,
    at: ctx.clock.now(),
  });
  ctx.changed();
  return result;
};

export const checkBalance: Handler<'checkBalance'> = async (ctx, args) => {
  const { svc, station, upstream, index } = ref(ctx, args);
  const id = upstreamId(station.name, index, upstream.tags);
  if (!upstream.balance) {
    throw new AppError(
      'invalid_argument',
      `upstream "${id}" has no balance source (set one under Balance in its settings)`,
      'id',
    );
  }
  const balance = await ctx.poller.check(svc, station.name, id);
  return { balance, version: ctx.changed() };
};
