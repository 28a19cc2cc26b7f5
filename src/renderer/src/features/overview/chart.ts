// Geometry for the small per-upstream charts (metrics.perMinute), kept pure for tests.
import type { MetricsSnapshot } from '../../../../shared/snapshot';

export interface Series {
  upstream: string;
  requests: number[];
  /** null where the upstream had no requests that minute (no latency to draw). */
  latency: (number | null)[];
}

export interface ChartData {
  minutes: number[];
  series: Series[];
}

/** The engine's bucket for requests that never reached an upstream (refused before a pick). */
export const NO_UPSTREAM = '(none)';

/**
 * Requests that reached no upstream are left out: they are not traffic "per upstream", and a
 * line for them would be read as a relay called "(none)".
 */
export function chartData(perMinute: MetricsSnapshot['perMinute']): ChartData {
  const buckets = perMinute.filter((b) => b.upstream !== NO_UPSTREAM);
  const minutes = [...new Set(buckets.map((b) => b.minute))].sort((a, b) => a - b);
  const slot = new Map(minutes.map((m, i) => [m, i]));
  const byUpstream = new Map<string, Series>();
  for (const b of buckets) {
    let s = byUpstream.get(b.upstream);
    if (!s) {
      s = {
        upstream: b.upstream,
        requests: minutes.map(() => 0),
        latency: minutes.map(() => null),
      };
      byUpstream.set(b.upstream, s);
    }
    const i = slot.get(b.minute) ?? 0;
    s.requests[i] = (s.requests[i] ?? 0) + b.requests;
    if (b.requests > 0) s.latency[i] = b.avgLatencyMs;
  }
  return {
    minutes,
    series: [...byUpstream.values()].sort((a, b) => a.upstream.localeCompare(b.upstream)),
  };
}

export interface Point {
  x: number;
  y: number;
}

/**
 * Where each value sits in a width×height box (y grows downwards); null for a minute without a
 * value. A lone minute is centred, so traffic that all fell in one minute is still visible.
 */
export function chartPoints(
  values: readonly (number | null)[],
  width: number,
  height: number,
  max: number,
): (Point | null)[] {
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const top = max > 0 ? max : 1;
  const round = (n: number) => Math.round(n * 10) / 10;
  return values.map((v, i) =>
    v === null
      ? null
      : {
          x: round(values.length > 1 ? i * step : width / 2),
          y: round(height - (v / top) * height),
        },
  );
}

/**
 * SVG path joining neighbouring points only: a null breaks the line, so a minute without traffic
 * is not drawn as a latency of zero. Isolated points get no segment (their dot shows them), so the
 * path never holds a bare "M x y" that renders as nothing.
 */
export function linePath(
  values: readonly (number | null)[],
  width: number,
  height: number,
  max: number,
): string {
  const points = chartPoints(values, width, height, max);
  let d = '';
  points.forEach((p, i) => {
    const prev = points[i - 1];
    if (!p || !prev) return;
    // A run starts with a move to its first point; later points of the run just extend it.
    if (!points[i - 2]) d += `M${prev.x} ${prev.y} `;
    d += `L${p.x} ${p.y} `;
  });
  return d.trim();
}

export function seriesMax(series: Series[], pick: 'requests' | 'latency'): number {
  let max = 0;
  for (const s of series) for (const v of s[pick]) if (v !== null && v > max) max = v;
  return max;
}
