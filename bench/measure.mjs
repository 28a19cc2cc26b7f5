// The measurements of `npm run bench`, against whichever targets are up. Repeated measurements are
// interleaved across targets so a noisy moment on the (shared) machine hits all of them alike; the
// CPU each target spends is read from /proc/<pid>/stat around every run.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './report.mjs';
import { cpuMs, rssMb } from './procs.mjs';

export const PLAN = {
  full: {
    warmSecs: 2,
    c1Secs: 3,
    c32Secs: 3,
    runs: 3,
    sseRounds: 3,
    sseStreamsPerRound: 20,
    holdCount: 500,
    idleSecs: 10,
    profileSecs: 5,
  },
  quick: {
    warmSecs: 1,
    c1Secs: 1,
    c32Secs: 1,
    runs: 1,
    sseRounds: 2,
    sseStreamsPerRound: 3,
    holdCount: 100,
    idleSecs: 3,
    profileSecs: 2,
  },
};

export const APIS = { codex: '/v1/responses', claude: '/v1/messages' };

// For first-event timing: 20 events 5 ms apart. For streams under load: 10 events as fast as the
// upstream's loop goes. For memory: slow streams that stay open while RSS is read.
export const SSE_QUERY = '?events=20&gap=5';
const SSE_LOAD_QUERY = '?events=10&gap=0';
const HOLD_QUERY = '?events=60&gap=1000';

export const MODES = [
  { key: 'c1', connections: 1, stream: false, query: '', secs: (p) => p.c1Secs },
  { key: 'c32', connections: 32, stream: false, query: '', secs: (p) => p.c32Secs },
  { key: 'sse32', connections: 32, stream: true, query: SSE_LOAD_QUERY, secs: (p) => p.c32Secs },
];

export const url = (port, api, query = '') => `http://127.0.0.1:${port}${APIS[api]}${query}`;

function checkLoad(name, r) {
  if (r.errors > 0 || r.non2xx > 0) {
    throw new Error(
      `${name}: ${r.errors} transport errors and ${r.non2xx} non-2xx answers under load`,
    );
  }
}

/** One closed-loop run with the target's CPU read around it: {rps, cpuUs} (cpuUs per request). */
export async function loadRun(ask, t, api, mode, seconds) {
  const before = t.pid === null ? 0 : cpuMs(t.pid);
  const r = await ask({
    cmd: 'json',
    url: url(t.ports[api], api, mode.query),
    api,
    stream: mode.stream,
    connections: mode.connections,
    seconds,
  });
  const used = t.pid === null ? NaN : cpuMs(t.pid) - before;
  checkLoad(`${t.key} ${api} ${mode.key}`, r);
  return { rps: r.rps, cpuUs: r.requests > 0 ? (used * 1000) / r.requests : NaN };
}

const serves = (t, api) => t.ports[api] !== undefined;

/**
 * targets: [{ key, pid|null, ports: { codex?, claude? } }] (pid null = not measured for CPU).
 * Returns { results: { [api]: { [key]: TargetResult } }, runs, idle, memory }.
 */
