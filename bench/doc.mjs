// docs/benchmarks.md from one full `npm run bench`: every figure with the command that produced it,
// followed by the hand-written bench/notes.md (what changed and what it bought).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APIS, MODES } from './measure.mjs';
import {
  checkTargets,
  derive,
  renderInclusive,
  renderProfile,
  renderRuns,
  renderTable,
  renderTargets,
} from './report.mjs';
import { renderScale } from './scale.mjs';
import { renderUi } from './ui.mjs';

const API_TITLES = {
  codex: 'Codex Responses (`POST /v1/responses`, codex listener)',
  claude: 'Claude Messages (`POST /v1/messages`, claude listener)',
};

/** The README's performance line: the engine's CPU per request against bare and the peers. */
export function headline(relay) {
  const r = relay.results.claude;
  const c = relay.results.codex;
  const ratio = (x, y) => (x / y).toFixed(2);
  const parts = [
    `${ratio(c.proxy.c32CpuUs, c.bare.c32CpuUs)}× (Codex) and ${ratio(r.proxy.c32CpuUs, r.bare.c32CpuUs)}× (Claude) the CPU per request of a bare Node pass-through`,
    `${((100 * r.proxy.c32Rps) / r.bare.c32Rps).toFixed(0)} % of its throughput at 32 concurrent requests`,
  ];
  for (const key of ['ccflare', 'ccr']) {
    if (!r[key]) continue;
    parts.push(
      `${(r[key].c32CpuUs / r.proxy.c32CpuUs).toFixed(0)}× less CPU per request than ${relay.peerTitles[key]}`,
    );
  }
  return parts.join('; ');
}

function relaySection(relay, plan) {
  const out = [];
  out.push(`## Relay, per request

Command: \`npm run bench\` (the relay part alone: \`npm run bench -- --only=relay\`).

- Every target sits in front of the same fake upstream (bench/upstream.mjs, node:http) and runs in
  its own process; the load generator (autocannon, and a node:http client timed with
  \`process.hrtime\` for first events) is another. Everything is on 127.0.0.1.
- Targets: **direct** (the fake upstream itself), **bare pass-through** (bench/bare-proxy.mjs:
  node:http piping with a keep-alive agent, nothing else: the floor a Node relay starts from),
  **nginx** (one worker, keep-alive upstream, \`proxy_buffering off\`), **codex-helper-desktop** (the
  whole engine from bench/proxy-process.ts: balancer, classification, usage, request log, both
  listeners), and on the Claude path the peers, installed by the bench from npm into a temporary
  folder and pointed at the same fake upstream.
- **CPU per request** = user + system CPU of the target's process (all threads, plus nginx's worker)
  from \`/proc/<pid>/stat\` read before and after each run, divided by the requests of that run.
  It is the figure least moved by other work on the machine.
- Runs: ${plan.runs} rounds; in each, every target gets c=1 JSON (${plan.c1Secs} s), c=32 JSON
  (${plan.c32Secs} s) and c=32 SSE (${plan.c32Secs} s; streams of 10 events, sent as fast as the upstream's
  loop goes) one after another, so a noisy moment hits all targets alike. Each figure is the
  median of the rounds; the raw runs are listed below each table.
- c=1 added per request = 1000/req/s(target) − 1000/req/s(direct).
- SSE first event: ${plan.sseRounds * plan.sseStreamsPerRound} sequential streams per target
  (${plan.sseRounds} interleaved rounds) of 20 events 5 ms apart; request sent → first complete event.
  Per-event added = median gap through the target − median gap direct.
- Idle CPU: every target at once, ${plan.idleSecs} s with no traffic after the runs.
- Memory: VmRSS idle, then with ${plan.holdCount} slow Claude streams open at once.
`);
  if (relay.skipped.length > 0) {
    out.push('Peers left out of this run:\n');
    for (const s of relay.skipped) out.push(`- ${s.title}: ${s.reason}.`);
    out.push('');
  }
  for (const api of Object.keys(APIS)) {
    const r = relay.results[api];
    out.push(`### ${API_TITLES[api]}\n`);
    out.push(renderTable(r));
    out.push('');
    out.push('Raw runs, req/s (CPU per request):\n');
    for (const m of MODES) out.push(`- ${m.key}: ${renderRuns(relay.runs[api][m.key])}.`);
    out.push('');
    out.push(`Targets (codex-helper-desktop against the bare pass-through of the same run):\n`);
    out.push(
      renderTargets(
        checkTargets(derive(r.proxy, r.direct, r.bare), derive(r.bare, r.direct, r.bare)),
      ),
    );
    out.push('');
  }
  if (relay.profiles.proxy) {
    out.push(`### Where the time goes (CPU profiles under c=32 load)

\`node --cpu-prof\` on a fresh engine process, then on a fresh bare pass-through, while the load
generator sends c=32 JSON on each path (1 s, then ${plan.profileSecs} s); idle excluded (the bundle's chunk
names are electron-vite's). Profiling itself slows the process, so these µs are larger than the
table's; read them as shares.

The engine's own steps, each with everything it calls, per request:

${renderInclusive(relay.inclusive)}

The engine, self time per function:

${renderProfile(relay.profiles.proxy)}

The bare pass-through (what any node:http relay spends), self time per function:

${renderProfile(relay.profiles.bare)}
`);
  }
  return out.join('\n');
}

export function renderDoc(root, report) {
  const { m, plan } = report;
  const notesFile = join(root, 'bench/notes.md');
  const notes = existsSync(notesFile) ? readFileSync(notesFile, 'utf8').trim() : '';
  const sections = [
    `# Benchmarks

Generated by \`npm run bench\` (scripts/bench.mjs) on ${(m.at ?? new Date().toISOString()).slice(0, 16).replace('T', ' ')} UTC.
Do not edit the numbers by hand: run the command again (\`npm run bench -- --quick\` is a
smoke run that leaves this file alone).

- Machine: ${m.nproc} CPUs (\`nproc\`), ${m.model}; Node ${m.node}${report.relay?.nginx ? `; ${report.relay.nginx}` : ''}.
- Load average before → after the run: ${m.load} → ${m.loadAfter}. **This machine's 2 cores are
  shared with other engineers' test runs**: absolute req/s and latencies move by tens of percent
  from run to run. Read the ratios and the CPU per request (both steadier), not the absolute
  throughput.`,
  ];
  if (report.relay) {
    sections.push(`Headline (Claude Code's path unless said): ${headline(report.relay)}.`);
    sections.push(relaySection(report.relay, plan));
  }
  if (report.scale) sections.push(renderScale(report.scale));
  if (report.ui) sections.push(renderUi(report.ui));
  if (notes) sections.push(notes);
  return `${sections.join('\n\n')}\n`;
}
