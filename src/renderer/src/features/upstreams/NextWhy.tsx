import type { StationSnapshot } from '../../../../shared/snapshot';
import { displayName } from '../../lib/upstream-names';
import { explainSkips } from './status';

export function skipLines(station: StationSnapshot): string[] {
  const nameAt = (i: number) => {
    const u = station.upstreams[i];
    return u ? displayName(u) : `upstream ${i + 1}`;
  };
  return explainSkips(station.nextPick.skipped, nameAt).map((line) => `Skipped ${line}`);
}

/** "Next", plus a toggle (and a hover title) explaining why earlier upstreams are passed over. */
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
