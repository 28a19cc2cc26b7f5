import { describe, expect, it } from 'vitest';
import { chartData, chartPoints, linePath, NO_UPSTREAM, seriesMax } from './chart';

const perMinute = [
  { minute: 120_000, upstream: 'b/1', requests: 2, failures: 0, avgLatencyMs: 300 },
  { minute: 60_000, upstream: 'a/1', requests: 4, failures: 1, avgLatencyMs: 500 },
  { minute: 120_000, upstream: 'a/1', requests: 0, failures: 0, avgLatencyMs: 0 },
];

describe('per-minute chart data', () => {
  it('lines up every upstream on the same minutes, oldest first', () => {
    const data = chartData(perMinute);
    expect(data.minutes).toEqual([60_000, 120_000]);
    expect(data.series.map((s) => [s.upstream, s.requests])).toEqual([
      ['a/1', [4, 0]],
      ['b/1', [0, 2]],
    ]);
  });

  it('leaves latency empty in minutes without traffic', () => {
    const a = chartData(perMinute).series[0];
    expect(a?.latency).toEqual([500, null]);
    expect(seriesMax(chartData(perMinute).series, 'latency')).toBe(500);
  });

  it('leaves out requests that reached no upstream, and their minutes', () => {
    const data = chartData([
      { minute: 0, upstream: NO_UPSTREAM, requests: 3, failures: 3, avgLatencyMs: 1 },
      ...perMinute,
    ]);
    expect(data.series.map((s) => s.upstream)).toEqual(['a/1', 'b/1']);
    expect(data.minutes).toEqual([60_000, 120_000]);
  });
});

describe('chart geometry', () => {
  it('joins neighbours and breaks the line at a gap, scaled to the box', () => {
    expect(linePath([0, 10, null, 5, 10], 40, 100, 10)).toBe('M0 100 L10 0 M30 50 L40 0');
  });

  it('draws no segment for an isolated point, which is left to its dot', () => {
    expect(linePath([null, 5, null], 20, 100, 10)).toBe('');
    expect(chartPoints([null, 5, null], 20, 100, 10)).toEqual([null, { x: 10, y: 50 }, null]);
  });

  it('puts a lone minute in the middle of the box, so all traffic in one minute is visible', () => {
    expect(linePath([5], 320, 80, 5)).toBe('');
    expect(chartPoints([5], 320, 80, 5)).toEqual([{ x: 160, y: 0 }]);
  });

  it('draws a flat line on the baseline when every value is zero', () => {
    expect(linePath([0, 0], 10, 50, 0)).toBe('M0 50 L10 50');
  });
});
