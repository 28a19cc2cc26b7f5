import type { MetricsSnapshot } from '../../../../shared/snapshot';
import { nameForId } from '../../lib/upstream-names';
import { useStore } from '../../store';
import { chartData, chartPoints, linePath, seriesMax } from './chart';
import { useT } from '../../lib/i18n';

const W = 320;
const H = 80;
// CSS variables (base.css) so dark mode gets lighter lines; set through style, because SVG
// presentation attributes do not resolve var().
const COLOURS = [1, 2, 3, 4, 5, 6].map((n) => `var(--series-${n})`);

/** Requests and latency per upstream over the last minutes, one small SVG each. */
export function UpstreamCharts({ perMinute }: { perMinute: MetricsSnapshot['perMinute'] }) {
  const services = useStore((s) => s.snapshot?.services);
  const data = chartData(perMinute);
  const t = useT();
  if (data.minutes.length === 0) {
    return <p className="muted">{t('ov.noTraffic')}</p>;
  }
  const charts = [
    { title: t('ov.requestsPerMinute'), pick: 'requests' as const, unit: '' },
    { title: t('ov.avgLatency'), pick: 'latency' as const, unit: ' ms' },
  ];
  return (
    <div>
      <div className="charts">
        {charts.map((c) => {
          const max = seriesMax(data.series, c.pick);
          return (
            <figure key={c.pick} className="chart">
              <figcaption>
                {c.title}{' '}
                <span className="muted">
                  {t('ov.max', { value: `${Math.round(max)}${c.unit}` })}
                </span>
              </figcaption>
              <svg
                viewBox={`-6 -6 ${W + 12} ${H + 12}`}
                role="img"
                aria-label={t('ov.chartLabel', { title: c.title, count: data.minutes.length })}
              >
                <line x1="0" y1={H} x2={W} y2={H} className="axis" />
                <line x1="0" y1="0" x2="0" y2={H} className="axis" />
                {data.series.map((s, i) => {
                  const colour = COLOURS[i % COLOURS.length];
                  const values = s[c.pick];
                  return (
                    <g key={s.upstream}>
                      <path
                        d={linePath(values, W, H, max)}
                        fill="none"
                        style={{ stroke: colour }}
                        strokeWidth="2"
                        strokeLinejoin="round"
                      />
                      {chartPoints(values, W, H, max).map((p, m) =>
                        // A minute where the upstream had no requests is the baseline, not news.
                        p && (c.pick === 'latency' || (values[m] ?? 0) > 0) ? (
                          <circle key={m} cx={p.x} cy={p.y} r="4" style={{ fill: colour }} />
                        ) : null,
                      )}
                    </g>
                  );
                })}
              </svg>
              <div className="chart-range muted">
                <span>{minuteLabel(data.minutes[0])}</span>
                {data.minutes.length > 1 ? (
                  <span>{minuteLabel(data.minutes[data.minutes.length - 1])}</span>
                ) : null}
              </div>
            </figure>
          );
        })}
      </div>
      <div className="legend">
        {data.series.map((s, i) => (
          <span key={s.upstream} title={s.upstream}>
            <span className="swatch" style={{ background: COLOURS[i % COLOURS.length] }} />
            {nameForId(services, s.upstream)}
          </span>
        ))}
      </div>
    </div>
  );
}

function minuteLabel(ms: number | undefined): string {
  if (ms === undefined) return '';
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
