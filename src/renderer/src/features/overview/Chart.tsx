import type { MetricsSnapshot } from '../../../../shared/snapshot';
import { chartData, linePath, seriesMax } from './chart';

const W = 320;
const H = 80;
const COLOURS = ['#2f6fde', '#d9480f', '#2b8a3e', '#9c36b5', '#e67700', '#0c8599'];

/** Requests and latency per upstream over the last minutes, one small SVG each. */
export function UpstreamCharts({ perMinute }: { perMinute: MetricsSnapshot['perMinute'] }) {
  const data = chartData(perMinute);
  if (data.minutes.length === 0) return <p className="muted">No traffic in the last minutes.</p>;
  const charts = [
    { title: 'Requests per minute', pick: 'requests' as const, unit: '' },
    { title: 'Average latency', pick: 'latency' as const, unit: ' ms' },
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
                  (max {Math.round(max)}
                  {c.unit})
                </span>
              </figcaption>
              <svg
                viewBox={`-2 -2 ${W + 4} ${H + 4}`}
                role="img"
                aria-label={`${c.title} per upstream over the last ${data.minutes.length} minutes`}
              >
                <line x1="0" y1={H} x2={W} y2={H} className="axis" />
                {data.series.map((s, i) => (
                  <path
                    key={s.upstream}
                    d={linePath(s[c.pick], W, H, max)}
                    fill="none"
                    stroke={COLOURS[i % COLOURS.length]}
                    strokeWidth="2"
                    strokeLinejoin="round"
                  />
                ))}
              </svg>
            </figure>
          );
        })}
      </div>
      <div className="legend">
        {data.series.map((s, i) => (
          <span key={s.upstream} className="mono">
            <span className="swatch" style={{ background: COLOURS[i % COLOURS.length] }} />
            {s.upstream}
          </span>
        ))}
      </div>
    </div>
  );
}
