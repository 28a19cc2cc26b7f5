// `npm run bench:config` (issue 13 item 9): moving the last of 1 000 and 10 000 upstreams to the
// top, through the whole engine command (edit the text, reorder the validated config, write the
// file, publish the snapshot) and step by step (the balancer's layout migration runs on the next
// request and is timed alone; a full validate of the moved text is shown for comparison, the
// command no longer runs it). Prints one table, median of 3; target: 10 000 upstreams move in
// under 100 ms.
// Usage: node out/main/bench-config.js
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEngine } from '../src/main/engine';
import { Balancer } from '../src/main/engine/balancer';
import { parseConfig } from '../src/main/engine/config';
import { applyConfigEdit } from '../src/main/engine/config/edit';
import { configAfterMove } from '../src/main/engine/config/move-fast';
import { balancerPolicyOf, resolveRetryPolicy } from '../src/main/engine/config/retry-policy';
import { manyUpstreamsToml } from './many-upstreams.mjs';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;

function timeMs(runs: number, fn: () => unknown): number {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return median(out);
}

async function timeCommandMs(n: number, runs: number): Promise<number> {
  const home = mkdtempSync(join(tmpdir(), 'chd-bench-config-'));
  writeFileSync(join(home, 'config.toml'), manyUpstreamsToml({ port: 9, codex: n }));
  const engine = createEngine({
    home,
    ports: { codex: false, claude: false },
    codexHome: join(home, 'codex'),
    claudeConfigDir: join(home, 'claude'),
    env: { BENCH_UPSTREAM_KEY: 'k' },
  });
  await engine.start();
  const out: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      // manyUpstreamsToml tags upstream i as relay-i/default; each run moves the current last.
      const last = i === 0 ? n : n - i;
      const t0 = performance.now();
      const r = await engine.command('moveUpstream', {
        service: 'codex',
        station: 'main',
        id: `relay-${last}/default`,
        toIndex: 0,
      });
      out.push(performance.now() - t0);
      if (!r.ok) throw new Error(r.error.message);
    }
  } finally {
    await engine.stop();
    rmSync(home, { recursive: true, force: true });
  }
  return median(out);
}

async function main(): Promise<void> {
  const rows: string[] = [
    '| upstreams | edit text | config after move | full validate (not run) | migrate layout | whole command |',
  ];
  rows.push('|---|---|---|---|---|---|');
  for (const n of [1_000, 10_000]) {
    const text = manyUpstreamsToml({ port: 9, codex: n });
    const move = { kind: 'moveUpstream', service: 'codex', station: 'main', from: n - 1, to: 0 };
    const edited = applyConfigEdit(text, move as Parameters<typeof applyConfigEdit>[1]);
    const before = parseConfig(text, 'bench.toml');
    const after = parseConfig(edited, 'bench.toml');
    if (!before.ok || !after.ok) throw new Error('bench config does not parse');
    const edit = timeMs(3, () =>
      applyConfigEdit(text, move as Parameters<typeof applyConfigEdit>[1]),
    );
    const reorder = timeMs(3, () =>
      configAfterMove(
        before.config,
        before.warnings,
        move as Parameters<typeof configAfterMove>[2],
      ),
    );
    const validate = timeMs(3, () => parseConfig(edited, 'bench.toml'));
    const migrate = timeMs(3, () => {
      const lb = new Balancer({
        clock: { now: () => 0 },
        policy: balancerPolicyOf(resolveRetryPolicy(before.config.retry)),
      });
      const view = (c: typeof before.config) => ({
        service: 'codex' as const,
        name: 'main',
        upstreams: c.codex.stations[0]!.upstreams,
      });
      lb.select(view(before.config));
      lb.select(view(after.config));
    });
    const whole = await timeCommandMs(n, 3);
    rows.push(
      `| ${n} | ${edit.toFixed(1)} ms | ${reorder.toFixed(1)} ms | ${validate.toFixed(1)} ms | ${migrate.toFixed(1)} ms | ${whole.toFixed(1)} ms |`,
    );
  }
  process.stdout.write(`${rows.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
