// "No upstream can take a request" (docs/behaviour.md §2.7, §3.7): over a service's whole try
// order, is anything selectable now; if not, when does a cooldown end that makes something
// selectable again, and what keeps each upstream out.
import { upstreamId } from '../../../shared/config-types';
import type { SkipReason } from '../../../shared/snapshot';
import { skipReasonOf, type ExplainInput } from './explain';
import { keyProblem, pick } from './select';

export interface Availability {
  available: boolean;
  /** Not available: the first cooldown end after which an upstream is selectable again. */
  availableAgainAt: number | null;
}

export interface Blocked extends Availability {
  /** One line per upstream that cannot take the request, e.g. `relay-a/default in station "main": disabled`. */
  reasons: string[];
  /** How many upstreams each first reason keeps out (with reasons only). */
  tally: Partial<Record<SkipReason, number>>;
}

const WORDS: Record<SkipReason, string> = {
  'key-missing': 'key missing',
  disabled: 'disabled',
  'unsupported model': 'model not supported',
  exhausted: 'exhausted',
  cooling: 'cooling',
  failures: 'too many failures',
  sticky: 'not the last good',
  pinned: 'not the pinned upstream',
  session: "not the session's upstream",
};

/** Upstream `i` is kept out only by its cooldown (and the failures that caused it). */
function freesWhenCooled(input: ExplainInput, i: number): boolean {
  return (
    input.station.upstreams[i]?.enabled !== false &&
    (input.exhaustedFallback || !input.state.usageExhausted[i]) &&
    (input.isSupported === undefined || input.isSupported(i)) &&
    keyProblem(input.station, i, input.env) === null
  );
}

/**
 * `inputs`: one strict, session-less pick input per station of the try order, cooldowns already
 * expired. With `withReasons` false nothing is allocated per upstream (the snapshot's case).
 */
export function availabilityOf(inputs: readonly ExplainInput[], withReasons: boolean): Blocked {
  for (const input of inputs) {
    if (pick(input) !== null) {
      return { available: true, availableAgainAt: null, reasons: [], tally: {} };
    }
  }
  let earliest: number | null = null;
  const reasons: string[] = [];
  const tally: Partial<Record<SkipReason, number>> = {};
  for (const input of inputs) {
    const { state, station, now } = input;
    for (let i = 0; i < station.upstreams.length; i++) {
      const until = state.cooldownUntil[i] ?? null;
      const frees = until !== null && until > now && freesWhenCooled(input, i);
      if (frees && until !== null && (earliest === null || until < earliest)) earliest = until;
      if (!withReasons) continue;
      const why = skipReasonOf(input, i);
      if (!why) continue;
      // Counted by what frees it: an exhausted last resort that is cooling frees with its cooldown.
      const counted = frees ? 'cooling' : why.reason;
      tally[counted] = (tally[counted] ?? 0) + 1;
      const up = station.upstreams[i]!;
      const detail = why.detail ? ` (${why.detail})` : '';
      reasons.push(
        `${upstreamId(station.name, i, up.tags)} in station "${station.name}": ${WORDS[why.reason]}${detail}`,
      );
    }
  }
  return { available: false, availableAgainAt: earliest, reasons, tally };
}
