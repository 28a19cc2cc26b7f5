// Commands on stations. A rename made through the app carries the station's state (NEW §2.2).
import { AppError } from '../../../shared/contract';
import { unknownName } from '../../../shared/command-args';
import { FIELD_LIMITS } from '../../../shared/upstream-rules';
import { resolveActiveStation } from '../../../shared/stations';
import { isModelSupported } from '../proxy/models';
import { bool, int, obj, optStr, service, stationName, str } from './args';
import { findStation, viewOf, type Handler } from './context';

export const addStation: Handler<'addStation'> = (ctx, args) => {
  const svc = service(args);
  const input = obj(args, 'station');
  const unknown = unknownName(input, ['name', 'alias', 'enabled', 'level']);
  if (unknown !== null) {
    throw new AppError(
      'invalid_argument',
      `station has no field ${JSON.stringify(unknown.slice(0, 80))} (it takes name, alias, enabled, level)`,
      `station.${unknown.slice(0, 80)}`,
    );
  }
  const name = stationName(str(input, 'name'), 'station.name');
  if (ctx.config()[svc].stations.some((s) => s.name === name)) {
    throw new AppError('conflict', `${svc} already has a station named "${name}"`, 'station.name', {
      messageId: 'error.stationExists',
      params: { service: svc, name },
    });
  }
  const level = input.level === undefined ? 1 : int(input, 'level');
  if (level < 1 || level > 10) {
    throw new AppError('invalid_argument', 'level must be between 1 and 10', 'station.level');
  }
  const alias = optStr(input, 'alias', FIELD_LIMITS.alias);
  ctx.save([
    {
      kind: 'addStation',
      service: svc,
      station: {
        name,
        ...(alias ? { alias } : {}),
        enabled: input.enabled === undefined ? true : bool(input, 'enabled'),
        level,
      },
    },
  ]);
  return { version: ctx.changed() };
};

export const renameStation: Handler<'renameStation'> = (ctx, args) => {
  const svc = service(args);
  const station = findStation(ctx, svc, str(args, 'station'));
  const to = stationName(str(args, 'newName'), 'newName');
  if (to === station.name) return { version: ctx.changed() };
  if (ctx.config()[svc].stations.some((s) => s.name === to)) {
    throw new AppError('conflict', `${svc} already has a station named "${to}"`, 'newName', {
      messageId: 'error.stationExists',
      params: { service: svc, name: to },
    });
  }
  ctx.save([{ kind: 'renameStation', service: svc, from: station.name, to }]);
  ctx.balancer.renameStation(svc, station.name, to);
  ctx.activity.renameStation(svc, station.name, to);
  ctx.ledger.renameStation(svc, station.name, to);
  return { version: ctx.changed() };
};

export const removeStation: Handler<'removeStation'> = (ctx, args) => {
  const svc = service(args);
  const station = findStation(ctx, svc, str(args, 'station'));
  ctx.save([{ kind: 'removeStation', service: svc, name: station.name }]);
  ctx.balancer.removeStation(svc, station.name);
  return { version: ctx.changed() };
};

export const setActiveStation: Handler<'setActiveStation'> = (ctx, args) => {
  const svc = service(args);
  const station = findStation(ctx, svc, str(args, 'station'));
  ctx.save([{ kind: 'set', path: [svc, 'active'], value: station.name }]);
  return { version: ctx.changed() };
};

export const explainNextPick: Handler<'explainNextPick'> = (ctx, args) => {
  const svc = service(args);
  const name = optStr(args, 'station');
  const station = name ? findStation(ctx, svc, name) : resolveActiveStation(ctx.config()[svc]);
  if (!station) return { index: null, rule: null, skipped: [] };
  const model = optStr(args, 'model');
  const supported =
    model === undefined
      ? undefined
      : (i: number) => {
          const u = station.upstreams[i];
          return u ? isModelSupported(model, u.supported_models, u.model_mapping) : false;
        };
  // With a session id: where that conversation's next request would go (pin, binding, …).
  const sessionId = optStr(args, 'sessionId');
  const route = sessionId === undefined ? null : ctx.balancer.route(svc, sessionId);
  return ctx.balancer.explain(viewOf(svc, station), supported, model, route);
};
