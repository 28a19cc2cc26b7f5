// `npm run bench`: the relay on both paths (Codex Responses, Claude Messages) against direct, a bare
// Node pass-through, nginx (when installed) and the two peers Claude Code users install instead
// (installed by the bench itself into a temporary folder), each in its own process on the same fake
// upstream, with the load generator in another; then the scale figures (1 000 upstreams, 5 000
// streams, idle, start) and the console with 1 000 upstreams in Chromium. Prints the tables and
// writes docs/benchmarks.md.
//   --quick      short runs, fewer streams, no peers (a smoke check; docs/benchmarks.md untouched)
//   --only=LIST  some parts only (relay,scale,ui); docs/benchmarks.md is written only by a full run
//   --no-peers   leave the peers out
//   --render     write docs/benchmarks.md again from the last full run (after editing bench/notes.md)
//   --profile    also take a CPU profile of the engine under load even if every target is met
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { runBuild } from './build.mjs';
import { APIS, measureAll, PLAN, profileUnderLoad } from '../bench/measure.mjs';
import { nginxBinary, startLoad, startNginx, startTarget, stopChild } from '../bench/procs.mjs';
import { startPeers } from '../bench/peers.mjs';
import {
  checkTargets,
  derive,
  inclusiveEngineProfile,
  renderInclusive,
  renderProfile,
  renderTable,
  renderTargets,
  summarizeProfile,
} from '../bench/report.mjs';
import { headline, renderDoc } from '../bench/doc.mjs';
import { runScale } from '../bench/scale.mjs';
import { runUi } from '../bench/ui.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const args = new Set(argv);
const quick = args.has('--quick');
const onlyArg = argv.find((a) => a.startsWith('--only='));
const parts = new Set(onlyArg ? onlyArg.slice(7).split(',') : ['relay', 'scale', 'ui']);
const plan = quick ? PLAN.quick : PLAN.full;
const log = (line) => process.stderr.write(`${line}\n`);

function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  const nproc = spawnSync('nproc', [], { encoding: 'utf8' }).stdout.trim() || String(cpus().length);
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return { model, nproc, node: process.version, load };
}

const nginxVersion = (bin) =>
  spawnSync(bin, ['-v'], { encoding: 'utf8' })
    .stderr.trim()
    .replace(/^nginx version: /, '');

function startProxy(upstreamPort, nodeFlags = []) {
  return startTarget('codex-helper-desktop proxy', process.execPath, [
    ...nodeFlags,
    join(root, 'out/main/bench-proxy.js'),
    String(upstreamPort),
  ]);
}

