// The scale part of `npm run bench`, in its own process (forked by bench/scale.mjs with an IPC
// channel): the balancer with a 1 000-upstream station timed in-process, and a whole engine with a
// many-upstream config whose snapshot builds and pushes are timed while the bench's load generator
// (another process) sends traffic.
// Usage: node out/main/bench-scale.js <upstream-port> <upstreams>
// Answers messages: {cmd:'micro'} → balancer timings; {cmd:'snapshot', samples} → build times;
// {cmd:'pushStart'} / {cmd:'pushStop'} → pushes and CPU between the two; {cmd:'rss'}.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Balancer } from '../src/main/engine/balancer';
import { parseConfig } from '../src/main/engine/config';
import { balancerPolicyOf, resolveRetryPolicy } from '../src/main/engine/config/retry-policy';
import { createEngine } from '../src/main/engine';
import type { StationView } from '../src/main/engine/types';
import { manyUpstreamsToml } from './many-upstreams.mjs';
import { postResponses } from './post.mjs';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] ?? NaN;
};

/** Mean µs per call of `fn` over `n` calls, median of 5 such batches. */
function timeUs(n: number, fn: (i: number) => void): number {
  const batches: number[] = [];
  for (let b = 0; b < 5; b++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn(i);
    batches.push(((performance.now() - t0) * 1000) / n);
  }
  return median(batches);
}

function micro(upstreamPort: number, n: number) {
  const loaded = parseConfig(manyUpstreamsToml({ port: upstreamPort, codex: n }), 'bench.toml');
  if (!loaded.ok) throw new Error(loaded.error.message);
  const config = loaded.config;
  const station = config.codex.stations.find((s) => s.name === 'main');
  if (!station) throw new Error('no main station');
  const view: StationView = { service: 'codex', name: 'main', upstreams: station.upstreams };
  let now = 1_000_000;
  const clock = { now: () => now };
  const balancer = new Balancer({
    clock,
    policy: balancerPolicyOf(resolveRetryPolicy(config.retry)),
    env: { BENCH_UPSTREAM_KEY: 'bench-dummy-key' },
  });
  const calls = 20_000;
  // Warm (JIT) and the state's first layout.
  for (let i = 0; i < calls; i++) balancer.select(view);
  const selectSticky = timeUs(calls, () => balancer.select(view));
  const recordSuccess = timeUs(calls, () => balancer.recordResult(view, 0, true));
  // The worst case: every upstream but the last cooling down, so select scans all of them.
  for (let i = 0; i < n - 1; i++) {
    for (let k = 0; k < 10; k++) balancer.recordResult(view, i, false);
  }
  const selectScan = timeUs(calls, () => balancer.select(view));
  const recordFailure = timeUs(calls, (i) => balancer.recordResult(view, i % (n - 1), false));
  now += 1;
  return { n, selectSticky, selectScan, recordSuccess, recordFailure };
}

async function post(port: number): Promise<void> {
  const status = await postResponses(port);
  if (status === 0) throw new Error(`bench-scale: the request to port ${port} failed`);
}

async function main(): Promise<void> {
  const upstreamPort = Number(process.argv[2]);
  const n = Number(process.argv[3] ?? 1000);
  const home = mkdtempSync(join(tmpdir(), 'chd-bench-scale-'));
  writeFileSync(join(home, 'config.toml'), manyUpstreamsToml({ port: upstreamPort, codex: n }), {
    mode: 0o600,
  });
  const engine = createEngine({
    home,
    codexHome: join(home, 'codex-home'),
    claudeConfigDir: join(home, 'claude-home'),
    env: { BENCH_UPSTREAM_KEY: 'bench-dummy-key' },
    ports: { codex: 0, claude: false },
  });
  await engine.start();
  const port = engine.snapshot().services.codex.listening?.port;
  if (!port) throw new Error('the codex listener did not start');

  let pushes = 0;
  let unsubscribe: (() => void) | null = null;
  let cpuAt = process.cpuUsage();
  let wallAt = performance.now();

  const commands: Record<string, (msg: Record<string, number>) => unknown> = {
    micro: () => micro(upstreamPort, n),
    snapshot: async (msg) => {
      const times: number[] = [];
      for (let i = 0; i < (msg.samples ?? 30); i++) {
        await post(port); // a finished request marks the snapshot changed
        const t0 = performance.now();
        engine.snapshot();
        times.push(performance.now() - t0);
      }
      return { buildMs: median(times), maxMs: Math.max(...times), upstreams: n };
    },
    pushStart: () => {
      pushes = 0;
      unsubscribe = engine.onSnapshot(() => (pushes += 1));
      cpuAt = process.cpuUsage();
      wallAt = performance.now();
      return {};
    },
    pushStop: () => {
      unsubscribe?.();
      const cpu = process.cpuUsage(cpuAt);
      const secs = (performance.now() - wallAt) / 1000;
      return { pushesPerSec: pushes / secs, cpuPercent: (cpu.user + cpu.system) / 10_000 / secs };
    },
  };
  process.on('message', (msg: Record<string, number> & { cmd: string }) => {
    void (async () => {
      try {
        const run = commands[msg.cmd];
        if (!run) throw new Error(`unknown scale command "${msg.cmd}"`);
        process.send?.({ ok: true, value: await run(msg) });
      } catch (err) {
        process.send?.({ ok: false, error: err instanceof Error ? err.message : String(err) });
      }
    })();
  });
  const stop = async () => {
    await engine.stop();
    rmSync(home, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  process.send?.({ ok: true, value: { port } });
}

void main();
