// Narrow, pure selectors over the store; components combine them with useStore/useShallow.
import type { ServiceSnapshot, StationSnapshot } from '../../../shared/snapshot';
import type { Store } from './index';
import { currentT } from '../lib/i18n';

/** The station the user picked, else the service's active one, else the first. */
export function resolveStation(
  service: ServiceSnapshot | undefined,
  selected: string | null,
): StationSnapshot | null {
  if (!service) return null;
  const stations = service.stations;
  return (
    (selected !== null ? stations.find((s) => s.name === selected) : undefined) ??
    stations.find((s) => s.active) ??
    stations[0] ??
    null
  );
}

export const selectThreshold = (s: Store): number =>
  s.snapshot?.settings.retry.failureThreshold ?? 3;

/** While config.toml is broken, controls that would edit it are off (each edit would be refused). */
export const selectConfigLocked = (s: Store): boolean => s.snapshot?.configError != null;

/** Id of the one element that says why editing controls are off (their aria-describedby). */
export const CONFIG_LOCKED_REASON_ID = 'config-locked-reason';

/** Props for a control that edits config.toml: disabled, with the reason, while the file is broken. */
export function lockedProps(locked: boolean) {
  return locked
    ? {
        disabled: true,
        'aria-describedby': CONFIG_LOCKED_REASON_ID,
        title: currentT().t('app.lockedTitle'),
      }
    : {};
}
