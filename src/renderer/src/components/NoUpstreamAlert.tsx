// The worst state first: when no upstream of a service can take a request (docs/behaviour.md
// §2.7), every view says so at the top, with which one frees first and a way to clear the wait.
import { SERVICES, type ServiceName } from '../../../shared/config-types';
import type { ServiceSnapshot, UpstreamSnapshot } from '../../../shared/snapshot';
import { runCommand } from '../lib/run-command';
import { displayName } from '../lib/upstream-names';
import { useStore } from '../store';
import { countdown } from '../features/upstreams/status';
import { ControlError } from './ControlError';

const LABEL: Record<ServiceName, string> = { codex: 'Codex', claude: 'Claude' };

/** The upstream whose cooldown ends when the service becomes available again. */
function freesFirst(s: ServiceSnapshot): UpstreamSnapshot | undefined {
  if (s.availableAgainAt === null) return undefined;
  return s.stations
    .flatMap((st) => st.upstreams)
    .find((u) => u.cooldownUntil === s.availableAgainAt);
}

export function NoUpstreamAlerts() {
  const services = useStore((s) => s.snapshot?.services);
  const now = useStore((s) => s.now);
  if (!services) return null;
  return (
    <>
      {SERVICES.map((svc) => {
        const s = services[svc];
        const hasUpstreams = s.stations.some((st) => st.upstreams.length > 0);
        // Paused has its own banner; an empty install has nothing to wait for.
        if (s.available || s.paused || !hasUpstreams) return null;
        const first = freesFirst(s);
        const errorKey = `${svc}:reset-all`;
        return (
          <div key={svc} role="alert" className="banner banner-error no-upstream">
            <strong>No {LABEL[svc]} upstream can take a request.</strong>{' '}
            {s.availableAgainAt !== null ? (
              <span>
                {`${first ? displayName(first) : 'The first one'} frees first, in ${countdown(s.availableAgainAt, now)}.`}
              </span>
            ) : (
              <span>
                None is cooling down, so none frees by itself: each is disabled, exhausted or
                missing its key.
              </span>
            )}{' '}
            <button
              type="button"
              onClick={() => void runCommand(errorKey, 'resetAll', { service: svc })}
            >
              Reset all
            </button>
            <ControlError errorKey={errorKey} />
          </div>
        );
      })}
    </>
  );
}
