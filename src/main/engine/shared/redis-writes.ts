// Writing one change to Redis (docs/behaviour.md §11.1): the keys it touches and the Lua script
// (scripts.ts) that checks and sets it in one step and publishes it on the store's channel.
import type { Redis } from 'ioredis';
import type { SharedChange } from './port';
import {
  CLEAR_COOLDOWN,
  EXTEND_COOLDOWN,
  SET_BALANCE,
  SET_EXHAUSTION,
  SET_PIN,
  SET_SESSION,
} from './scripts';

/** The names every instance with the same prefix shares. */
export interface StoreNames {
  prefix: string;
  /** `{prefix}:changes`: the pub/sub channel. */
  channel: string;
  /** `{prefix}:relays`: the set of relays the store holds. */
  setKey: string;
}

export function storeNames(prefix: string): StoreNames {
  return { prefix, channel: `${prefix}:changes`, setKey: `${prefix}:relays` };
}

/** What goes on the channel; `from` tells an instance's own messages apart. */
export interface Message {
  from: string;
  change: SharedChange;
}

/**
 * Sends `change` as `from`; `ifAbsent` (exhaustion only) writes only where nothing is stored yet.
 * Rejects when Redis does not take it.
 */
export async function sendChange(
  client: Redis,
  names: StoreNames,
  from: string,
  change: SharedChange,
  ifAbsent: boolean,
): Promise<void> {
  const message = JSON.stringify({ from, change } satisfies Message);
  const { prefix: p, setKey, channel } = names;
  if (change.kind === 'unpin' || (change.kind === 'session' && change.pinned)) {
    const pinned = change.kind === 'session';
    await client.eval(
      SET_PIN,
      3,
      `${p}:pin:${change.service}:${change.sessionId}`,
      setKey,
      channel,
      pinned ? change.key : '',
      message,
      change.at,
      pinned ? '1' : '0',
      pinned ? change.key : '',
    );
    return;
  }
  if (change.kind === 'session') {
    const keys = [`${p}:session:${change.service}:${change.sessionId}`, setKey, channel];
    const entry = JSON.stringify({ key: change.key, pinned: change.pinned });
    await client.eval(
      SET_SESSION,
      3,
      ...keys,
      change.key,
      message,
      change.at,
      entry,
      Math.max(1, change.ttlMs),
    );
    return;
  }
  const keys = [`${p}:relay:${change.key}`, setKey, channel];
  switch (change.kind) {
    case 'cooldown':
      await client.eval(
        EXTEND_COOLDOWN,
        3,
        ...keys,
        change.key,
        message,
        change.until,
        change.failures,
      );
      return;
    case 'clear':
      await client.eval(CLEAR_COOLDOWN, 3, ...keys, change.key, message, change.until);
      return;
    case 'exhaust':
      await client.eval(
        SET_EXHAUSTION,
        3,
        ...keys,
        change.key,
        message,
        change.at,
        change.exhausted ? '1' : '0',
        change.reason ?? '',
        change.by ?? '',
        ifAbsent ? '1' : '0',
      );
      return;
    case 'balance':
      await client.eval(
        SET_BALANCE,
        3,
        ...keys,
        change.key,
        message,
        change.balance.checkedAt,
        JSON.stringify(change.balance),
      );
      return;
  }
}
