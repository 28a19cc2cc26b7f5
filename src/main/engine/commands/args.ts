// Arguments arrive as untrusted JSON (HTTP console) or from the renderer: check their shape and
// say which argument is wrong.
import { SERVICES, type ServiceName } from '../../../shared/config-types';
import { AppError } from '../../../shared/contract';
import { checkLength, FIELD_LIMITS } from '../../../shared/upstream-rules';
import type { ClientName } from '../../../shared/snapshot';

export type Args = Record<string, unknown>;

/** No argument is longer than this (a secret is the longest thing anyone types). */
const MAX_STRING = FIELD_LIMITS.secret;

export function str(args: Args, name: string, max: number = MAX_STRING): string {
  const v = args[name];
  if (typeof v !== 'string' || v.trim() === '') {
    throw new AppError('invalid_argument', `"${name}" must be a non-empty string`, name, {
      messageId: 'error.nonEmptyString',
      params: { name },
    });
  }
  const tooLong = checkLength(v, max);
  if (tooLong) throw new AppError('invalid_argument', `"${name}" ${tooLong}`, name);
  return v;
}

export function optStr(args: Args, name: string, max?: number): string | undefined {
  return args[name] === undefined || args[name] === null ? undefined : str(args, name, max);
}

export function int(args: Args, name: string): number {
  const v = args[name];
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new AppError('invalid_argument', `"${name}" must be an integer`, name, {
      messageId: 'error.integer',
      params: { name },
    });
  }
  return v;
}

export function bool(args: Args, name: string): boolean {
  const v = args[name];
  if (typeof v !== 'boolean') {
    throw new AppError('invalid_argument', `"${name}" must be true or false`, name, {
      messageId: 'error.boolean',
      params: { name },
    });
  }
  return v;
}

export function obj(args: Args, name: string): Args {
  const v = args[name];
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new AppError('invalid_argument', `"${name}" must be an object`, name, {
      messageId: 'error.object',
      params: { name },
    });
  }
  return v as Args;
}

export function service(args: Args, name = 'service'): ServiceName {
  const v = args[name];
  if (typeof v !== 'string' || !(SERVICES as readonly string[]).includes(v)) {
    throw new AppError('invalid_argument', `"${name}" must be one of ${SERVICES.join(', ')}`, name);
  }
  return v as ServiceName;
}

export function client(args: Args): ClientName {
  const v = args.client;
  if (v !== 'codex' && v !== 'claude') {
    throw new AppError('invalid_argument', '"client" must be codex or claude', 'client');
  }
  return v;
}

const STATION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export function stationName(value: string, name = 'station'): string {
  const v = value.trim();
  if (!STATION_NAME.test(v)) {
    throw new AppError(
      'invalid_argument',
      `station name "${value.length > 80 ? `${value.slice(0, 80)}…` : value}" may only use letters, digits, "-" and "_" (1 to 64 characters)`,
      name,
    );
  }
  return v;
}
