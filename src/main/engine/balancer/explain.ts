// Explain the next pick (docs/behaviour.md §2.6): which upstream the next request would use and why
// each one before it is passed over. Mirrors select() in strict mode, the proxy's mode.
import type { SkippedUpstream, SkipReason } from '../../../shared/snapshot';
import type { NextPick, StationState, StationView } from '../types';
import { isEnabled, pick } from './select';

export interface ExplainInput {
  state: StationState;
  station: StationView;
  threshold: number;
  now: number;
  isSupported?: (index: number) => boolean;
  model?: string;
}

/** The first reason that applies, in the order the UI lists conditions; null when healthy. */
export function skipReasonOf(
  input: ExplainInput,
  i: number,
): { reason: SkipReason; detail: string } | null {
  const { state, station, threshold, now, isSupported, model } = input;
  if (!isEnabled(station, i)) return { reason: 'disabled', detail: '' };
  if (isSupported && !isSupported(i)) return { reason: 'unsupported model', detail: model ?? '' };
  if (state.usageExhausted[i]) {
    return { reason: 'exhausted', detail: state.exhaustedReason[i] ?? '' };
  }
  const until = state.cooldownUntil[i] ?? null;
  if (until !== null && until > now) {
    return { reason: 'cooling', detail: `${Math.ceil((until - now) / 1000)}s left` };
  }
  const count = state.failureCounts[i] ?? 0;
  if (count >= threshold) return { reason: 'failures', detail: `${count}/${threshold}` };
  return null;
}

/**
 * Upstreams before the pick that have a reason are listed; a healthy upstream passed over only
 * because the sticky pick comes later is not listed (it has nothing wrong to show). With no pick,
 * every upstream that has a reason is listed.
 */
export function explainPick(input: ExplainInput): NextPick {
  const { state, station, threshold, isSupported } = input;
  const avoid = new Set<number>();
  if (isSupported) {
    station.upstreams.forEach((_, i) => {
      if (!isSupported(i)) avoid.add(i);
    });
  }
  const chosen = pick({ state, station, threshold, avoid, strict: true });
  const end = chosen ? chosen.index : station.upstreams.length;
  const skipped: SkippedUpstream[] = [];
  for (let i = 0; i < end; i++) {
    const why = skipReasonOf(input, i);
    if (why) skipped.push({ index: i, ...why });
  }
  return { index: chosen ? chosen.index : null, skipped };
}
