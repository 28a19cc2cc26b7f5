// Cost today and this month per upstream and per service (docs/behaviour.md §9),
// estimated from list prices × each upstream's multiplier; requests on a model without a price
// are counted apart, never as free.
import { SERVICES } from '../../../../shared/config-types';
import type { Snapshot } from '../../../../shared/snapshot';
import { formatUsd } from '../../lib/money';
import { displayName } from '../../lib/upstream-names';
import { serviceLabel } from './labels';

export function CostCard({ snapshot }: { snapshot: Snapshot }) {
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
      <h3>Cost</h3>
      {services.length === 0 ? <p className="muted">No priced requests this month yet.</p> : null}
      {services.map((svc) => {
        const s = snapshot.services[svc];
        return (
          <p key={svc} className="cost-line">
            <strong>{serviceLabel(svc)}</strong>: {formatUsd(s.costTodayUsd)} today ·{' '}
            {formatUsd(s.costMonthUsd)} this month
            {s.unpricedToday > 0 ? (
              <span className="muted">
                {' '}
                · {s.unpricedToday} unpriced request{s.unpricedToday === 1 ? '' : 's'} today
              </span>
            ) : null}
          </p>
        );
      })}
      {rows.length > 0 ? (
        <table aria-label="Cost per upstream">
          <thead>
            <tr>
              <th scope="col">Upstream</th>
              <th scope="col">Today</th>
              <th scope="col">This month</th>
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
