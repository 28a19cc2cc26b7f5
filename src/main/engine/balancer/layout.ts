// Upstream signatures and layout migration (docs/behaviour.md §2.2): state follows an upstream
// across edits when its identity (station, provider_id, endpoint_id, base_url) is unchanged.
import { upstreamId } from '../../../shared/config-types';
import type { StationState, StationView } from '../types';

type SignatureSource = { base_url: string; tags: Record<string, string> };

/** `{station}/{upstream id}|{base_url}`: the id (with its defaults) is the one the app shows. */
export function upstreamSignature(stationName: string, index: number, u: SignatureSource): string {
  return `${stationName}/${upstreamId(stationName, index, u.tags)}|${u.base_url}`;
}

export function stationSignatures(station: StationView): string[] {
  return station.upstreams.map((u, i) => upstreamSignature(station.name, i, u));
}

interface Layout {
  name: string;
  signatures: readonly string[];
  duplicates: boolean;
  /** Built on first use (session lookups only). */
  bySignature: Map<string, number> | null;
}

// select and recordResult run ensureLayout on every request. Config objects are replaced, never
// mutated, on load and save, so an upstreams array stands for one layout as long as it lives;
// the station name is checked too because it is part of every signature.
const layoutCache = new WeakMap<StationView['upstreams'], Layout>();

function layoutOf(station: StationView): Layout {
  const cached = layoutCache.get(station.upstreams);
  if (cached && cached.name === station.name) return cached;
  const signatures = stationSignatures(station);
  const layout: Layout = {
    name: station.name,
    signatures,
    duplicates: hasDuplicates(signatures),
    bySignature: null,
  };
  layoutCache.set(station.upstreams, layout);
  return layout;
}

/** The current index of the upstream with this signature in the station, or -1. */
export function indexOfSignature(station: StationView, signature: string): number {
  const layout = layoutOf(station);
  if (layout.bySignature === null) {
    const map = new Map<string, number>();
    layout.signatures.forEach((sig, i) => map.set(sig, i));
    layout.bySignature = map;
  }
  return layout.bySignature.get(signature) ?? -1;
}

export function signatureAt(station: StationView, index: number): string | undefined {
  return layoutOf(station).signatures[index];
}

export function emptyState(signatures: string[]): StationState {
  const n = signatures.length;
  return {
    signatures,
    failureCounts: new Array<number>(n).fill(0),
    cooldownUntil: new Array<number | null>(n).fill(null),
    usageExhausted: new Array<boolean>(n).fill(false),
    exhaustedReason: new Array<string | null>(n).fill(null),
    exhaustedBy: new Array<StationState['exhaustedBy'][number]>(n).fill(null),
    penaltyStreak: new Array<number>(n).fill(0),
    lastGoodIndex: null,
    lastGoodSince: null,
  };
}

export function cloneState(s: StationState): StationState {
  return {
    signatures: [...s.signatures],
    failureCounts: [...s.failureCounts],
    cooldownUntil: [...s.cooldownUntil],
    usageExhausted: [...s.usageExhausted],
    exhaustedReason: [...s.exhaustedReason],
    exhaustedBy: [...s.exhaustedBy],
    penaltyStreak: [...s.penaltyStreak],
    lastGoodIndex: s.lastGoodIndex,
    lastGoodSince: s.lastGoodSince,
  };
}

