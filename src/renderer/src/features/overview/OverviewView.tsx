import { useState } from 'react';
import { CLIENTS_ORDER, serviceLabel } from './labels';
import { SERVICES } from '../../../../shared/config-types';
import { useStore } from '../../store';
import { nameForId } from '../../lib/upstream-names';
import { compactNumber } from '../requests/format';
import { UpstreamCharts } from './Chart';
import { ClientSwitch } from './ClientSwitch';
import { CostCard } from './CostCard';
import { ImportDialog } from './ImportDialog';
import { inListOrder } from './list-order';
import { RecentEvents } from './RecentEvents';
import { useT } from '../../lib/i18n';

export function OverviewView() {
  const snapshot = useStore((s) => s.snapshot);
  const service = useStore((s) => s.service);
  const [importing, setImporting] = useState(false);
  const t = useT();
  if (!snapshot) return null;
  const { lastHour, tokensToday, perMinute } = snapshot.metrics;
  const rate = lastHour.requests > 0 ? (lastHour.successes / lastHour.requests) * 100 : null;
  const tokens = inListOrder(snapshot.services, tokensToday);

  return (
    <section className="view" aria-label={t('ov.view')}>
      <div className="cards">
        <div className="card">
          <h3>{t('ov.listeners')}</h3>
          {SERVICES.map((svc) => {
            const s = snapshot.services[svc];
            return (
              <div key={svc} className="listener">
                <strong>{t('ov.proxy', { service: serviceLabel(svc) })}</strong>{' '}
                {s.listening ? (
                  <span className="pill pill-good">
                    {t('ov.listeningOn')}{' '}
                    <span className="mono">
                      {s.listening.host}:{s.listening.port}
                    </span>
                  </span>
                ) : (
                  <span className="pill pill-failures">{t('ov.notListening')}</span>
                )}
                {s.error ? <div className="status-bad">{s.error}</div> : null}
              </div>
            );
          })}
        </div>
        <div className="card">
          <h3>{t('ov.lastHour')}</h3>
          <div className="counters">
            <div>
              <div className="stat">{lastHour.requests}</div>
              <div className="muted">{t('ov.requests')}</div>
            </div>
            <div>
              <div className="stat">
                {rate === null ? '—' : `${rate.toFixed(rate < 100 ? 1 : 0)}%`}
              </div>
              <div className="muted">{t('ov.successRate')}</div>
            </div>
            <div>
              <div className="stat">{lastHour.failovers}</div>
              <div className="muted">{t('ov.failovers')}</div>
            </div>
          </div>
        </div>
        <div className="card">
          <h3>{t('ov.tokensToday')}</h3>
          {tokens.length === 0 ? <p className="muted">{t('ov.noneYet')}</p> : null}
          <table aria-label={t('ov.tokensTable')}>
            <tbody>
              {tokens.map(([id, n]) => (
                <tr key={id}>
                  <td title={id}>{nameForId(snapshot.services, id)}</td>
                  <td>{compactNumber(n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div className="cards">
        <CostCard snapshot={snapshot} />
        <div className="card">
          <h3>{t('ov.clients')}</h3>
          {CLIENTS_ORDER.map((c) => (
            <ClientSwitch key={c} client={c} snap={snapshot.clients[c]} />
          ))}
          <div className="client-actions">
            <button type="button" onClick={() => setImporting(true)}>
              {t('ov.import')}
            </button>
            <span className="muted">{t('ov.importHint')}</span>
          </div>
        </div>
        <div className="card">
          <h3>{t('ov.traffic')}</h3>
          <UpstreamCharts perMinute={perMinute} />
        </div>
        <RecentEvents />
      </div>
      {importing ? <ImportDialog service={service} onClose={() => setImporting(false)} /> : null}
    </section>
  );
}
