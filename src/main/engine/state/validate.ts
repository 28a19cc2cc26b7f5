// Shape check for state.json (docs/behaviour.md §2.6). Anything unexpected makes the whole file
// count as corrupt: half-trusting a file could hand one upstream's cooldowns to another.
// Version 1 (stations only) migrates to version 2 (plus sessions and the return-to-preferred
// clock) on load.
import { SERVICES, type ServiceName } from '../../../shared/config-types';
import type { ExhaustSource } from '../../../shared/snapshot';
import type {
  PersistedBalancerState,
  PersistedSessions,
  SessionEntry,
  StationState,
} from '../types';

export class StateShapeError extends Error {}

type Check<T> = (v: unknown) => v is T;

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isDeadline = (v: unknown): v is number | null =>
  v === null || (typeof v === 'number' && Number.isFinite(v));
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isString = (v: unknown): v is string => typeof v === 'string';
const isReason = (v: unknown): v is string | null => v === null || typeof v === 'string';
const isSource = (v: unknown): v is ExhaustSource | null =>
  v === null || v === 'user' || v === 'balance' || v === 'quota-error';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function arrayOf<T>(where: string, v: unknown, check: Check<T>, length: number | null): T[] {
  if (!Array.isArray(v)) throw new StateShapeError(`${where} must be an array`);
  if (length !== null && v.length !== length) {
    throw new StateShapeError(`${where} has ${v.length} entries, expected ${length}`);
  }
  v.forEach((item, i) => {
    if (!check(item)) throw new StateShapeError(`${where}[${i}] has an invalid value`);
  });
  return v as T[];
}

function stationOf(where: string, v: unknown, version: 1 | 2): StationState {
  if (!isRecord(v)) throw new StateShapeError(`${where} must be an object`);
  const signatures = arrayOf(`${where}.signatures`, v['signatures'], isString, null);
  const n = signatures.length;
  // exhaustedReason came after the other vectors; a file without it is still trustworthy.
  const exhaustedReason =
    v['exhaustedReason'] === undefined
      ? new Array<string | null>(n).fill(null)
      : arrayOf(`${where}.exhaustedReason`, v['exhaustedReason'], isReason, n);
  const usageExhausted = arrayOf(`${where}.usageExhausted`, v['usageExhausted'], isBool, n);
  // exhaustedBy came later still: exhaustion stored without a source counts as the user's.
  const storedBy =
    v['exhaustedBy'] === undefined
      ? new Array<ExhaustSource | null>(n).fill(null)
      : arrayOf(`${where}.exhaustedBy`, v['exhaustedBy'], isSource, n);
  const exhaustedBy = usageExhausted.map((ex, i) => (ex ? (storedBy[i] ?? 'user') : null));
  const lastGood = v['lastGoodIndex'];
  if (lastGood !== null && !(isCount(lastGood) && lastGood < n)) {
    throw new StateShapeError(`${where}.lastGoodIndex must be null or an index below ${n}`);
  }
  const since = version === 1 ? null : v['lastGoodSince'];
  if (!isDeadline(since)) {
    throw new StateShapeError(`${where}.lastGoodSince must be null or epoch milliseconds`);
  }
  return {
    signatures: [...signatures],
    failureCounts: [...arrayOf(`${where}.failureCounts`, v['failureCounts'], isCount, n)],
    cooldownUntil: [...arrayOf(`${where}.cooldownUntil`, v['cooldownUntil'], isDeadline, n)],
    usageExhausted: [...usageExhausted],
    exhaustedReason: [...exhaustedReason],
    exhaustedBy,
    penaltyStreak: [...arrayOf(`${where}.penaltyStreak`, v['penaltyStreak'], isCount, n)],
    lastGoodIndex: lastGood,
    lastGoodSince: since,
  };
}

function entryOf(where: string, v: unknown): SessionEntry {
  if (!isRecord(v)) throw new StateShapeError(`${where} must be an object`);
  const { id, station, signature, at } = v;
  if (!isString(id) || id === '') throw new StateShapeError(`${where}.id must be a string`);
  if (!isString(station)) throw new StateShapeError(`${where}.station must be a string`);
  if (!isString(signature)) throw new StateShapeError(`${where}.signature must be a string`);
  if (typeof at !== 'number' || !Number.isFinite(at)) {
    throw new StateShapeError(`${where}.at must be epoch milliseconds`);
  }
  return { id, station, signature, at };
}

function sessionsOf(v: unknown): Record<ServiceName, PersistedSessions> {
  if (!isRecord(v)) throw new StateShapeError('sessions must be an object');
  const out = {} as Record<ServiceName, PersistedSessions>;
  for (const service of SERVICES) {
    const s = v[service] ?? { bindings: [], pins: [] };
    const where = `sessions.${service}`;
    if (!isRecord(s)) throw new StateShapeError(`${where} must be an object`);
    const list = (key: 'bindings' | 'pins'): SessionEntry[] => {
      const items = s[key];
      if (!Array.isArray(items)) throw new StateShapeError(`${where}.${key} must be an array`);
      return items.map((item, i) => entryOf(`${where}.${key}[${i}]`, item));
    };
    out[service] = { bindings: list('bindings'), pins: list('pins') };
  }
  return out;
}

/** Parses already-decoded JSON into balancer state, or throws StateShapeError naming where. */
export function validatePersistedState(data: unknown): PersistedBalancerState {
  if (!isRecord(data)) throw new StateShapeError('top level must be an object');
  const version = data['version'];
  if (version !== 1 && version !== 2) {
    throw new StateShapeError(`version must be 1 or 2, found ${JSON.stringify(version)}`);
  }
  const stations = data['stations'];
  if (!isRecord(stations)) throw new StateShapeError('stations must be an object');
  const out: Record<string, StationState> = {};
  for (const [key, value] of Object.entries(stations)) {
    const slash = key.indexOf('/');
    const service = key.slice(0, slash);
    if (slash <= 0 || !(SERVICES as readonly string[]).includes(service)) {
      throw new StateShapeError(
        `stations key ${JSON.stringify(key)} must be "<service>/<station>"`,
      );
    }
    out[key] = stationOf(`stations[${JSON.stringify(key)}]`, value, version);
  }
  const sessions = version === 1 ? sessionsOf({}) : sessionsOf(data['sessions']);
  return { version: 2, stations: out, sessions };
}
