// The measurements of `npm run bench`, against whichever targets are up. Repeated measurements are
// interleaved across targets so a noisy moment on the (shared) machine hits all of them alike.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './report.mjs';
import { rssMb } from './procs.mjs';

export const PLAN = {
  full: {
    warmSecs: 2,
    c1Secs: 4,
    c1Runs: 3,
    c32Secs: 5,
    c32Runs: 2,
    sseStreams: 20,
    holdCount: 500,
  },
  quick: {
    warmSecs: 1,
    c1Secs: 1,
    c1Runs: 1,
    c32Secs: 1,
    c32Runs: 1,
    sseStreams: 5,
    holdCount: 100,
  },
};

// 20 events 5 ms apart for timing; for memory, slow streams that stay open while RSS is read.
const SSE_QUERY = '?events=20&gap=5';
const HOLD_QUERY = '?events=60&gap=1000';

const url = (port, query = '') => `http://127.0.0.1:${port}/v1/responses${query}`;

function checkJson(name, r) {
  if (r.errors > 0 || r.non2xx > 0) {
    throw new Error(
      `${name}: ${r.errors} transport errors and ${r.non2xx} non-2xx answers under load`,
    );
  }
  return r.rps;
}

/**
 * targets: [{ key, port, pid|null }]. Returns { [key]: TargetResult } plus the raw runs.
 * `log` prints progress lines.
 */
export async function measureAll(ask, targets, plan, log) {
  const c1 = Object.fromEntries(targets.map((t) => [t.key, []]));
  const c32 = Object.fromEntries(targets.map((t) => [t.key, []]));
  const sse = {};
  const memory = {};

  for (const t of targets) {
    log(`warm-up ${t.key}`);
    await ask({ cmd: 'json', url: url(t.port), connections: 32, seconds: plan.warmSecs });
    await ask({ cmd: 'sse', url: url(t.port, SSE_QUERY), count: 3 });
  }
  for (let run = 1; run <= plan.c1Runs; run++) {
    for (const t of targets) {
      const r = await ask({ cmd: 'json', url: url(t.port), connections: 1, seconds: plan.c1Secs });
      c1[t.key].push(checkJson(t.key, r));
      log(`c=1  ${t.key.padEnd(6)} run ${run}: ${r.rps.toFixed(0)} req/s`);
    }
  }
  for (let run = 1; run <= plan.c32Runs; run++) {
    for (const t of targets) {
      const r = await ask({
        cmd: 'json',
        url: url(t.port),
        connections: 32,
        seconds: plan.c32Secs,
      });
      c32[t.key].push(checkJson(t.key, r));
      log(`c=32 ${t.key.padEnd(6)} run ${run}: ${r.rps.toFixed(0)} req/s`);
    }
  }
  for (const t of targets) {
    sse[t.key] = await ask({ cmd: 'sse', url: url(t.port, SSE_QUERY), count: plan.sseStreams });
    const s = sse[t.key];
    log(
      `sse  ${t.key.padEnd(6)} ttfb ${s.ttfbMs.toFixed(3)} ms, gap ${s.gapMs.toFixed(3)} ms, total ${s.totalMs.toFixed(1)} ms`,
    );
  }
  for (const t of targets) {
    if (t.pid === null) {
      memory[t.key] = null;
      continue;
    }
    const idleMb = rssMb(t.pid);
    const { opened } = await ask({
      cmd: 'hold',
      url: url(t.port, HOLD_QUERY),
      count: plan.holdCount,
      timeoutMs: 10_000,
    });
    const loadedMb = rssMb(t.pid);
    await ask({ cmd: 'release' });
    memory[t.key] = { idleMb, loadedMb, opened, count: plan.holdCount };
    log(
      `mem  ${t.key.padEnd(6)} ${idleMb.toFixed(0)} → ${loadedMb.toFixed(0)} MB with ${opened}/${plan.holdCount} streams open`,
    );
  }

  const results = {};
  for (const t of targets) {
    results[t.key] = {
      c1Rps: median(c1[t.key]),
      c32Rps: median(c32[t.key]),
      sse: sse[t.key],
      memory: memory[t.key],
    };
  }
  return { results, runs: { c1, c32 } };
}

/** Load at c=32 while the proxy runs under --cpu-prof; returns the parsed profile. */
export async function profileUnderLoad(ask, port, seconds, stop, profDir) {
  await ask({ cmd: 'json', url: url(port), connections: 32, seconds: 1 });
  await ask({ cmd: 'json', url: url(port), connections: 32, seconds });
  await stop();
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile was written to ${profDir}`);
  return JSON.parse(readFileSync(join(profDir, file), 'utf8'));
}
