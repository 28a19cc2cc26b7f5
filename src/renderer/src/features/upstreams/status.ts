// The status text of an upstream row (docs/behaviour.md §6.1): every condition that
// applies, in a fixed order and wording, or "Healthy".
import type { SkippedUpstream, UpstreamSnapshot } from '../../../../shared/snapshot';

export type ConditionKind = 'disabled' | 'exhausted' | 'cooling' | 'failures' | 'healthy';

export interface Condition {
  kind: ConditionKind;
  text: string;
}

type StatusInput = Pick<
  UpstreamSnapshot,
  'enabled' | 'usageExhausted' | 'cooldownUntil' | 'failureCount'
>;

/** Whole seconds left, rounded up so "Cooling 1s" shows until the very end. */
export function secondsLeft(until: number, now: number): number {
  return Math.max(0, Math.ceil((until - now) / 1000));
}

export function statusConditions(u: StatusInput, threshold: number, now: number): Condition[] {
  const out: Condition[] = [];
  if (!u.enabled) out.push({ kind: 'disabled', text: 'Disabled' });
  if (u.usageExhausted) out.push({ kind: 'exhausted', text: 'Exhausted' });
  const cooling = u.cooldownUntil !== null && u.cooldownUntil > now;
  if (cooling && u.cooldownUntil !== null) {
    out.push({ kind: 'cooling', text: `Cooling ${secondsLeft(u.cooldownUntil, now)}s` });
  }
  // A cooldown that has run out clears the count at the balancer's next pick (§2.3 step 2), so
  // the stale count is not shown as a live problem.
  const expired = u.cooldownUntil !== null && !cooling;
  if (u.failureCount > 0 && !expired) {
    out.push({ kind: 'failures', text: `Failures ${u.failureCount}/${threshold}` });
  }
  if (out.length === 0) out.push({ kind: 'healthy', text: 'Healthy' });
  return out;
}

export function statusText(u: StatusInput, threshold: number, now: number): string {
  return statusConditions(u, threshold, now)
    .map((c) => c.text)
    .join(' · ');
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