function hasDuplicates(values: readonly string[]): boolean {
  return new Set(values).size !== values.length;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function vectorsFit(s: StationState, n: number): boolean {
  return (
    s.failureCounts.length === n &&
    s.cooldownUntil.length === n &&
    s.usageExhausted.length === n &&
    s.exhaustedReason.length === n &&
    s.exhaustedBy.length === n &&
    s.penaltyStreak.length === n
  );
}

/**
 * Brings `old` (possibly undefined) to the station's current layout. Returns the same object
 * when nothing had to change, otherwise a new state.
 */
// A state's signature list found equal to a layout's stays equal while neither is replaced (both
// are replaced, never mutated: config objects on load and save, state.signatures on rename and
// re-tagging), so the O(n) comparison runs once per layout instead of on every request.
const matchedLayout = new WeakMap<readonly string[], Layout>();

function fits(old: StationState, layout: Layout): boolean {
  if (matchedLayout.get(old.signatures) !== layout) {
    if (!sameList(old.signatures, layout.signatures)) return false;
    matchedLayout.set(old.signatures, layout);
  }
  return vectorsFit(old, layout.signatures.length);
}

export function ensureLayout(old: StationState | undefined, station: StationView): StationState {
  const layout = layoutOf(station);
  const { signatures, duplicates } = layout;
  // Duplicate identities make "which slot is which" unanswerable, so nothing can be carried.
  if (duplicates) {
    if (old && fits(old, layout)) {
      // Already reset for this exact layout; resetting again on every call would wipe fresh
      // counts, which the reference does but which would make such a station unusable.
      return old;
    }
    return emptyState([...signatures]);
  }
  if (old && fits(old, layout)) return old;
  return migrate(
    old,
    [...signatures],
    station.upstreams.map((u) => u.base_url),
  );
}

function migrate(
  old: StationState | undefined,
  signatures: string[],
  baseUrls: string[],
): StationState {
  if (!old || old.signatures.length === 0 || hasDuplicates(old.signatures)) {
    return emptyState(signatures);
  }
  const oldIndexBySignature = new Map<string, number>();
  old.signatures.forEach((sig, i) => oldIndexBySignature.set(sig, i));
  // The URL-only fallback upgrades state stored by older versions; with duplicate URLs it could
  // hand one upstream's state to another, so it is only used when the URLs are unambiguous.
  const urlFallback = !hasDuplicates(baseUrls);

  const next = emptyState(signatures);
  signatures.forEach((sig, newIndex) => {
    let oldIndex = oldIndexBySignature.get(sig);
    if (oldIndex === undefined && urlFallback) {
      const url = baseUrls[newIndex];
      if (url !== undefined) oldIndex = oldIndexBySignature.get(url);
    }
    if (oldIndex === undefined) return;
    next.failureCounts[newIndex] = old.failureCounts[oldIndex] ?? 0;
    next.cooldownUntil[newIndex] = old.cooldownUntil[oldIndex] ?? null;
    next.usageExhausted[newIndex] = old.usageExhausted[oldIndex] ?? false;
    next.exhaustedReason[newIndex] = old.exhaustedReason[oldIndex] ?? null;
    next.exhaustedBy[newIndex] = old.exhaustedBy[oldIndex] ?? null;
    next.penaltyStreak[newIndex] = old.penaltyStreak[oldIndex] ?? 0;
  });

  if (old.lastGoodIndex !== null) {
    const oldSig = old.signatures[old.lastGoodIndex];
    if (oldSig !== undefined) {
      let idx = signatures.indexOf(oldSig);
      if (idx < 0 && urlFallback) idx = baseUrls.indexOf(oldSig);
      next.lastGoodIndex = idx >= 0 ? idx : null;
      next.lastGoodSince = idx >= 0 ? old.lastGoodSince : null;
    }
  }
  return next;
}

/**
 * Rewrites a signature from one station name to another so the state migrates cleanly after a
 * rename: both the station prefix and the position-derived default provider id
 * (`{station}#{index}`, see `upstreamIdParts`) carry the name.
 */
export function renameSignature(sig: string, from: string, to: string): string {
  const prefix = `${from}/`;
  if (!sig.startsWith(prefix)) return sig;
  const rest = sig.slice(prefix.length);
  const defaultId = new RegExp(`^${escapeRegExp(from)}#(\\d+)/(\\d+)\\|`).exec(rest);
  if (defaultId && defaultId[1] === defaultId[2]) {
    return `${to}/${to}#${rest.slice(from.length + 1)}`;
  }
  return `${to}/${rest}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
