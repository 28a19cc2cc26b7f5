// The status text of an upstream row (docs/behaviour.md §6.1): every condition that
// applies, in a fixed order and wording, or "Healthy".
import { formatMinSec, type Locale } from '../../../../shared/i18n';
import type { SkippedUpstream, UpstreamSnapshot } from '../../../../shared/snapshot';

export type ConditionKind =
  'key-missing' | 'disabled' | 'exhausted' | 'cooling' | 'failures' | 'healthy';

export interface Condition {
  kind: ConditionKind;
  text: string;
}

type StatusInput = Pick<
  UpstreamSnapshot,
  'enabled' | 'usageExhausted' | 'cooldownUntil' | 'failureCount'
> &
  Partial<Pick<UpstreamSnapshot, 'authProblem'>>;

/** Whole seconds left, rounded up so "Cooling 1s" shows until the very end. */
export function secondsLeft(until: number, now: number): number {
  return Math.max(0, Math.ceil((until - now) / 1000));
}

/** "27s", or "4m 46s" from a minute up: the same words in the pill and in "why?". */
export function countdown(until: number, now: number, locale: Locale = 'en'): string {
  return formatMinSec(secondsLeft(until, now), locale);
}

export function statusConditions(u: StatusInput, threshold: number, now: number): Condition[] {
  const out: Condition[] = [];
  // An upstream whose key is missing cannot be picked at all (docs/behaviour.md §2.7), so it leads.
  if (u.authProblem) out.push({ kind: 'key-missing', text: 'Key missing' });
  if (!u.enabled) out.push({ kind: 'disabled', text: 'Disabled' });
  if (u.usageExhausted) out.push({ kind: 'exhausted', text: 'Exhausted' });
  const cooling = u.cooldownUntil !== null && u.cooldownUntil > now;
  if (cooling && u.cooldownUntil !== null) {
    out.push({ kind: 'cooling', text: `Cooling ${countdown(u.cooldownUntil, now)}` });
  }
  // The count says how close an upstream is to cooling. While it cools the count is the
  // balancer's bookkeeping (a failover sets it to the threshold at once), and shown beside
  // "1 failed" it read as a contradiction; a cooldown that has run out clears the count at the
  // next pick (§2.3 step 2). So it shows only on its own.
  if (u.failureCount > 0 && u.cooldownUntil === null) {
    out.push({ kind: 'failures', text: `Failures ${u.failureCount}/${threshold}` });
  }
  if (out.length === 0) out.push({ kind: 'healthy', text: 'Healthy' });
  return out;
}

const SKIP_WORDS: Record<SkippedUpstream['reason'], string> = {
  'key-missing': 'key missing',
  disabled: 'disabled',
  exhausted: 'usage exhausted',
  cooling: 'cooling down',
  failures: 'too many failures',
  'unsupported model': 'model not supported',
  sticky: 'staying on the last good upstream',
  pinned: 'the session is pinned elsewhere',
  session: 'the session stays on its upstream',
};

/** One line per upstream the next pick passes over, e.g. "#1 Relay A: cooling down (12s left)". */
export function explainSkips(
  skipped: readonly SkippedUpstream[],
  nameAt: (index: number) => string,
): string[] {
  return skipped.map((s) => {
    const detail = s.detail ? ` (${s.detail})` : '';
    return `#${s.index + 1} ${nameAt(s.index)}: ${SKIP_WORDS[s.reason]}${detail}`;
  });
}
