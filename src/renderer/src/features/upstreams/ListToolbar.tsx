import { useState } from 'react';
import type { ServiceName } from '../../../../shared/config-types';
import type { StationSnapshot } from '../../../../shared/snapshot';
import { ControlError } from '../../components/ControlError';
import { runCommand } from '../../lib/run-command';
import { useStore } from '../../store';
import { lockedProps, selectConfigLocked } from '../../store/selectors';
import { displayName } from '../../lib/upstream-names';
import { preferredOverSticky } from './NextWhy';
import { useT } from '../../lib/i18n';

interface Props {
  service: ServiceName;
  station: StationSnapshot;
  onAddTags(): void;
}

/** Above the list: test every upstream at once; tag untagged ones so moves keep their state. */
export function ListToolbar({ service, station, onAddTags }: Props) {
  const locked = useStore(selectConfigLocked);
  const t = useT();
  const [testing, setTesting] = useState(false);
  const untagged = station.upstreams.filter((u) => !u.tagged).length;
  const errorKey = `${service}:test-all`;

  async function testAll() {
    setTesting(true);
    // Each result lands in the snapshot (lastTest), so every row shows its own badge.
    await Promise.all(
      station.upstreams.map((u) =>
        runCommand(errorKey, 'testUpstream', { service, station: station.name, id: u.id }),
      ),
    );
    setTesting(false);
  }

  const preferred = preferredOverSticky(station);
  const next = station.nextPick.index !== null ? station.upstreams[station.nextPick.index] : null;
  const preferKey = `${service}:prefer`;

  if (station.upstreams.length === 0) return null;
  return (
    <div className="list-toolbar">
      {preferred && next ? (
        <div className="sticky-note">
          <span>
            {t('up.stickyNote', { next: displayName(next), preferred: displayName(preferred) })}
          </span>
          <button
            type="button"
            onClick={() =>
              void runCommand(preferKey, 'preferUpstream', {
                service,
                station: station.name,
                id: preferred.id,
              })
            }
          >
            {t('up.goBack')}
          </button>
          <ControlError errorKey={preferKey} />
        </div>
      ) : null}
      <button type="button" disabled={testing} onClick={() => void testAll()}>
        {t('up.testAll')}
      </button>
      {testing ? (
        <span className="muted" role="status">
          {t('up.testing')}
        </span>
      ) : null}
      <ControlError errorKey={errorKey} />
      <span className="spacer" />
      {untagged > 0 && station.upstreams.length > 1 ? (
        <>
          <span className="muted">{t('up.untagged', { count: untagged })}</span>
          <button type="button" {...lockedProps(locked)} onClick={onAddTags}>
            {t('up.addTags')}
          </button>
        </>
      ) : null}
    </div>
  );
}
