import type { UpstreamSnapshot } from '../../../../shared/snapshot';
import { Dialog } from '../../components/Dialog';
import { displayName } from '../../lib/upstream-names';
import { useT } from '../../lib/i18n';

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
  const t = useT();
  return (
    <Dialog title={t('up.moveTitle')} onClose={onCancel}>
      <div className="dialog-body">
        <p>{t('up.moveExplain', { name: displayName(moving) })}</p>
        <ul>
          {shifted.map((u) => (
            <li key={u.id} title={u.id}>
              {displayName(u)}
            </li>
          ))}
        </ul>
        <p>{t('up.moveTagsFirst')}</p>
      </div>
      {error ? <p className="field-error">{error}</p> : null}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          {t('app.cancel')}
        </button>
        <button type="button" onClick={onMoveAnyway}>
          {t('up.moveAnyway')}
        </button>
        <button type="button" className="primary" onClick={onTagAndMove}>
          {t('up.addTags')}
        </button>
      </div>
    </Dialog>
  );
}
