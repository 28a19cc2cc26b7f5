// The snapshot's requests (docs/behaviour.md §4, §6): one finished request with its attempts and
// usage, and the metrics over the last hour. Imported through snapshot.ts.
import type { ServiceName } from './config-types';

/** How a request with a session id was routed (docs/behaviour.md §2.7). */
export type Affinity = 'new' | 'kept' | 'moved';

export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
  readonly reasoningTokens: number;
  readonly cachedInputTokens: number;
  readonly cacheCreationTokens: number;
}

export type AttemptDecision =
  'success' | 'retry-same' | 'failover' | 'skip-unsupported' | 'exhausted' | 'returned' | 'aborted';

export interface AttemptRecord {
  readonly upstream: string;
  readonly station: string;
  readonly host: string;
  readonly status: number | null;
  /** Transport error class (`connect`, `reset`, `timeout`, …) or error text, redacted. */
  readonly error: string | null;
  readonly decision: AttemptDecision;
  readonly cooldownSecs: number | null;
  readonly durationMs: number;
}

export interface RequestSummary {
  readonly time: number;
  readonly requestId: string;
  readonly service: ServiceName;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly durationMs: number;
  readonly ttfbMs: number | null;
  readonly sessionId: string | null;
  readonly model: string | null;
  readonly mappedModel: string | null;
  readonly station: string | null;
  readonly upstream: { readonly id: string; readonly host: string } | null;
  readonly usage: TokenUsage | null;
  /** USD at the upstream's price; null when the model has no price or there was no usage. */
  readonly costUsd: number | null;
  readonly attempts: readonly AttemptRecord[];
  /** Error text shown to the user (redacted), null on success. */
  readonly error: string | null;
  /** With a session id and session affinity on: kept on, new to, or moved off its upstream. */
  readonly affinity?: Affinity;
  /** Why a session moved (or why a binding was dropped); only beside `affinity`. */
  readonly affinityReason?: string | null;
}

export interface MetricsSnapshot {
  readonly lastHour: {
    readonly requests: number;
    readonly successes: number;
    readonly failovers: number;
  };
  /** Tokens per upstream id since local midnight. */
  readonly tokensToday: Readonly<Record<string, number>>;
  /** One bucket per minute over the last 15 minutes, oldest first. */
  readonly perMinute: readonly {
    readonly minute: number;
    readonly upstream: string;
    readonly requests: number;
    readonly failures: number;
    readonly avgLatencyMs: number;
  }[];
}
