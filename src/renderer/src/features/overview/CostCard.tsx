// Cost today and this month per upstream and per service (docs/behaviour.md §9),
// estimated from list prices × each upstream's multiplier; requests on a model without a price
// are counted apart, never as free.
import { SERVICES } from '../../../../shared/config-types';
import type { Snapshot } from '../../../../shared/snapshot';
import { formatUsd } from '../../lib/money';
import { displayName } from '../../lib/upstream-names';
import { serviceLabel } from './labels';
import { useT } from '../../lib/i18n';

export function CostCard({ snapshot }: { snapshot: Snapshot }) {
  const t = useT();
  const rows = SERVICES.flatMap((svc) =>
    snapshot.services[svc].stations.flatMap((st) =>
      st.upstreams
        .filter((u) => u.costMonthUsd > 0)
        .map((u) => ({ key: `${svc}/${st.name}/${u.id}`, name: displayName(u), u })),
    ),
  );
  const services = SERVICES.filter((svc) => {
    const s = snapshot.services[svc];
    return s.costMonthUsd > 0 || s.unpricedToday > 0;
  });
  return (
    <div className="card">
      <h3>{t('ov.cost')}</h3>
      {services.length === 0 ? <p className="muted">{t('ov.noCost')}</p> : null}
      {services.map((svc) => {
        const s = snapshot.services[svc];
        return (
          <p key={svc} className="cost-line">
            <strong>{serviceLabel(svc)}</strong>:{' '}
            {t('ov.costLine', {
              today: formatUsd(s.costTodayUsd),
              month: formatUsd(s.costMonthUsd),
            })}
            {s.unpricedToday > 0 ? (
              <span className="muted">{t('ov.unpriced', { count: s.unpricedToday })}</span>
            ) : null}
          </p>
        );
      })}
      {rows.length > 0 ? (
        <table aria-label={t('ov.costTable')}>
          <thead>
            <tr>
              <th scope="col">{t('ov.upstream')}</th>
              <th scope="col">{t('ov.today')}</th>
              <th scope="col">{t('ov.thisMonth')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <td title={r.u.id}>{r.name}</td>
                <td>{formatUsd(r.u.costTodayUsd)}</td>
                <td>{formatUsd(r.u.costMonthUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