async function relay() {
  const started = [];
  const cleanups = [];
  const load = startLoad(join(root, 'bench/load.mjs'));
  const out = { nginx: null, skipped: [], profiles: {} };
  try {
    const upstream = await startTarget('fake upstream', process.execPath, [
      join(root, 'bench/upstream.mjs'),
    ]);
    started.push(upstream.child);
    const upPort = upstream.info.port;
    const both = (port) => ({ codex: port, claude: port });
    const bare = await startTarget('bare pass-through', process.execPath, [
      join(root, 'bench/bare-proxy.mjs'),
      String(upPort),
    ]);
    started.push(bare.child);
    const targets = [
      { key: 'direct', ports: both(upPort), pid: null },
      { key: 'bare', ports: both(bare.info.port), pid: bare.child.pid },
    ];
    const nginxBin = nginxBinary();
    if (nginxBin) {
      const nginx = await startNginx(nginxBin, upPort);
      started.push(nginx.child);
      cleanups.push(nginx.cleanup);
      out.nginx = nginxVersion(nginxBin);
      targets.push({ key: 'nginx', ports: both(nginx.info.port), pid: nginx.child.pid });
    } else {
      log('nginx is not installed: its column is left out (apt-get install nginx to add it)');
    }
    const proxy = await startProxy(upPort);
    started.push(proxy.child);
    targets.push({
      key: 'proxy',
      ports: { codex: proxy.info.port, claude: proxy.info.claudePort },
      pid: proxy.child.pid,
    });
    if (!quick && !args.has('--no-peers')) {
      const peers = await startPeers(upPort, log);
      cleanups.push(peers.cleanup);
      out.skipped = peers.skipped;
      for (const p of peers.targets) {
        started.push(p.child);
        targets.push({ key: p.key, ports: { claude: p.port }, pid: p.pid });
      }
      out.peerTitles = Object.fromEntries(peers.targets.map((p) => [p.key, p.title]));
    }

    Object.assign(out, await measureAll(load.ask, targets, plan, log));
    await stopChild(proxy.child);

    const missed = Object.keys(APIS).some((api) => {
      const r = out.results[api];
      return checkTargets(derive(r.proxy, r.direct, r.bare), derive(r.bare, r.direct, r.bare)).some(
        (c) => !c.met,
      );
    });
    if (missed || args.has('--profile')) {
      log('profiling the engine and the bare pass-through under c=32 load (node --cpu-prof)...');
      for (const [key, script, portsOf] of [
        ['proxy', 'out/main/bench-proxy.js', (i) => ({ codex: i.port, claude: i.claudePort })],
        ['bare', 'bench/bare-proxy.mjs', (i) => both(i.port)],
      ]) {
        const profDir = mkdtempSync(join(tmpdir(), 'chd-bench-prof-'));
        cleanups.push(() => rmSync(profDir, { recursive: true, force: true }));
        const t = await startTarget(`${key} (profiled)`, process.execPath, [
          '--cpu-prof',
          `--cpu-prof-dir=${profDir}`,
          join(root, script),
          String(upPort),
        ]);
        started.push(t.child);
        const { profile, requests } = await profileUnderLoad(
          load.ask,
          portsOf(t.info),
          plan,
          () => stopChild(t.child),
          profDir,
        );
        out.profiles[key] = summarizeProfile(profile, key === 'proxy' ? 20 : 12);
        if (key === 'proxy') out.inclusive = inclusiveEngineProfile(profile, requests, 25);
      }
    }
  } finally {
    load.child.disconnect();
    for (const c of started.reverse()) await stopChild(c);
    for (const clean of cleanups) clean();
  }
  for (const api of Object.keys(APIS)) {
    const r = out.results[api];
    process.stdout.write(`\n${api}\n${renderTable(r)}\n\n`);
    process.stdout.write(
      `${renderTargets(checkTargets(derive(r.proxy, r.direct, r.bare), derive(r.bare, r.direct, r.bare)))}\n`,
    );
  }
  for (const [key, rows] of Object.entries(out.profiles)) {
    process.stdout.write(`\nCPU profile, ${key}, under c=32 load:\n${renderProfile(rows)}\n`);
  }
  if (out.inclusive) {
    process.stdout.write(`\nThe engine's own steps:\n${renderInclusive(out.inclusive)}\n`);
  }
  return out;
}

/** The measured report of the last full run, for `--render`. */
const savedReport = join(root, '.tmp/bench-report.json');

function writeDocs(report) {
  writeFileSync(join(root, 'docs/benchmarks.md'), renderDoc(root, report));
  log('\nwrote docs/benchmarks.md');
  const readme = join(root, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const line = `${headline(report.relay)} (details: \`docs/benchmarks.md\`).`;
  const next = text.replace(
    /(<!-- bench:start -->\n)[\s\S]*?(\n<!-- bench:end -->)/,
    (_, a, b) => `${a}${line}${b}`,
  );
  if (next !== text) {
    writeFileSync(readme, next);
    log("updated the README's performance line");
  }
}

async function main() {
  if (args.has('--render')) {
    // bench/notes.md edited after a run: the same figures, the notes as they are now.
    if (!existsSync(savedReport)) {
      log(`--render: no saved run at ${savedReport}; run \`npm run bench\` first`);
      process.exit(1);
    }
    writeDocs(JSON.parse(readFileSync(savedReport, 'utf8')));
    return;
  }
  if (!runBuild(log)) process.exit(1);
  const m = machine();
  const report = { m, plan, quick };
  if (parts.has('relay')) report.relay = await relay();
  if (parts.has('scale')) report.scale = await runScale({ root, quick, log });
  if (parts.has('ui')) report.ui = await runUi({ root, quick, log });
  if (quick || onlyArg) {
    log(`\n${quick ? '--quick' : '--only'}: docs/benchmarks.md left as it is`);
    return;
  }
  m.loadAfter = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  m.at = new Date().toISOString();
  mkdirSync(dirname(savedReport), { recursive: true });
  writeFileSync(savedReport, JSON.stringify(report));
  writeDocs(report);
}

main().catch((err) => {
  log(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
