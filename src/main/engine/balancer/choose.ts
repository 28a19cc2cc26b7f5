// Picking over live state (docs/behaviour.md §2.3, §2.6, §2.7): each query expires passed
// cooldowns, builds the pick input from the station's state, the policy and the request's session,
// and hands it to select.ts, explain.ts or availability.ts. `choose` runs on every request.
import type { NextPick, SelectOptions, SessionRoute, StationState, StationView } from '../types';
import { availabilityOf, type Blocked } from './availability';
import { emit, thresholdOf, type BalancerCore } from './core';
import { describeSkip, explainPick, skipReasonOf, type ExplainInput } from './explain';
import { indexOfSignature } from './layout';
import { expireCooldowns, pick, selectable, type Pick } from './select';
import { entry } from './stations';

const NO_AVOID: ReadonlySet<number> = new Set();

/** The pick and the rule that made it (§2.7); fills in the session route's outcome. */
export function choose(core: BalancerCore, station: StationView, opts: SelectOptions): Pick | null {
  if (station.upstreams.length === 0) return null;
  const state = entry(core, station);
  const now = core.clock.now();
  if (expireCooldowns(state, now)) emit(core);
  const input = pickInput(core, station, state, now, opts);
  const chosen = pick(input);
  const route = opts.session;
  const own = input.pinned >= 0 ? input.pinned : input.bound;
  if (route && own >= 0) {
    if (chosen && chosen.index === own && (chosen.rule === 'pinned' || chosen.rule === 'session')) {
      route.tried = true;
    } else if (!input.avoid.has(own) && route.passedOver === null) {
      route.passedOver = describeSkip(skipReasonOf(input, own));
    }
  }
  return chosen;
}

export function explainNext(
  core: BalancerCore,
  station: StationView,
  isSupported?: (index: number) => boolean,
  model?: string,
  session?: SessionRoute | null,
): NextPick {
  const state = entry(core, station);
  const now = core.clock.now();
  if (expireCooldowns(state, now)) emit(core);
  const input = pickInput(core, station, state, now, { isSupported, session: session ?? null });
  return explainPick({ ...input, model });
}

/** Whether anything in `stations` (a try order) can take a request (§2.7, §3.7). */
export function availabilityNow(
  core: BalancerCore,
  stations: readonly StationView[],
  opts: {
    isSupported?: (station: StationView, index: number) => boolean;
    model?: string;
    withReasons?: boolean;
  },
): Blocked {
  const now = core.clock.now();
  const { isSupported, model } = opts;
  const inputs = stations.map((station) => {
    const state = entry(core, station);
    if (expireCooldowns(state, now)) emit(core);
    const supported = isSupported ? (i: number) => isSupported(station, i) : undefined;
    return {
      ...pickInput(core, station, state, now, { isSupported: supported, strict: true }),
      model,
    };
  });
  return availabilityOf(inputs, opts.withReasons ?? false);
}

/** The first upstream in list order a request without a session could take (§2.7), or null. */
export function firstSelectable(core: BalancerCore, station: StationView): number | null {
  const state = entry(core, station);
  const now = core.clock.now();
  if (expireCooldowns(state, now)) emit(core);
  const input = pickInput(core, station, state, now, { strict: true });
  for (let i = 0; i < station.upstreams.length; i++) {
    if (skipReasonOf(input, i) === null) return i;
  }
  return null;
}

/** The station holding the session's pinned, else bound, upstream while it is selectable. */
export function sessionStation(
  core: BalancerCore,
  route: SessionRoute | null,
  stations: readonly StationView[],
): string | null {
  if (route === null) return null;
  const now = core.clock.now();
  for (const own of [route.pin, route.binding]) {
    const station = own ? stations.find((s) => s.name === own.station) : undefined;
    if (!own || !station) continue;
    const index = indexOfSignature(station, own.signature);
    if (index < 0) continue;
    const state = entry(core, station);
    if (expireCooldowns(state, now)) emit(core);
    if (selectable(pickInput(core, station, state, now, { strict: true }), index)) {
      return station.name;
    }
  }
  return null;
}

/** The index in `station` of a session's upstream, or -1 when it is elsewhere or gone. */
function indexHere(station: StationView, e: { station: string; signature: string } | null): number {
  return e && e.station === station.name ? indexOfSignature(station, e.signature) : -1;
}

function pickInput(
  core: BalancerCore,
  station: StationView,
  state: StationState,
  now: number,
  opts: SelectOptions,
): ExplainInput {
  const route = opts.session ?? null;
  const policy = core.policy;
  const secs = policy.returnToPreferredSecs ?? 0;
  const fresh = route === null || (route.pin === null && route.binding === null);
  return {
    state,
    station,
    threshold: thresholdOf(policy),
    avoid: opts.avoid ?? NO_AVOID,
    strict: opts.strict ?? false,
    env: core.env,
    exhaustedFallback: policy.exhaustedFallback !== false,
    isSupported: opts.isSupported,
    pinned: indexHere(station, route?.pin ?? null),
    bound: indexHere(station, route?.binding ?? null),
    returnDue:
      secs > 0 && fresh && state.lastGoodSince !== null && now - state.lastGoodSince >= secs * 1000,
    now,
  };
}
