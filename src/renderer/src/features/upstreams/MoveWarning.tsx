import type { UpstreamSnapshot } from '../../../../shared/snapshot';
import { Dialog } from '../../components/Dialog';
import { displayName } from '../../lib/upstream-names';

interface Props {
  moving: UpstreamSnapshot;
  /** Untagged upstreams whose position the move changes (the moving one may be among them). */
  shifted: UpstreamSnapshot[];
  error: string | null;
  onCancel(): void;
  onMoveAnyway(): void;
  onTagAndMove(): void;
}

/** Asked before a move that would reset an untagged upstream's state; tagging first avoids it. */
export function MoveWarning({
  moving,
  shifted,
  error,
  onCancel,
  onMoveAnyway,
  onTagAndMove,
}: Props) {
  return (
    <Dialog title="Move upstream" onClose={onCancel}>
      <div className="dialog-body">
        <p>
          Moving <strong>{displayName(moving)}</strong> changes the position of upstreams that have
          no identity tags. Their state is tied to their position, so their failure counts,
          cooldowns and exhaustion would start over:
        </p>
        <ul>
          {shifted.map((u) => (
            <li key={u.id} title={u.id}>
              {displayName(u)}
            </li>
          ))}
        </ul>
        <p>Adding identity tags first keeps every upstream&apos;s state through the move.</p>
      </div>
      {error ? <p className="field-error">{error}</p> : null}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" onClick={onMoveAnyway}>
          Move anyway
        </button>
        <button type="button" className="primary" onClick={onTagAndMove}>
          Add identity tags
        </button>
      </div>
    </Dialog>
  );
}
