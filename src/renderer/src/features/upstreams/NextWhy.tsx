// "Next" and its "why?": the rule that decided the pick (docs/behaviour.md §2.7), then every
// upstream passed over and why, with cooldowns counting down like the pills.
import type { StationSnapshot } from '../../../../shared/snapshot';
import { displayName } from '../../lib/upstream-names';
import { countdown, explainSkips } from './status';

function nameAt(station: StationSnapshot, i: number): string {
  const u = station.upstreams[i];
  return u ? displayName(u) : `upstream ${i + 1}`;
}

/** One sentence naming the rule that chose the next upstream. */
export function ruleLine(station: StationSnapshot): string | null {
  const { index, rule } = station.nextPick;
  if (index === null || rule === null) return null;
  const name = nameAt(station, index);
  switch (rule) {
    case 'pinned':
      return `The conversation is pinned to ${name}.`;
    case 'session':
      return `The conversation stays on ${name}, which answered it last.`;
    case 'return-to-preferred':
      return `New requests went back to ${name}, the first upstream, after the return-to-preferred time.`;
    case 'sticky':
      return `Staying with ${name}: it answered last, and the last good upstream stays next until it fails, even when upstreams above it are fine again.`;
    case 'in-order':
      return `${name} is the first upstream that can take a request.`;
    case 'exhausted-fallback':
      return `Every upstream is exhausted, so ${name} is tried as a last resort.`;
  }
}

export function skipLines(station: StationSnapshot, now: number): string[] {
  // Cooling details are recomputed from their end, so the text ticks like the pill.
  const skipped = station.nextPick.skipped.map((s) =>
    s.reason === 'cooling' && s.until !== null
      ? { ...s, detail: `${countdown(s.until, now)} left` }
      : s,
  );
  return explainSkips(skipped, (i) => nameAt(station, i)).map((line) => `Skipped ${line}`);
}

/** Everything "why?" says: the deciding rule first, then each upstream passed over. */
export function whyLines(station: StationSnapshot, now: number): string[] {
  const skips = skipLines(station, now);
  const { index, rule } = station.nextPick;
  // The first upstream taken in order needs no explaining.
  if (skips.length === 0 && rule === 'in-order' && index === 0) return [];
  const first = ruleLine(station);
  return first ? [first, ...skips] : skips;
}

/** The first upstream the sticky rule passes over, when "Go back to #1" applies. */
export function preferredOverSticky(station: StationSnapshot) {
  if (station.nextPick.rule !== 'sticky') return null;
  const passed = station.nextPick.skipped.find((s) => s.reason === 'sticky');
  return passed ? (station.upstreams[passed.index] ?? null) : null;
}

/** "Next", plus a toggle (and a hover title) explaining why this upstream is next. */
export function NextPill(props: {
  lines: string[];
  open: boolean;
  controls: string;
  onToggle(): void;
}) {
  const { lines, open, controls, onToggle } = props;
  if (lines.length === 0) return <span className="pill pill-next">Next</span>;
  return (
    <button
      type="button"
      className="next-why"
      aria-expanded={open}
      aria-controls={open ? controls : undefined}
      title={lines.join('\n')}
      onClick={onToggle}
    >
      <span className="pill pill-next">Next</span>
      <span className="why-label">why?</span>
    </button>
  );
}
