import { describe, expect, it } from 'vitest';
import {
  addedMsPerRequest,
  checkTargets,
  derive,
  median,
  renderRuns,
  renderTable,
  summarizeProfile,
  type TargetResult,
} from './report.mjs';

const base = (over: Partial<TargetResult>): TargetResult => ({
  c1Rps: 5000,
  c1CpuUs: NaN,
  c32Rps: 10000,
  c32CpuUs: NaN,
  sse32Rps: 3000,
  sse32CpuUs: NaN,
  sse: { ttfbMs: 1.0, contentMs: 1.0, gapMs: 5.2, totalMs: 101 },
  idlePercent: NaN,
  memory: null,
  ...over,
});

const direct = base({});
const bare = base({
  c1Rps: 4000,
  c1CpuUs: 150,
  c32Rps: 4000,
  c32CpuUs: 200,
  sse32Rps: 1000,
  sse32CpuUs: 600,
  sse: { ttfbMs: 1.2, contentMs: 1.2, gapMs: 5.21, totalMs: 101 },
  idlePercent: 0,
});
const proxy = (over: Partial<TargetResult> = {}): TargetResult =>
  base({
    c1Rps: 3900,
    c1CpuUs: 160,
    c32Rps: 3800,
    c32CpuUs: 220,
    sse32Rps: 950,
    sse32CpuUs: 650,
    sse: { ttfbMs: 1.25, contentMs: 1.25, gapMs: 5.22, totalMs: 102 },
    idlePercent: 0.1,
    memory: { idleMb: 80, loadedMb: 120, opened: 500, count: 500 },
    ...over,
  });

const checksOf = (p: TargetResult) =>
  checkTargets(derive(p, direct, bare), derive(bare, direct, bare));

describe('bench statistics', () => {
  it('takes the middle value, or the mean of the two middle values, ignoring missing values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([4, NaN, 2])).toBe(3);
    expect(median([])).toBeNaN();
  });

  it('turns two c=1 throughputs into the time each request spends in the target', () => {
    // 5000 req/s = 0.2 ms a round trip, 4000 req/s = 0.25 ms: the target adds 0.05 ms.
    expect(addedMsPerRequest(4000, 5000)).toBeCloseTo(0.05, 10);
  });

  it('derives throughput and CPU against the bare pass-through and per-event delay against direct', () => {
    const d = derive(proxy(), direct, bare);
    expect(d.c32PercentOfBare).toBeCloseTo(95, 10);
    expect(d.c32CpuRatio).toBeCloseTo(1.1, 10);
    expect(d.sse32CpuRatio).toBeCloseTo(650 / 600, 10);
    expect(d.perEventAddedMs).toBeCloseTo(0.02, 10);
    expect(d.memoryAddedMb).toBe(40);
  });
});

describe('bench targets', () => {
  it('meets every target when the engine is within all of them', () => {
    expect(checksOf(proxy()).map((c) => c.met)).toEqual(Array(9).fill(true));
  });

  it('misses the CPU target above 1.15 × the bare pass-through and says both figures', () => {
    const cpu = checksOf(proxy({ c32CpuUs: 240 })).find((c) =>
      c.name.startsWith('CPU per request'),
    );
    expect(cpu?.met).toBe(false);
    expect(cpu?.value).toBe('240 µs = 1.20 × bare (200 µs)');
  });

  it('misses the c=1 target when the engine adds more than 0.05 ms over what bare adds', () => {
    // bare adds 0.05 ms over direct; 3000 req/s adds 0.133 ms.
    const c1 = checksOf(proxy({ c1Rps: 3000 })).find((c) => c.name === 'added per request at c=1');
    expect(c1?.met).toBe(false);
  });

  it('judges a stream that opens with held events on its first content event, and says why the first event is late', () => {
    const opening = { ttfbMs: 1.0, contentMs: 6.0, gapMs: 5.2, totalMs: 101 };
    const d = base({ sse: opening });
    const b = derive({ ...bare, sse: { ...opening, ttfbMs: 1.2, contentMs: 6.2 } }, d, undefined);
    const p = derive(proxy({ sse: { ...opening, ttfbMs: 6.25, contentMs: 6.25 } }), d, bare);
    const checks = checkTargets(p, b);
    const first = checks.find((c) => c.name === 'SSE first event');
    const content = checks.find((c) => c.name === 'SSE first content event');
    expect(first).toMatchObject({ met: false });
    expect(first?.byDesign).toContain('held until the first content event');
    expect(content).toMatchObject({ met: true });
    expect(checksOf(proxy()).find((c) => c.name === 'SSE first event')?.byDesign).toBeUndefined();
  });

  it('lists each round of the first-event timing against bare beside the median, when the rounds were kept', () => {
    const rounds = (ms: number[]) => ms.map((m) => ({ ttfbMs: m, contentMs: m }));
    const b = { ...bare, sse: { ...bare.sse, rounds: rounds([1.2, 1.1, 1.3]) } };
    const p = proxy({ sse: { ...proxy().sse, rounds: rounds([1.25, 1.3, 1.2]) } });
    const checks = checkTargets(derive(p, direct, b), derive(b, direct, b));
    const first = checks.find((c) => c.name === 'SSE first event');
    expect(first?.value).toBe('1.250 ms (bare 1.200 ms); by round +0.050 / +0.200 / -0.100 over bare');
    expect(checks.find((c) => c.name === 'SSE first content event')?.value).toContain(
      'by round +0.050 / +0.200 / -0.100',
    );
    // A report written before rounds were kept reads as before.
    expect(checksOf(proxy()).find((c) => c.name === 'SSE first event')?.value).toBe(
      '1.250 ms (bare 1.200 ms)',
    );
  });

  it('does not count the memory target as met when some streams never opened', () => {
    const memory = { idleMb: 80, loadedMb: 90, opened: 256, count: 500 };
    const mem = checksOf(proxy({ memory })).find((c) => c.name.startsWith('memory'));
    expect(mem?.met).toBe(false);
    expect(mem?.value).toContain('256/500');
  });
});

describe('bench table', () => {
  it('has one column per measured target, in the fixed order, peers last, absent ones left out', () => {
    const table = renderTable({ direct, ccflare: proxy({ c32Rps: 2000 }), proxy: proxy(), bare });
    const head = table.split('\n')[0];
    expect(head).toBe('| | direct | bare pass-through | codex-helper-desktop | better-ccflare |');
    expect(table).toContain('| c=32 JSON, % of bare | — | 100.0 % | 95.0 % | 50.0 % |');
    expect(table).toContain('| c=32 CPU per request, × bare | — | 1.00 | 1.10 | 1.10 |');
  });

  it('lists every raw run with its CPU per request', () => {
    expect(
      renderRuns({
        bare: [
          { rps: 4000.4, cpuUs: 210.2 },
          { rps: 3999, cpuUs: NaN },
        ],
      }),
    ).toBe('bare 4000 (210 µs) / 3999');
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
