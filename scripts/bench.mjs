// `npm run bench`: direct-to-upstream versus a bare Node pass-through, nginx (when installed) and
// codex-helper-desktop's engine, on the same fake upstream, each in its own process, with the load
// generator in another. Prints the table and writes docs/benchmarks.md.
//   --quick    short runs and 100 streams (a smoke check; does not write docs/benchmarks.md)
//   --profile  also take a CPU profile of the proxy under c=32 load even if every target is met
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBuild } from './build.mjs';
import { measureAll, PLAN, profileUnderLoad } from '../bench/measure.mjs';
import { nginxBinary, startLoad, startNginx, startTarget, stopChild } from '../bench/procs.mjs';
import {
  checkTargets,
  derive,
  renderProfile,
  renderTable,
  renderTargets,
  summarizeProfile,
} from '../bench/report.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const plan = quick ? PLAN.quick : PLAN.full;
const log = (line) => process.stderr.write(`${line}\n`);

function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  const nproc = spawnSync('nproc', [], { encoding: 'utf8' }).stdout.trim() || String(cpus().length);
  const nginxVersion = (bin) =>
    spawnSync(bin, ['-v'], { encoding: 'utf8' })
      .stderr.trim()
      .replace(/^nginx version: /, '');
  return { model, nproc, node: process.version, nginxVersion };
}

function startProxy(upstreamPort, nodeFlags = []) {
  return startTarget('codex-helper-desktop proxy', process.execPath, [
    ...nodeFlags,
    join(root, 'out/main/bench-proxy.js'),
    String(upstreamPort),
  ]);
}

async function main() {
  if (!runBuild(log)) process.exit(1);
  const m = machine();
  const started = [];
  const cleanups = [];
  const load = startLoad(join(root, 'bench/load.mjs'));
  let profileRows = null;
  let results;
  let runs;
  let nginxVersion = null;
  try {
    const upstream = await startTarget('fake upstream', process.execPath, [
      join(root, 'bench/upstream.mjs'),
    ]);
    started.push(upstream.child);
    const upPort = upstream.info.port;
    const bare = await startTarget('bare pass-through', process.execPath, [
      join(root, 'bench/bare-proxy.mjs'),
      String(upPort),
    ]);
    started.push(bare.child);
    const targets = [
      { key: 'direct', port: upPort, pid: null },
      { key: 'bare', port: bare.info.port, pid: bare.child.pid },
    ];
    const nginxBin = nginxBinary();
    if (nginxBin) {
      const nginx = await startNginx(nginxBin, upPort);
      started.push(nginx.child);
      cleanups.push(nginx.cleanup);
      nginxVersion = m.nginxVersion(nginxBin);
      targets.push({ key: 'nginx', port: nginx.info.port, pid: nginx.child.pid });
    } else {
      log('nginx is not installed: its column is left out (apt-get install nginx to add it)');
    }
    const proxy = await startProxy(upPort);
    started.push(proxy.child);
    targets.push({ key: 'proxy', port: proxy.info.port, pid: proxy.child.pid });

    ({ results, runs } = await measureAll(load.ask, targets, plan, log));
    await stopChild(proxy.child);

    const missed = checkTargets(derive(results.proxy, results.direct)).some((c) => !c.met);
    if (missed || args.has('--profile')) {
      log('profiling the proxy under c=32 load (node --cpu-prof)...');
      const profDir = mkdtempSync(join(tmpdir(), 'chd-bench-prof-'));
      cleanups.push(() => rmSync(profDir, { recursive: true, force: true }));
      const profiled = await startProxy(upPort, ['--cpu-prof', `--cpu-prof-dir=${profDir}`]);
      started.push(profiled.child);
      const profile = await profileUnderLoad(
        load.ask,
        profiled.info.port,
        plan.c32Secs,
        () => stopChild(profiled.child),
        profDir,
      );
      profileRows = summarizeProfile(profile, 20);
    }
  } finally {
    load.child.disconnect();
    for (const c of started.reverse()) await stopChild(c);
    for (const clean of cleanups) clean();
  }

  const table = renderTable(results);
  const checks = checkTargets(derive(results.proxy, results.direct));
  process.stdout.write(`\n${table}\n\n${renderTargets(checks)}\n`);
  if (profileRows) process.stdout.write(`\n${renderProfile(profileRows)}\n`);
  if (quick) {
    log('\n--quick: docs/benchmarks.md left as it is');
    return;
  }
  const doc = renderDoc({ m, nginxVersion, table, checks, profileRows, runs });
  writeFileSync(join(root, 'docs/benchmarks.md'), doc);
  log('\nwrote docs/benchmarks.md');
}

function renderDoc({ m, nginxVersion, table, checks, profileRows, runs }) {
  const notesFile = join(root, 'bench/notes.md');
  const notes = existsSync(notesFile) ? readFileSync(notesFile, 'utf8').trim() : '';
  const runList = (key) =>
    Object.entries(runs[key])
      .map(([k, v]) => `${k} ${v.map((x) => x.toFixed(0)).join(' / ')}`)
      .join('; ');
  return `# Proxy benchmark

Generated by \`npm run bench\` (scripts/bench.mjs) on ${new Date().toISOString().slice(0, 10)}.
Do not edit the numbers by hand: run the command again.

- Machine: ${m.nproc} CPUs (\`nproc\`), ${m.model}; Node ${m.node}${nginxVersion ? `; ${nginxVersion}` : '; nginx not installed'}.
- Command: \`npm run bench\`.
- Every target sits in front of the same fake upstream (bench/upstream.mjs, node:http) and runs in
  its own process; the load generator (autocannon for JSON, a node:http client timed with
  \`process.hrtime\` for SSE) is a fourth process. Everything is on 127.0.0.1.
- Targets: **direct** (the fake upstream itself), **bare pass-through** (bench/bare-proxy.mjs:
  node:http piping with a keep-alive agent, nothing else), **nginx** (one worker, keep-alive
  upstream, \`proxy_buffering off\`), **codex-helper-desktop** (the whole engine from
  bench/proxy-process.ts: balancer, classification, usage, request log to
  \`<home>/logs/requests.jsonl\`, with a dummy \`auth_token_env\` key).
- JSON: \`POST /v1/responses\` with a 30-byte body, answered with a small JSON carrying \`usage\`.
  c=1: ${plan.c1Runs} runs of ${plan.c1Secs} s per target, interleaved, median; added ms per request =
  1000/req/s(target) − 1000/req/s(direct). c=32: ${plan.c32Runs} runs of ${plan.c32Secs} s, median. Each target is warmed up first.
- SSE: ${plan.sseStreams} sequential streams of 20 events 5 ms apart; time to first byte = request
  sent → first complete event; per-event added = median gap between events through the target
  minus the median gap seen direct (the upstream's real gap, timer jitter included).
- Memory: VmRSS of the target's process (nginx: master + worker) idle, then with
  ${plan.holdCount} streams open at once (each has received its first event; the upstream sends one event a
  second), added = difference.

## Results

${table}

Raw req/s per run — c=1: ${runList('c1')}. c=32: ${runList('c32')}.

## Targets (codex-helper-desktop)

${renderTargets(checks)}
${
  profileRows
    ? `
## Where the time goes (CPU profile of the proxy under c=32 load)

\`node --cpu-prof\` on the proxy process while autocannon runs c=32 for ${plan.c32Secs} s; self time per
function, idle excluded (the bundle's chunk names are electron-vite's).

${renderProfile(profileRows)}
`
    : ''
}${notes ? `\n${notes}\n` : ''}`;
}

main().catch((err) => {
  log(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
