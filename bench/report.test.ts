import { describe, expect, it } from 'vitest';
import {
  addedMsPerRequest,
  checkTargets,
  derive,
  median,
  renderTable,
  summarizeProfile,
  type TargetResult,
} from './report.mjs';

const direct: TargetResult = {
  c1Rps: 5000,
  c32Rps: 10000,
  sse: { ttfbMs: 1.0, gapMs: 5.2, totalMs: 101 },
  memory: null,
};

const proxy = (over: Partial<TargetResult> = {}): TargetResult => ({
  c1Rps: 4000,
  c32Rps: 4500,
  sse: { ttfbMs: 1.3, gapMs: 5.22, totalMs: 102 },
  memory: { idleMb: 80, loadedMb: 120, opened: 500, count: 500 },
  ...over,
});

describe('bench statistics', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('turns two c=1 throughputs into the time each request spends in the target', () => {
    // 5000 req/s = 0.2 ms a round trip, 4000 req/s = 0.25 ms: the target adds 0.05 ms.
    expect(addedMsPerRequest(4000, 5000)).toBeCloseTo(0.05, 10);
  });

  it('derives per-event delay against the gap seen direct, not the nominal 5 ms', () => {
    const d = derive(proxy(), direct);
    expect(d.perEventAddedMs).toBeCloseTo(0.02, 10);
    expect(d.ttfbAddedMs).toBeCloseTo(0.3, 10);
    expect(d.c32Percent).toBeCloseTo(45, 10);
    expect(d.memoryAddedMb).toBe(40);
  });
});

describe('bench targets', () => {
  it('meets every target when the proxy is within all of them', () => {
    const checks = checkTargets(derive(proxy(), direct));
    expect(checks.map((c) => c.met)).toEqual([true, true, true, true, true]);
  });

  it('misses the throughput target below 40 % of direct and says by how much', () => {
    const checks = checkTargets(derive(proxy({ c32Rps: 3900 }), direct));
    const c32 = checks.find((c) => c.name === 'throughput at c=32');
    expect(c32?.met).toBe(false);
    expect(c32?.value).toBe('39.0 %');
  });

  it('does not count the memory target as met when some streams never opened', () => {
    const memory = { idleMb: 80, loadedMb: 90, opened: 256, count: 500 };
    const checks = checkTargets(derive(proxy({ memory }), direct));
    const mem = checks.find((c) => c.name.startsWith('memory'));
    expect(mem?.met).toBe(false);
    expect(mem?.value).toContain('256/500');
  });
});

describe('bench table', () => {
  it('has one column per measured target, in the fixed order, and skips nginx when absent', () => {
    const table = renderTable({ direct, proxy: proxy(), bare: proxy({ c32Rps: 3000 }) });
    const head = table.split('\n')[0];
    expect(head).toBe('| | direct | bare pass-through | codex-helper-desktop |');
    expect(table).toContain('| c=32 % of direct | 100.0 % | 30.0 % | 45.0 % |');
  });
});

describe('CPU profile summary', () => {
  it('ranks functions by self time and leaves idle time out of the percentages', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
        {
          id: 2,
          callFrame: { functionName: 'forward', url: 'file:///x/out/main/a.js', lineNumber: 9 },
        },
        { id: 3, callFrame: { functionName: 'writev', url: '', lineNumber: -1 } },
      ],
      samples: [1, 2, 3, 3, 1],
      timeDeltas: [5000, 1000, 2000, 1000, 5000],
    };
    const rows = summarizeProfile(profile);
    expect(rows.map((r) => r.fn)).toEqual(['writev', 'forward']);
    expect(rows[0]?.selfMs).toBe(3);
    expect(rows[0]?.percent).toBeCloseTo(75, 10);
    expect(rows[1]?.where).toBe('out/main/a.js:10');
  });
});
