// The scale part of `npm run bench`: costs that grow with a user's setup. 1 000 upstreams in a
// station (balancer, snapshot, pushes under 500 req/s), 5 000 open streams, an idle `serve`, and
// how soon `serve` answers after launch with a 1 000-upstream config.
import { fork, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { manyUpstreamsToml } from './many-upstreams.mjs';
import {
  cpuMs,
  freePort,
  postResponses,
  rssMb,
  startLoad,
  startTarget,
  stopChild,
} from './procs.mjs';

export const SCALE_TARGETS = {
  selectUs: 20,
  recordUs: 20,
  snapshotMs: 5,
  pushesPerSec: 10,
  buildPercent: 10,
  streams: 5000,
  streamsAddedMb: 300,
  idlePercent: 0.5,
  startMs: 1000,
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function forkScale(root, upstreamPort, n) {
  const child = fork(join(root, 'out/main/bench-scale.js'), [String(upstreamPort), String(n)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = (msg) =>
    new Promise((resolve, reject) => {
      const onExit = (code) => reject(new Error(`bench-scale exited with ${code}`));
      child.once('exit', onExit);
      child.once('message', (reply) => {
        child.off('exit', onExit);
        if (reply.ok) resolve(reply.value);
        else reject(new Error(`bench-scale: ${reply.error}`));
      });
      if (msg) child.send(msg);
    });
  return { child, ask };
}

/**
 * A `serve` process on a throw-away home with `config` (and `prepare(home)` run first); resolves
 * once a request through its codex listener was answered, with the time that took from launch.
 */
export async function launchServe(root, config, ports, { prepare = null, env = {} } = {}) {
  const home = mkdtempSync(join(tmpdir(), 'chd-bench-serve-'));
  mkdirSync(join(home, 'codex-home'));
  mkdirSync(join(home, 'claude-home'));
  writeFileSync(join(home, 'config.toml'), config, { mode: 0o600 });
  prepare?.(home);
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(root, 'out/main/serve.js'), '--home', home], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      BENCH_UPSTREAM_KEY: 'bench-dummy-key',
      CODEX_HOME: join(home, 'codex-home'),
      CLAUDE_CONFIG_DIR: join(home, 'claude-home'),
      ...env,
    },
  });
  child.stdout.resume();
  child.stderr.resume();
  // First answered request: poll the codex listener with a real proxied request.
  let firstMs = NaN;
  for (let i = 0; i < 2000; i++) {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}`);
    if ((await postResponses(ports.codex)) === 200) {
      firstMs = performance.now() - t0;
      break;
    }
    await sleep(5);
  }
  return {
    child,
    firstMs,
    home,
    stop: async () => {
      await stopChild(child);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export async function servePorts() {
  return { codex: await freePort(), claude: await freePort(), console: await freePort() };
}

export async function runScale({ root, quick, log }) {
  const out = {};
  const upstream = await startTarget('fake upstream', process.execPath, [
    join(root, 'bench/upstream.mjs'),
  ]);
  const load = startLoad(join(root, 'bench/load.mjs'));
  const upPort = upstream.info.port;
  try {
    const n = 1000;
    const scale = forkScale(root, upPort, n);
    const { port } = await scale.ask(null);
    log(`scale: engine with ${n} upstreams on port ${port}`);
    out.micro = await scale.ask({ cmd: 'micro' });
    log(`scale: balancer ${JSON.stringify(out.micro)}`);
    out.snapshot = await scale.ask({ cmd: 'snapshot', samples: quick ? 10 : 40 });
    log(`scale: snapshot ${JSON.stringify(out.snapshot)}`);

    const url = `http://127.0.0.1:${port}/v1/responses`;
    const rate = 500;
    const secs = quick ? 3 : 10;
    await scale.ask({ cmd: 'pushStart' });
    const r = await load.ask({
      cmd: 'json',
      url,
      api: 'codex',
      connections: 8,
      seconds: secs,
      rate,
    });
    out.pushes = { ...(await scale.ask({ cmd: 'pushStop' })), rps: r.rps, secs };
    out.pushes.buildPercent = (out.pushes.pushesPerSec * out.snapshot.buildMs) / 10;
    log(`scale: under ${rate} req/s ${JSON.stringify(out.pushes)}`);

    const count = quick ? 500 : SCALE_TARGETS.streams;
    const idleMb = rssMb(scale.child.pid);
    const { opened } = await load.ask({
      cmd: 'hold',
      url: `${url}?events=30&gap=10000`,
      api: 'codex',
      count,
      timeoutMs: 60_000,
    });
    const loadedMb = rssMb(scale.child.pid);
    await load.ask({ cmd: 'release' });
    out.streams = { count, opened, idleMb, loadedMb };
    log(
      `scale: ${opened}/${count} streams open, RSS ${idleMb.toFixed(0)} → ${loadedMb.toFixed(0)} MB`,
    );
    scale.child.disconnect();
    await stopChild(scale.child);

    // Idle serve: 50 upstreams, then 1 000 (the config file is polled; its size may matter).
    out.idle = [];
    for (const [upstreams, idleSecs] of [
      [50, quick ? 5 : 60],
      [1000, quick ? 5 : 20],
    ]) {
      const ports = await servePorts();
      const s = await launchServe(
        root,
        manyUpstreamsToml({ port: upPort, codex: upstreams, ports }),
        ports,
      );
      await sleep(2000);
      const before = cpuMs(s.child.pid);
      await sleep(idleSecs * 1000);
      const percent = (100 * (cpuMs(s.child.pid) - before)) / (idleSecs * 1000);
      await s.stop();
      out.idle.push({ upstreams, secs: idleSecs, percent });
      log(
        `scale: idle serve with ${upstreams} upstreams: ${percent.toFixed(3)} % of a core over ${idleSecs} s`,
      );
    }

    // Start: launch → first proxied answer, 1 000 upstreams, built bundle.
    const starts = [];
    for (let i = 0; i < (quick ? 1 : 3); i++) {
      const ports = await servePorts();
      const s = await launchServe(
        root,
        manyUpstreamsToml({ port: upPort, codex: 1000, ports }),
        ports,
      );
      starts.push(s.firstMs);
      await s.stop();
    }
    out.start = { runs: starts, upstreams: 1000 };
    log(`scale: serve first answer after ${starts.map((x) => x.toFixed(0)).join(' / ')} ms`);
  } finally {
    load.child.disconnect();
    await stopChild(upstream.child);
  }
  return out;
}

