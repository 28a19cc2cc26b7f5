import { describe, expect, it } from 'vitest';
import { chartData, linePath, seriesMax } from './chart';

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

  it('breaks the line at a gap and scales to the box', () => {
    expect(linePath([0, 10, null, 5], 30, 100, 10)).toBe('M0 100 L10 0 M30 50');
  });
});
