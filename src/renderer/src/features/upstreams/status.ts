// The status text of an upstream row (docs/behaviour.md §6.1): every condition that
// applies, in a fixed order and wording, or "Healthy".
import { formatMinSec, translator, type Locale, type Translate } from '../../../../shared/i18n';
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

export function statusConditions(
  u: StatusInput,
  threshold: number,
  now: number,
  t: Translate = translator('en'),
  locale: Locale = 'en',
): Condition[] {
  const out: Condition[] = [];
  // An upstream whose key is missing cannot be picked at all (docs/behaviour.md §2.7), so it leads.
  if (u.authProblem) out.push({ kind: 'key-missing', text: t('up.cond.keyMissing') });
  if (!u.enabled) out.push({ kind: 'disabled', text: t('up.cond.disabled') });
  if (u.usageExhausted) out.push({ kind: 'exhausted', text: t('up.cond.exhausted') });
  const cooling = u.cooldownUntil !== null && u.cooldownUntil > now;
  if (cooling && u.cooldownUntil !== null) {
    const time = countdown(u.cooldownUntil, now, locale);
    out.push({ kind: 'cooling', text: t('up.cond.cooling', { time }) });
  }
  // The count says how close an upstream is to cooling. While it cools the count is the
  // balancer's bookkeeping (a failover sets it to the threshold at once), and shown beside
  // "1 failed" it read as a contradiction; a cooldown that has run out clears the count at the
  // next pick (§2.3 step 2). So it shows only on its own.
  if (u.failureCount > 0 && u.cooldownUntil === null) {
    const count = u.failureCount;
    out.push({ kind: 'failures', text: t('up.cond.failures', { count, threshold }) });
  }
  if (out.length === 0) out.push({ kind: 'healthy', text: t('up.cond.healthy') });
  return out;
}

/** One line per upstream the next pick passes over, e.g. "Skipped #1 Relay A: cooling down (12s left)". */
export function explainSkips(
  skipped: readonly SkippedUpstream[],
  nameAt: (index: number) => string,
  t: Translate = translator('en'),
): string[] {
  return skipped.map((s) => {
    const params = { n: s.index + 1, name: nameAt(s.index), reason: t(`up.skip.${s.reason}`) };
    return s.detail
      ? t('up.skippedDetail', { ...params, detail: s.detail })
      : t('up.skipped', params);
  });
}