const fmt = (n, d) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export function renderScale(s) {
  const T = SCALE_TARGETS;
  const m = s.micro;
  const idle50 = s.idle.find((x) => x.upstreams === 50);
  const idle1000 = s.idle.find((x) => x.upstreams === 1000);
  const startMs = med(s.start.runs);
  const addedMb = s.streams.loadedMb - s.streams.idleMb;
  const rows = [
    [
      '`select`, sticky pick (the usual case)',
      `< ${T.selectUs} µs`,
      `${fmt(m.selectSticky, 2)} µs`,
      m.selectSticky < T.selectUs,
    ],
    [
      '`select`, all but the last upstream cooling down',
      `< ${T.selectUs} µs`,
      `${fmt(m.selectScan, 2)} µs`,
      m.selectScan < T.selectUs,
    ],
    [
      '`recordResult`, success',
      `< ${T.recordUs} µs`,
      `${fmt(m.recordSuccess, 2)} µs`,
      m.recordSuccess < T.recordUs,
    ],
    [
      '`recordResult`, failure',
      `< ${T.recordUs} µs`,
      `${fmt(m.recordFailure, 2)} µs`,
      m.recordFailure < T.recordUs,
    ],
    [
      'snapshot build, 1 000 upstreams (median)',
      `< ${T.snapshotMs} ms`,
      `${fmt(s.snapshot.buildMs, 2)} ms (max ${fmt(s.snapshot.maxMs, 2)})`,
      s.snapshot.buildMs < T.snapshotMs,
    ],
    [
      `snapshot pushes under ${fmt(s.pushes.rps, 0)} req/s`,
      `≤ ${T.pushesPerSec} /s`,
      `${fmt(s.pushes.pushesPerSec, 1)} /s`,
      s.pushes.pushesPerSec <= T.pushesPerSec + 0.5,
    ],
    [
      'their building, share of one core',
      `< ${T.buildPercent} %`,
      `${fmt(s.pushes.buildPercent, 2)} % (whole engine: ${fmt(s.pushes.cpuPercent, 1)} %)`,
      s.pushes.buildPercent < T.buildPercent,
    ],
    [
      `${s.streams.count} open SSE streams`,
      `all open, < ${T.streamsAddedMb} MB added`,
      `${s.streams.opened}/${s.streams.count} open, +${fmt(addedMb, 0)} MB (${fmt(s.streams.idleMb, 0)} → ${fmt(s.streams.loadedMb, 0)} MB)`,
      s.streams.opened === s.streams.count && addedMb < T.streamsAddedMb,
    ],
    [
      `idle \`serve\`, 50 upstreams, ${idle50.secs} s`,
      `< ${T.idlePercent} % of a core`,
      `${fmt(idle50.percent, 3)} %`,
      idle50.percent < T.idlePercent,
    ],
    [
      `idle \`serve\`, 1 000 upstreams, ${idle1000.secs} s`,
      '(for comparison)',
      `${fmt(idle1000.percent, 3)} %`,
      null,
    ],
    [
      '`serve` launch → first proxied answer, 1 000 upstreams (median)',
      `< ${T.startMs} ms`,
      `${fmt(startMs, 0)} ms (runs ${s.start.runs.map((x) => fmt(x, 0)).join(' / ')})`,
      startMs < T.startMs,
    ],
  ];
  const table = [
    '| what | goal | measured | met |',
    '|---|---|---|---|',
    ...rows.map(
      ([a, b, c, d]) => `| ${a} | ${b} | ${c} | ${d === null ? '—' : d ? 'yes' : '**no**'} |`,
    ),
  ].join('\n');
  return `## Scale

Command: \`npm run bench\` (this part alone: \`npm run bench -- --only=scale\`).

- Balancer: a \`Balancer\` over a 1 000-upstream station from a parsed config, timed in-process
  (mean of 20 000 calls, median of 5 batches).
- Snapshot: an engine (bench/scale-process.ts) with 1 000 upstreams; each sample is one proxied
  request (which marks the snapshot changed) followed by a timed \`engine.snapshot()\`.
- Pushes: subscribers' pushes counted while the load generator sends ${fmt(s.pushes.rps, 0)} req/s for
  ${s.pushes.secs} s; their building's share of a core = pushes/s × build time.
- Streams: RSS of the same engine process before and with ${s.streams.count} slow SSE streams open (each
  has had its first event).
- Idle: \`out/main/serve.js\` with a throw-away home, CPU from \`/proc/<pid>/stat\` after a 2 s
  settle. Start: spawn → first \`POST /v1/responses\` answered 200 through the proxy (polled every
  5 ms), with the bundle already built.

${table}
`;
}