export async function measureAll(ask, targets, plan, log) {
  const apis = Object.keys(APIS);
  const runs = {};
  const sse = {};
  for (const api of apis) {
    runs[api] = Object.fromEntries(MODES.map((m) => [m.key, {}]));
    sse[api] = {};
    for (const t of targets.filter((x) => serves(x, api))) {
      for (const m of MODES) runs[api][m.key][t.key] = [];
      sse[api][t.key] = { ttfbMs: [], contentMs: [], gapMs: [], totalMs: [], rounds: [] };
      log(`warm-up ${api} ${t.key}`);
      await loadRun(ask, t, api, MODES[1], plan.warmSecs);
      await loadRun(ask, t, api, MODES[2], 1);
      await ask({ cmd: 'sse', url: url(t.ports[api], api, SSE_QUERY), api, count: 3 });
    }
  }

  for (let run = 1; run <= plan.runs; run++) {
    for (const api of apis) {
      for (const m of MODES) {
        for (const t of targets.filter((x) => serves(x, api))) {
          const r = await loadRun(ask, t, api, m, m.secs(plan));
          runs[api][m.key][t.key].push(r);
          log(
            `${api.padEnd(6)} ${m.key.padEnd(5)} ${t.key.padEnd(8)} run ${run}: ${r.rps.toFixed(0)} req/s, ${Number.isFinite(r.cpuUs) ? r.cpuUs.toFixed(0) : '—'} µs CPU/request`,
          );
        }
      }
    }
  }

  // Sequential streams, in rounds; within a round the targets take turns stream by stream, so
  // every target is timed at the same moments as bare.
  for (let round = 1; round <= plan.sseRounds; round++) {
    for (const api of apis) {
      const timed = targets.filter((x) => serves(x, api));
      const results = await ask({
        cmd: 'sse',
        urls: timed.map((t) => url(t.ports[api], api, SSE_QUERY)),
        api,
        count: plan.sseStreamsPerRound,
      });
      timed.forEach((t, i) => {
        for (const k of ['ttfbMs', 'contentMs', 'gapMs', 'totalMs'])
          sse[api][t.key][k].push(...results[i][k]);
        // Each round's medians too: the report lists them, so a reader sees the spread.
        sse[api][t.key].rounds.push({
          ttfbMs: median(results[i].ttfbMs),
          contentMs: median(results[i].contentMs),
        });
      });
    }
  }

  // Idle: every target at once, no traffic (the upstream pools still hold their connections).
  const idle = {};
  const measured = targets.filter((t) => t.pid !== null);
  const start = measured.map((t) => cpuMs(t.pid));
  await new Promise((r) => setTimeout(r, plan.idleSecs * 1000));
  measured.forEach((t, i) => {
    idle[t.key] = (100 * (cpuMs(t.pid) - start[i])) / (plan.idleSecs * 1000);
  });
  log(
    `idle CPU over ${plan.idleSecs} s: ${measured.map((t) => `${t.key} ${idle[t.key].toFixed(2)} %`).join(', ')}`,
  );

  // Memory with many slow streams open, on the Claude path (every target serves it).
  const memory = {};
  for (const t of measured.filter((x) => serves(x, 'claude'))) {
    const idleMb = rssMb(t.pid);
    const { opened } = await ask({
      cmd: 'hold',
      url: url(t.ports.claude, 'claude', HOLD_QUERY),
      api: 'claude',
      count: plan.holdCount,
      timeoutMs: 15_000,
    });
    const loadedMb = rssMb(t.pid);
    await ask({ cmd: 'release' });
    memory[t.key] = { idleMb, loadedMb, opened, count: plan.holdCount };
    log(
      `mem  ${t.key.padEnd(8)} ${idleMb.toFixed(0)} → ${loadedMb.toFixed(0)} MB with ${opened}/${plan.holdCount} streams open`,
    );
  }

  const results = {};
  for (const api of apis) {
    results[api] = {};
    for (const t of targets.filter((x) => serves(x, api))) {
      const pick = (mode, k) => median(runs[api][mode][t.key].map((r) => r[k]));
      const s = sse[api][t.key];
      results[api][t.key] = {
        c1Rps: pick('c1', 'rps'),
        c1CpuUs: pick('c1', 'cpuUs'),
        c32Rps: pick('c32', 'rps'),
        c32CpuUs: pick('c32', 'cpuUs'),
        sse32Rps: pick('sse32', 'rps'),
        sse32CpuUs: pick('sse32', 'cpuUs'),
        sse: {
          ttfbMs: median(s.ttfbMs),
          contentMs: median(s.contentMs),
          gapMs: median(s.gapMs),
          totalMs: median(s.totalMs),
          rounds: s.rounds,
        },
        idlePercent: idle[t.key] ?? NaN,
        memory: memory[t.key] ?? null,
      };
    }
  }
  return { results, runs };
}

/**
 * JSON at c=32 on each API while a target runs under --cpu-prof; returns the parsed profile and
 * how many requests the target served in that time (warm-up included: it is profiled too).
 */
export async function profileUnderLoad(ask, ports, plan, stop, profDir) {
  let requests = 0;
  for (const api of Object.keys(APIS)) {
    if (ports[api] === undefined) continue;
    for (const seconds of [1, plan.profileSecs]) {
      const r = await ask({
        cmd: 'json',
        url: url(ports[api], api),
        api,
        connections: 32,
        seconds,
      });
      requests += r.requests;
    }
  }
  await stop();
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile was written to ${profDir}`);
  return { profile: JSON.parse(readFileSync(join(profDir, file), 'utf8')), requests };
}
