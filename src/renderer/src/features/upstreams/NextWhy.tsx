// "Next" and its "why?": the rule that decided the pick (docs/behaviour.md §2.7), then every
// upstream passed over and why, with cooldowns counting down like the pills.
import type { StationSnapshot } from '../../../../shared/snapshot';
import { displayName } from '../../lib/upstream-names';
import { countdown, explainSkips } from './status';
import { useT } from '../../lib/i18n';
import { translator, type Locale, type MessageId, type Translate } from '../../../../shared/i18n';

function nameAt(station: StationSnapshot, i: number, t: Translate): string {
  const u = station.upstreams[i];
  return u ? displayName(u) : t('up.upstreamN', { n: i + 1 });
}

/** One sentence naming the rule that chose the next upstream. */
const RULE_IDS = {
  pinned: 'up.rule.pinned',
  session: 'up.rule.session',
  'return-to-preferred': 'up.rule.returnToPreferred',
  sticky: 'up.rule.sticky',
  'in-order': 'up.rule.inOrder',
  'exhausted-fallback': 'up.rule.exhaustedFallback',
} as const satisfies Record<NonNullable<StationSnapshot['nextPick']['rule']>, MessageId>;

export function ruleLine(station: StationSnapshot, t: Translate = translator('en')): string | null {
  const { index, rule } = station.nextPick;
  if (index === null || rule === null) return null;
  return t(RULE_IDS[rule], { name: nameAt(station, index, t) });
}

export function skipLines(
  station: StationSnapshot,
  now: number,
  t: Translate = translator('en'),
  locale: Locale = 'en',
): string[] {
  // Cooling details are recomputed from their end, so the text ticks like the pill.
  const skipped = station.nextPick.skipped.map((s) =>
    s.reason === 'cooling' && s.until !== null
      ? { ...s, detail: t('up.left', { time: countdown(s.until, now, locale) }) }
      : s,
  );
  return explainSkips(skipped, (i) => nameAt(station, i, t), t);
}

/** Everything "why?" says: the deciding rule first, then each upstream passed over. */
export function whyLines(
  station: StationSnapshot,
  now: number,
  t: Translate = translator('en'),
  locale: Locale = 'en',
): string[] {
  const skips = skipLines(station, now, t, locale);
  const { index, rule } = station.nextPick;
  // The first upstream taken in order needs no explaining.
  if (skips.length === 0 && rule === 'in-order' && index === 0) return [];
  const first = ruleLine(station, t);
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
  const t = useT();
  if (lines.length === 0) return <span className="pill pill-next">{t('up.next')}</span>;
  return (
    <button
      type="button"
      className="next-why"
      aria-expanded={open}
      aria-controls={open ? controls : undefined}
      title={lines.join('\n')}
      onClick={onToggle}
    >
      <span className="pill pill-next">{t('up.next')}</span>
      <span className="why-label">{t('up.why')}</span>
    </button>
  );
}
