// The worst state first: when no upstream of a service can take a request (docs/behaviour.md
// §2.7), every view says so at the top, with which one frees first and a way to clear the wait.
import { SERVICES, type ServiceName } from '../../../shared/config-types';
import type { ServiceSnapshot, UpstreamSnapshot } from '../../../shared/snapshot';
import { runCommand } from '../lib/run-command';
import { displayName } from '../lib/upstream-names';
import { useStore } from '../store';
import { countdown } from '../features/upstreams/status';
import { ControlError } from './ControlError';
import { useLocale, useT } from '../lib/i18n';

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
  const t = useT();
  const locale = useLocale();
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
            <strong>{t('app.noUpstream', { service: LABEL[svc] })}</strong>{' '}
            {s.availableAgainAt !== null ? (
              <span>
                {t('app.freesFirst', {
                  name: first ? displayName(first) : t('app.theFirstOne'),
                  time: countdown(s.availableAgainAt, now, locale),
                })}
              </span>
            ) : (
              <span>{t('app.noneCooling')}</span>
            )}{' '}
            <button
              type="button"
              onClick={() => void runCommand(errorKey, 'resetAll', { service: svc })}
            >
              {t('app.resetAll')}
            </button>
            <ControlError errorKey={errorKey} />
          </div>
        );
      })}
    </>
  );
}
