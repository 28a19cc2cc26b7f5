// Side-by-side CPU per request of builds of the engine against the bare pass-through, for
// measuring one change (docs/benchmarks.md, "What this round changed"). Every build runs in its own
// process in front of the same fake upstream; runs are interleaved so a noisy moment hits all.
// Usage: node bench/ab.mjs OUT_DIR_A [OUT_DIR_B …] [--runs=5] [--secs=3] [--modes=c32,sse32,c1,first]
//        [--apis=codex,claude]
// Mode `first` times sequential streams (20 events 5 ms apart, 10 per target and run, the targets
// taking turns stream by stream) from the request to the first event and to the first content
// event, as the full bench does, and prints the medians.
// An OUT_DIR is a copy of `out/` after `npm run build` (e.g. `cp -r out /tmp/before`); a path
// ending in .mjs is run as a target of its own that prints {"port":N} (like bench/bare-proxy.mjs).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRun, MODES, SSE_QUERY, url } from './measure.mjs';
import { median } from './report.mjs';
import { startLoad, startTarget, stopChild } from './procs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, fallback) =>
  argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const builds = argv.filter((a) => !a.startsWith('--'));
if (builds.length === 0) {
  process.stderr.write('usage: node bench/ab.mjs OUT_DIR_A [OUT_DIR_B …] [--runs=5] [--secs=3]\n');
  process.exit(2);
}
const runs = Number(opt('runs', '5'));
const secs = Number(opt('secs', '3'));
const modes = opt('modes', 'c32').split(',');
const apis = opt('apis', 'codex,claude').split(',');
const modeOf = (key) => MODES.find((m) => m.key === key);
const unknown = modes.filter((m) => m !== 'first' && !modeOf(m));
if (unknown.length > 0) {
  process.stderr.write(
    `ab: unknown mode ${unknown.join(', ')} (known: ${MODES.map((m) => m.key).join(', ')})\n`,
  );
  process.exit(2);
}

const load = startLoad(join(root, 'bench/load.mjs'));
const started = [];
const upstream = await startTarget('fake upstream', process.execPath, [
  join(root, 'bench/upstream.mjs'),
]);
started.push(upstream.child);
const port = String(upstream.info.port);
const targets = [];
async function add(key, script) {
  const t = await startTarget(key, process.execPath, [script, port]);
  started.push(t.child);
  targets.push({
    key,
    pid: t.child.pid,
    ports: { codex: t.info.port, claude: t.info.claudePort ?? t.info.port },
  });
}
await add('bare', join(root, 'bench/bare-proxy.mjs'));
for (const b of builds) {
  await add(b, b.endsWith('.mjs') ? resolve(b) : join(resolve(b), 'main/bench-proxy.js'));
}

const run = (t, api, mode, seconds) =>
  mode === 'first'
    ? load.ask({ cmd: 'sse', url: url(t.ports[api], api, SSE_QUERY), api, count: 10 })
    : loadRun(load.ask, t, api, modeOf(mode), seconds);

/** Sequential streams: median ms to the first event and the first content event, + over bare. */
function printFirst(what, byTarget) {
  const med = (list, k) => median(list.flatMap((r) => r[k]));
  const bareFirst = med(byTarget.bare, 'ttfbMs');
  const bareContent = med(byTarget.bare, 'contentMs');
  process.stdout.write(`${what}: ms to the first event / first content event (median), + bare\n`);
  for (const [key, list] of Object.entries(byTarget)) {
    const first = med(list, 'ttfbMs');
    const content = med(list, 'contentMs');
    const plus = (x, b) => `${x - b >= 0 ? '+' : ''}${(x - b).toFixed(3)}`;
    process.stdout.write(
      `  ${key.padEnd(24)} ${first.toFixed(3)} (${plus(first, bareFirst)})  ${content.toFixed(3)} (${plus(content, bareContent)})\n`,
    );
  }
}

try {
  for (const t of targets) {
    for (const api of apis) {
      await run(t, api, 'c32', 2);
      if (modes.includes('first')) await run(t, api, 'sse32', 1);
    }
  }
  const results = {};
  for (let i = 0; i < runs; i++) {
    for (const api of apis) {
      for (const mode of modes) {
        const into = (results[`${api} ${mode}`] ??= {});
        if (mode === 'first') {
          // Every target in one command: they take turns stream by stream (bench/load.mjs).
          const all = await load.ask({
            cmd: 'sse',
            urls: targets.map((t) => url(t.ports[api], api, SSE_QUERY)),
            api,
            count: 10,
          });
          targets.forEach((t, k) => (into[t.key] ??= []).push(all[k]));
          continue;
        }
        for (const t of targets) (into[t.key] ??= []).push(await run(t, api, mode, secs));
      }
    }
  }
  for (const [what, byTarget] of Object.entries(results)) {
    if (what.endsWith(' first')) {
      printFirst(what, byTarget);
      continue;
    }
    const bare = median(byTarget.bare.map((r) => r.cpuUs));
    process.stdout.write(`${what}: CPU per request (median of ${runs}), × bare\n`);
    for (const [key, list] of Object.entries(byTarget)) {
      const cpu = median(list.map((r) => r.cpuUs));
      process.stdout.write(
        `  ${key.padEnd(24)} ${cpu.toFixed(0).padStart(5)} µs  ${(cpu / bare).toFixed(2)} ×   runs ${list.map((r) => r.cpuUs.toFixed(0)).join(' / ')}\n`,
      );
    }
  }
} finally {
  for (const c of started) await stopChild(c);
  load.child.kill();
}
