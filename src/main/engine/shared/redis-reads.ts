// Reading back what the Redis store holds (docs/behaviour.md §11.1), after each connect: every
// relay's hash, then the bindings still alive and the latest pin or unpin per session, each
// handed to `emit` as a change.
import type { Redis } from 'ioredis';
import type { ServiceName } from '../../../shared/config-types';
import type { SharedChange } from './port';
import type { StoreNames } from './redis-writes';
import { bindingChange, changesOf, pinChange } from './stored';

/** A kind of per-session hash: its fields and how a row becomes a change. */
interface SessionKind {
  kind: string;
  fields: string[];
  toChange: (
    values: (string | null)[],
    service: ServiceName,
    sessionId: string,
  ) => SharedChange | null;
}

/** Bindings still alive. */
const BINDINGS: SessionKind = {
  kind: 'session',
  fields: ['at', 'v'],
  toChange: ([at, v], service, sessionId) =>
    bindingChange(service, sessionId, at ?? null, v ?? null),
};

/** A session's latest pin or unpin. */
const PINS: SessionKind = {
  kind: 'pin',
  fields: ['at', 'pinned', 'key'],
  toChange: ([at, pinned, key], service, id) =>
    pinChange(service, id, at ?? null, pinned ?? null, key ?? null),
};

/**
 * Everything the store holds about relays and sessions, as changes; at most `limit` hashes of
 * each session kind. `now` is read once the relays' hashes are in.
 */
export async function readStore(
  client: Redis,
  names: StoreNames,
  now: () => number,
  limit: number,
  emit: (change: SharedChange) => void,
): Promise<void> {
  await readRelays(client, names, now, emit);
  for (const kind of [BINDINGS, PINS]) {
    await readPerSession(client, names.prefix, kind, limit, emit);
  }
}

/**
 * Per-session hashes under `{prefix}:{kind}:{service}:{sessionId}` (bindings still alive, pins
 * and unpins), at most `limit` of each kind, read back as changes.
 */
async function readPerSession(
  client: Redis,
  prefix: string,
  { kind, fields, toChange }: SessionKind,
  limit: number,
  emit: (change: SharedChange) => void,
): Promise<void> {
  const head = `${prefix}:${kind}:`;
  const names: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', `${head}*`, 'COUNT', 500);
    cursor = next;
    names.push(...batch);
  } while (cursor !== '0' && names.length < limit);
  if (names.length === 0) return;
  const pipeline = client.pipeline();
  for (const name of names) pipeline.hmget(name, ...fields);
  const rows = (await pipeline.exec()) ?? [];
  names.forEach((name, i) => {
    const rest = name.slice(head.length);
    const colon = rest.indexOf(':');
    const service = rest.slice(0, colon);
    if (colon < 0 || (service !== 'codex' && service !== 'claude')) return;
    const values = (rows[i]?.[1] as (string | null)[] | undefined) ?? [];
    const change = toChange(values, service, rest.slice(colon + 1));
    if (change) emit(change);
  });
}

async function readRelays(
  client: Redis,
  names: StoreNames,
  now: () => number,
  emit: (change: SharedChange) => void,
): Promise<void> {
  const keys = await client.smembers(names.setKey);
  if (keys.length === 0) return;
  const pipeline = client.pipeline();
  for (const key of keys) pipeline.hgetall(`${names.prefix}:relay:${key}`);
  const rows = (await pipeline.exec()) ?? [];
  const at = now();
  keys.forEach((key, i) => {
    const row = rows[i]?.[1] as Record<string, string> | undefined;
    if (!row) return;
    for (const change of changesOf(key, row, at)) emit(change);
  });
}
