import { useState } from 'react';
import type { ServiceName } from '../../../../shared/config-types';
import type { StationSnapshot } from '../../../../shared/snapshot';
import { ControlError } from '../../components/ControlError';
import { runCommand } from '../../lib/run-command';
import { useStore } from '../../store';
import { lockedProps, selectConfigLocked } from '../../store/selectors';
import { displayName } from '../../lib/upstream-names';
import { preferredOverSticky } from './NextWhy';

interface Props {
  service: ServiceName;
  station: StationSnapshot;
  onAddTags(): void;
}

/** Above the list: test every upstream at once; tag untagged ones so moves keep their state. */
export function ListToolbar({ service, station, onAddTags }: Props) {
  const locked = useStore(selectConfigLocked);
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
            {`New requests go to ${displayName(next)}, the last upstream that answered, not to ${displayName(preferred)} above it.`}
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
            Go back to #1
          </button>
          <ControlError errorKey={preferKey} />
        </div>
      ) : null}
      <button type="button" disabled={testing} onClick={() => void testAll()}>
        Test all
      </button>
      {testing ? (
        <span className="muted" role="status">
          Testing…
        </span>
      ) : null}
      <ControlError errorKey={errorKey} />
      <span className="spacer" />
      {untagged > 0 && station.upstreams.length > 1 ? (
        <>
          <span className="muted">
            {untagged === 1
              ? '1 upstream has no identity tags: moving rows resets its state.'
              : `${untagged} upstreams have no identity tags: moving rows resets their state.`}
          </span>
          <button type="button" {...lockedProps(locked)} onClick={onAddTags}>
            Add identity tags
          </button>
        </>
      ) : null}
    </div>
  );
}
