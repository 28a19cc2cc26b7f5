// The port between the engine and a shared store of balancer state (docs/behaviour.md §11).
// The engine only ever calls `write` (never awaited, never throws) and hears changes made by
// other instances through `onRemote`; the Redis adapter (redis-store.ts) is one implementation,
// tests of the balancer and the sync use an in-memory one.
import type { ServiceName } from '../../../shared/config-types';
import type { BalanceSnapshot, ExhaustSource, SharedStatus } from '../../../shared/snapshot';

/** `{service}/{provider_id}/{endpoint_id}|{base_url}`: the same relay under anyone's station. */
export type SharedKey = string;

export type SharedChange =
  /** The upstream reached its failure threshold: cooling until `until` (only ever extended). */
  | { kind: 'cooldown'; key: SharedKey; until: number; failures: number }
  /** The cooldown that ended at `until` was lifted (a success, a reset); a longer one stays. */
  | { kind: 'clear'; key: SharedKey; until: number }
  /** Exhaustion set or lifted at `at` (epoch ms): the latest `at` wins. */
  | {
      kind: 'exhaust';
      key: SharedKey;
      exhausted: boolean;
      reason: string | null;
      by: ExhaustSource | null;
      at: number;
    }
  /** A successful balance poll (the newest `checkedAt` wins). */
  | { kind: 'balance'; key: SharedKey; balance: BalanceSnapshot }
  /** A session bound or pinned to the upstream `key` at `at` (the latest wins). */
  | {
      kind: 'session';
      service: ServiceName;
      sessionId: string;
      key: SharedKey;
      pinned: boolean;
      at: number;
      ttlMs: number;
    }
  /**
   * The session's pin removed at `at` (docs/behaviour.md §11.1): it beats a pin written before
   * `at` and loses to one written after.
   */
  | { kind: 'unpin'; service: ServiceName; sessionId: string; at: number };

/** What an instance holds locally, sent when the store (re)connects (docs/behaviour.md §11). */
export interface LocalSeed {
  /** Cooldowns still running: extended in the store (never shortened). */
  cooldowns: Extract<SharedChange, { kind: 'cooldown' }>[];
  /** Exhaustion as state.json has it: written only where the store knows nothing of that key. */
  exhaustion: Extract<SharedChange, { kind: 'exhaust' }>[];
}

export interface SharedPort {
  /** Starts connecting; `seed` is asked for the local state on every (re)connect. */
  start(seed: () => LocalSeed): void;
  stop(): Promise<void>;
  /** Queued and sent in the background; kept (coalesced) while the store is unreachable. */
  write(change: SharedChange): void;
  /** Changes other instances made, and everything the store holds after each (re)connect. */
  onRemote(listener: (change: SharedChange) => void): () => void;
  onStatus(listener: (status: SharedStatus) => void): () => void;
  status(): SharedStatus;
}

export function sharedKeyOf(
  service: ServiceName,
  tags: Readonly<Record<string, string>>,
  baseUrl: string,
): SharedKey | null {
  const provider = tags.provider_id;
  const endpoint = tags.endpoint_id;
  // Untagged upstreams have ids made of station names and positions, which differ between people.
  if (provider === undefined || endpoint === undefined) return null;
  return `${service}/${provider}/${endpoint}|${baseUrl}`;
}
