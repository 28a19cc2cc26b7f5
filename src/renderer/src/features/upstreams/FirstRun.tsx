import { useEffect, useState } from 'react';
import type { ServiceName } from '../../../../shared/config-types';
import type { ImportPreview, ImportSource } from '../../../../shared/contract';
import { ControlError } from '../../components/ControlError';
import { api } from '../../lib/api';
import { runCommand } from '../../lib/run-command';
import { useStore } from '../../store';
import { lockedProps, selectConfigLocked } from '../../store/selectors';
import { ClientSwitch } from '../overview/ClientSwitch';
import { useT } from '../../lib/i18n';

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * An empty station: the relays already set up for Codex (or codex-helper) are offered right here,
 * so a first run does not start from a blank form.
 */
export function FirstRunOffer({ service, station }: { service: ServiceName; station: string }) {
  const setView = useStore((s) => s.setView);
  const locked = useStore(selectConfigLocked);
  const t = useT();
  const [found, setFound] = useState<ImportPreview[]>([]);
  const errorKey = `${service}:first-run`;

  useEffect(() => {
    if (service !== 'codex') return;
    let live = true;
    const sources: ImportSource[] = ['codex', 'codex-helper'];
    // A source that is not there answers an empty preview (ifPresent) and is simply not offered.
    void Promise.all(
      sources.map((source) =>
        api
          .invoke('importPreview', { source, service, station, ifPresent: true })
          .catch(() => null),
      ),
    ).then((previews) => {
      if (!live) return;
      setFound(previews.filter((p): p is ImportPreview => !!p && fresh(p).length > 0));
    });
    return () => {
      live = false;
    };
  }, [service, station]);

  async function add(p: ImportPreview) {
    await runCommand(errorKey, 'importApply', {
      source: p.source,
      service,
      station,
      ids: fresh(p).map((c) => c.id),
    });
  }

  return (
    <div className="empty-state">
      {found.map((p) => (
        <div key={p.source} className="card offer">
          <h3>{t('up.foundIn', { source: t(`up.source.${p.source}`) })}</h3>
          <p className="mono muted">{p.file}</p>
          <ul>
            {fresh(p).map((c) => (
              <li key={c.id}>
                <strong>{c.upstream.alias?.trim() || hostOf(c.upstream.baseUrl)}</strong>{' '}
                <span className="mono muted">{hostOf(c.upstream.baseUrl)}</span>
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="primary"
            {...lockedProps(locked)}
            onClick={() => void add(p)}
          >
            {t('up.addThese', { count: fresh(p).length })}
          </button>
        </div>
      ))}
      <ControlError errorKey={errorKey} />
      <p className="empty">
        {t('up.noUpstreamsYet', { add: t('up.add') })}{' '}
        <button type="button" className="link" onClick={() => setView('overview')}>
          {t('up.importFromOverview')}
        </button>
      </p>
    </div>
  );
}

function fresh(p: ImportPreview) {
  return p.candidates.filter((c) => c.duplicateOf === null);
}

/** Once there are upstreams and Codex is not pointed here yet, the next step is one click away. */
export function ConnectNudge() {
  const codex = useStore((s) => s.snapshot?.clients.codex);
  const t = useT();
  if (!codex || codex.status !== 'off') return null;
  return (
    <div className="card nudge">
      <p>
        <strong>{t('up.nudgeTitle')}</strong> {t('up.nudgeText')}
      </p>
      <ClientSwitch client="codex" snap={codex} />
    </div>
  );
}
