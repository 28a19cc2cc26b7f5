// Pure helpers of `npm run bench`: statistics, the derived rows, the targets and the markdown.
// No I/O here, so the arithmetic that decides "met / missed" is unit-tested.

export const COLUMNS = [
  { key: 'direct', title: 'direct' },
  { key: 'bare', title: 'bare pass-through' },
  { key: 'nginx', title: 'nginx' },
  { key: 'proxy', title: 'codex-helper-desktop' },
];

export const TARGETS = {
  c1AddedMs: 0.25,
  c32PercentOfDirect: 40,
  ttfbAddedMs: 0.5,
  // Timer jitter on the fake upstream is tens of µs; more than this means the relay holds events.
  perEventAddedMs: 0.1,
  memoryAddedMb: 150,
};

export function median(values) {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Extra time one request spends in the target at concurrency 1: the difference of round trips. */
export function addedMsPerRequest(rps, directRps) {
  return 1000 / rps - 1000 / directRps;
}

const fmt = (n, digits) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const signed = (n, digits) =>
  Number.isFinite(n) ? `${n >= 0 ? '+' : ''}${n.toFixed(digits)}` : 'n/a';

/**
 * Derived numbers of one target against direct. `r` and `direct` are
 * {c1Rps, c32Rps, sse:{ttfbMs,gapMs,totalMs}, memory:{idleMb,loadedMb,opened,count}|null}.
 */
export function derive(r, direct) {
  return {
    c1Rps: r.c1Rps,
    c1AddedMs: addedMsPerRequest(r.c1Rps, direct.c1Rps),
    c32Rps: r.c32Rps,
    c32Percent: (100 * r.c32Rps) / direct.c32Rps,
    ttfbMs: r.sse.ttfbMs,
    ttfbAddedMs: r.sse.ttfbMs - direct.sse.ttfbMs,
    gapMs: r.sse.gapMs,
    perEventAddedMs: r.sse.gapMs - direct.sse.gapMs,
    totalMs: r.sse.totalMs,
    memory: r.memory,
    memoryAddedMb: r.memory ? r.memory.loadedMb - r.memory.idleMb : NaN,
  };
}

/** The proxy's numbers against the targets; each entry says whether it is met. */
export function checkTargets(d) {
  const allOpen = d.memory !== null && d.memory.opened === d.memory.count;
  return [
    {
      name: 'added per request at c=1',
      target: `≤ ${TARGETS.c1AddedMs} ms`,
      value: `${fmt(d.c1AddedMs, 3)} ms`,
      met: d.c1AddedMs <= TARGETS.c1AddedMs,
    },
    {
      name: 'throughput at c=32',
      target: `≥ ${TARGETS.c32PercentOfDirect} % of direct`,
      value: `${fmt(d.c32Percent, 1)} %`,
      met: d.c32Percent >= TARGETS.c32PercentOfDirect,
    },
    {
      name: 'SSE time to first byte, added',
      target: `≤ ${TARGETS.ttfbAddedMs} ms`,
      value: `${fmt(d.ttfbAddedMs, 3)} ms`,
      met: d.ttfbAddedMs <= TARGETS.ttfbAddedMs,
    },
    {
      name: 'SSE delay per event, added',
      target: `≤ ${TARGETS.perEventAddedMs} ms (none beyond noise)`,
      value: `${fmt(d.perEventAddedMs, 3)} ms`,
      met: d.perEventAddedMs <= TARGETS.perEventAddedMs,
    },
    {
      name: `memory with ${d.memory?.count ?? 500} open streams, added`,
      target: `< ${TARGETS.memoryAddedMb} MB, every stream open`,
      value: d.memory
        ? `${fmt(d.memoryAddedMb, 1)} MB (${d.memory.opened}/${d.memory.count} streams open)`
        : 'n/a',
      met: allOpen && d.memoryAddedMb < TARGETS.memoryAddedMb,
    },
  ];
}

function memoryCell(d, isDirect) {
  if (isDirect || !d.memory) return 'n/a';
  const m = d.memory;
  const partial = m.opened === m.count ? '' : ` (only ${m.opened}/${m.count} open)`;
  return `${fmt(m.idleMb, 0)} → ${fmt(m.loadedMb, 0)} MB, +${fmt(d.memoryAddedMb, 1)}${partial}`;
}

/** The markdown table; `results` maps a column key to its raw result (absent = not measured). */
export function renderTable(results) {
  const direct = results.direct;
  const cols = COLUMNS.filter((c) => results[c.key]);
  const d = Object.fromEntries(cols.map((c) => [c.key, derive(results[c.key], direct)]));
  const rows = [
    ['c=1 JSON POST, req/s (median of runs)', (x) => fmt(x.c1Rps, 0)],
    ['c=1 added per request, ms', (x, k) => (k === 'direct' ? '—' : signed(x.c1AddedMs, 3))],
    ['c=32 JSON POST, req/s', (x) => fmt(x.c32Rps, 0)],
    ['c=32 % of direct', (x) => `${fmt(x.c32Percent, 1)} %`],
    ['SSE time to first byte, ms (median)', (x) => fmt(x.ttfbMs, 3)],
    [
      'SSE time to first byte added, ms',
      (x, k) => (k === 'direct' ? '—' : signed(x.ttfbAddedMs, 3)),
    ],
    ['SSE gap between events, ms (median)', (x) => fmt(x.gapMs, 3)],
    ['SSE per-event added, ms', (x, k) => (k === 'direct' ? '—' : signed(x.perEventAddedMs, 3))],
    ['SSE whole stream, ms (median)', (x) => fmt(x.totalMs, 2)],
    ['RSS idle → 500 open streams', (x, k) => memoryCell(x, k === 'direct')],
  ];
  const head = `| | ${cols.map((c) => c.title).join(' | ')} |`;
  const sep = `|---|${cols.map(() => '---:').join('|')}|`;
  const body = rows.map(
    ([label, cell]) => `| ${label} | ${cols.map((c) => cell(d[c.key], c.key)).join(' | ')} |`,
  );
  return [head, sep, ...body].join('\n');
}

export function renderTargets(checks) {
  const lines = ['| target | goal | reached | met |', '|---|---|---|---|'];
  for (const c of checks)
    lines.push(`| ${c.name} | ${c.target} | ${c.value} | ${c.met ? 'yes' : '**no**'} |`);
  return lines.join('\n');
}

/**
 * Self time per function from a V8 .cpuprofile, largest first. `(idle)` is left out of the
 * percentages: it is the process waiting, not work.
 */
export function summarizeProfile(profile, top = 15) {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let busyUs = 0;
  for (let i = 0; i < samples.length; i++) {
    const node = byNode.get(samples[i]);
    if (!node) continue;
    const us = Math.max(0, deltas[i] ?? 0);
    const f = node.callFrame;
    if (f.functionName === '(idle)') continue;
    const where = f.url
      ? `${f.url.replace(/^.*\/(node_modules|out|src)\//, '$1/')}:${f.lineNumber + 1}`
      : '';
    const key = `${f.functionName || '(anonymous)'}\t${where}`;
    self.set(key, (self.get(key) ?? 0) + us);
    busyUs += us;
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, us]) => {
      const [fn, where] = key.split('\t');
      return { fn, where, selfMs: us / 1000, percent: busyUs > 0 ? (100 * us) / busyUs : 0 };
    });
}

export function renderProfile(rows) {
  const lines = ['| self time | % of busy | function | where |', '|---:|---:|---|---|'];
  for (const r of rows) {
    lines.push(
      `| ${r.selfMs.toFixed(0)} ms | ${r.percent.toFixed(1)} % | \`${r.fn}\` | ${r.where || '(native)'} |`,
    );
  }
  return lines.join('\n');
}
