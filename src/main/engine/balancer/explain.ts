// Explain the next pick (docs/behaviour.md §2.6, §2.7): which upstream the next request would use,
// the rule that chose it, and why each one before it is passed over. Mirrors select() in strict
// mode, the proxy's mode.
import type { PickRule, SkippedUpstream, SkipReason } from '../../../shared/snapshot';
import { keyProblem, pick, type PickInput } from './select';

export interface ExplainInput extends PickInput {
  now: number;
  model?: string | undefined;
}

export interface SkipWhy {
  reason: SkipReason;
  detail: string;
  until: number | null;
}

/**
 * The first reason that applies, in the order the UI lists conditions ("Key missing" first);
 * null when the upstream could take the request.
 */
export function skipReasonOf(input: ExplainInput, i: number): SkipWhy | null {
  const { state, station, threshold, now, isSupported, model } = input;
  const key = keyProblem(station, i, input.env);
  if (key !== null) return { reason: 'key-missing', detail: key, until: null };
  if (station.upstreams[i]?.enabled === false)
    return { reason: 'disabled', detail: '', until: null };
  if (isSupported && !isSupported(i)) {
    return { reason: 'unsupported model', detail: model ?? '', until: null };
  }
  if (state.usageExhausted[i]) {
    return { reason: 'exhausted', detail: state.exhaustedReason[i] ?? '', until: null };
  }
  const until = state.cooldownUntil[i] ?? null;
  if (until !== null && until > now) {
    return { reason: 'cooling', detail: `${Math.ceil((until - now) / 1000)}s left`, until };
  }
  const count = state.failureCounts[i] ?? 0;
  if (count >= threshold) {
    return { reason: 'failures', detail: `${count}/${threshold}`, until: null };
  }
  return null;
}

/** A healthy upstream passed over because a rule that outranks list order chose another. */
function ruleReason(rule: PickRule): SkipReason | null {
  if (rule === 'sticky' || rule === 'pinned' || rule === 'session') return rule;
  return null;
}

export interface Explained {
  index: number | null;
  rule: PickRule | null;
  skipped: SkippedUpstream[];
}

/**
 * Upstreams before the pick are listed with the first reason that applies; a healthy one passed
 * over because the sticky (or the session's) pick comes later is listed with that rule. With no
 * pick, every upstream that has a reason is listed.
 */
export function explainPick(input: ExplainInput): Explained {
  const chosen = pick({ ...input, strict: true });
  const end = chosen ? chosen.index : input.station.upstreams.length;
  const byRule = chosen ? ruleReason(chosen.rule) : null;
  const skipped: SkippedUpstream[] = [];
  for (let i = 0; i < end; i++) {
    const why = skipReasonOf(input, i);
    if (why) skipped.push({ index: i, reason: why.reason, detail: why.detail, until: why.until });
    else if (byRule) skipped.push({ index: i, reason: byRule, detail: '', until: null });
  }
  return { index: chosen ? chosen.index : null, rule: chosen ? chosen.rule : null, skipped };
}

/** "is cooling (12s left)": how the request log says why a session's upstream was passed over. */
export function describeSkip(why: SkipWhy | null): string {
  if (why === null) return 'was passed over';
  const d = why.detail;
  switch (why.reason) {
    case 'key-missing':
      return `has no key (${d})`;
    case 'disabled':
      return 'is disabled';
    case 'unsupported model':
      return `does not support model ${d}`;
    case 'exhausted':
      return d ? `is exhausted (${d})` : 'is exhausted';
    case 'cooling':
      return `is cooling (${d})`;
    case 'failures':
      return `has failures ${d}`;
    default:
      return 'was passed over';
  }
}
