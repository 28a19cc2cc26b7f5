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

export function chartData(perMinute: MetricsSnapshot['perMinute']): ChartData {
  const minutes = [...new Set(perMinute.map((b) => b.minute))].sort((a, b) => a - b);
  const slot = new Map(minutes.map((m, i) => [m, i]));
  const byUpstream = new Map<string, Series>();
  for (const b of perMinute) {
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

/**
 * SVG path for values across a width×height box (y grows downwards); a null breaks the line, so
 * a minute without traffic is not drawn as a latency of zero.
 */
export function linePath(values: (number | null)[], width: number, height: number, max: number) {
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const top = max > 0 ? max : 1;
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    const x = Math.round(i * step * 10) / 10;
    const y = Math.round((height - (v / top) * height) * 10) / 10;
    d += `${pen ? 'L' : 'M'}${x} ${y} `;
    pen = true;
  });
  return d.trim();
}

export function seriesMax(series: Series[], pick: 'requests' | 'latency'): number {
  let max = 0;
  for (const s of series) for (const v of s[pick]) if (v !== null && v > max) max = v;
  return max;
}
