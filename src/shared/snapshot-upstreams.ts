// The snapshot's stations and upstreams (docs/behaviour.md §6): each upstream's state, stats,
// cost and balance, and the next pick with the reasons upstreams are passed over (§2.7).
// Imported through snapshot.ts.
import type { BalanceKind } from './config-types';
import type { MessageRef } from './message-ref';

/**
 * Why the next pick passes over an upstream (docs/behaviour.md §2.7). `sticky`, `pinned` and
 * `session` name a healthy upstream passed over because that rule chose a later one.
 */
export type SkipReason =
  | 'key-missing'
  | 'disabled'
  | 'unsupported model'
  | 'exhausted'
  | 'cooling'
  | 'failures'
  | 'sticky'
  | 'pinned'
  | 'session';

export interface SkippedUpstream {
  readonly index: number;
  readonly reason: SkipReason;
  /** e.g. "12s left", "3/3", "RELAY_A_KEY quota exhausted", "RELAY_A_KEY is not set". */
  readonly detail: string;
  /** For `cooling`: the cooldown's end (epoch ms), so a countdown can tick; otherwise null. */
  readonly until: number | null;
}

/** The selection rule that made a pick (docs/behaviour.md §2.7), first that applies wins. */
export type PickRule =
  'pinned' | 'session' | 'return-to-preferred' | 'sticky' | 'in-order' | 'exhausted-fallback';

export interface NextPick {
  /** null when nothing is selectable. */
  readonly index: number | null;
  /** The rule that chose `index`; null when nothing is selectable. */
  readonly rule: PickRule | null;
  readonly skipped: readonly SkippedUpstream[];
}

export type AuthSource = `env:${string}` | 'inline' | 'client';

export interface UpstreamStats {
  readonly requests: number;
  readonly failures: number;
  readonly lastStatus: number | null;
  readonly lastLatencyMs: number | null;
}

export interface UpstreamTestResult {
  readonly at: number;
  readonly status: number | null;
  readonly latencyMs: number | null;
  readonly ok: boolean;
  readonly error: string | null;
}

/** Who marked an upstream exhausted: the user's click, a balance poll, or a quota error. */
export type ExhaustSource = 'user' | 'balance' | 'quota-error';

/** The last balance poll of an upstream (docs/behaviour.md §9). */
export interface BalanceSnapshot {
  /** In `currency`; null when the last poll failed before any success. */
  readonly remaining: number | null;
  readonly limit: number | null;
  readonly used: number | null;
  readonly currency: string;
  readonly unlimited: boolean;
  /** Epoch ms of the last poll (successful or not). */
  readonly checkedAt: number;
  /** Why the last poll failed (no secret); null when it succeeded. */
  readonly error: string | null;
}

/** The upstream's balance source as configured (camelCase; for the edit dialog). */
export interface BalanceSourceSnapshot {
  readonly kind: BalanceKind;
  readonly intervalSecs: number;
  readonly exhaustBelow: number;
  readonly endpoint: string | null;
  readonly remainingPath: string | null;
  readonly divisor: number | null;
  readonly currency: string | null;
}

export interface UpstreamSnapshot {
  readonly index: number;
  readonly id: string;
  readonly baseUrl: string;
  /** host:port exactly as in the URL (port only when the URL has one). */
  readonly host: string;
  readonly alias: string | null;
  readonly enabled: boolean;
  readonly authSource: AuthSource;
  /**
   * Set when the key is missing (status "Key missing", never selected): a credential header
   * names an environment variable that is not set and has no inline secret, e.g.
   * "RELAY_A_KEY is not set". null when the key is present.
   */
  readonly authProblem: string | null;
  /** `authProblem` for the UI to translate (docs/behaviour.md §8.6). */
  readonly authProblemMessage: MessageRef | null;
  /** The key's variable came from the login shell's profile, not the app's environment (§8.5). */
  readonly keyFromShell: boolean;
  /** Env var names only (never values), for the edit dialog. */
  readonly authTokenEnv: string | null;
  readonly apiKeyEnv: string | null;
  /** Whether an inline secret is stored (its value never leaves main). */
  readonly hasInlineToken: boolean;
  readonly hasInlineApiKey: boolean;
  readonly tags: Readonly<Record<string, string>>;
  /** True when the upstream has both provider_id and endpoint_id tags (state follows moves). */
  readonly tagged: boolean;
  readonly supportedModels: Readonly<Record<string, boolean>>;
  readonly modelMapping: Readonly<Record<string, string>>;
  readonly failureCount: number;
  /** Epoch ms, or null. */
  readonly cooldownUntil: number | null;
  readonly penaltyStreak: number;
  readonly usageExhausted: boolean;
  readonly exhaustedReason: string | null;
  readonly exhaustedBy: ExhaustSource | null;
  /**
   * `exhaustedReason` as id + params for the UI's language when the app wrote it (a balance at or
   * below its threshold); null for a relay's own words, shown as they are (docs/behaviour.md §8.6).
   */
  readonly exhaustedMessage: MessageRef | null;
  readonly sticky: boolean;
  readonly stats: UpstreamStats;
  readonly lastTest: UpstreamTestResult | null;
  /** Relay price = list price × this (1 when not set). */
  readonly priceMultiplier: number;
  /** USD since local midnight / since the 1st of the month, priced requests only. */
  readonly costTodayUsd: number;
  readonly costMonthUsd: number;
  readonly balanceSource: BalanceSourceSnapshot | null;
  readonly balance: BalanceSnapshot | null;
}

export interface StationSnapshot {
  readonly name: string;
  readonly alias: string | null;
  readonly enabled: boolean;
  readonly level: number;
  readonly active: boolean;
  readonly lastGoodIndex: number | null;
  readonly nextPick: NextPick;
  readonly upstreams: readonly UpstreamSnapshot[];
}
