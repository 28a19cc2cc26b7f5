// `npm run serve -- --home <tmp>` with the README's example config: it starts, prints what
// docs/behaviour.md §6 lists (config path first), and an external reorder of two tagged upstreams
// moves their state with them. The real entry point, in its own process, driven over its HTTP API.
import { readFileSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../src/shared/snapshot';
import { freePorts, startServe, TOKEN, type Serve } from '../e2e/helpers/serve';

const root = join(__dirname, '..');

function readmeExample(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const m =
    /<!-- example-config:start -->\s*```toml\n([\s\S]*?)```\s*<!-- example-config:end -->/.exec(
      readme,
    );
  if (!m?.[1]) throw new Error('README has no example config between the markers');
  return m[1];
}

let home: string;
let serve: Serve;
let config: string;
let consoleSection: string;

/** Resolves with the first pushed snapshot that satisfies `pred` (Server-Sent Events). */
async function waitForSnapshot(pred: (s: Snapshot) => boolean): Promise<Snapshot> {
  const res = await fetch(`${serve.consoleOrigin}/api/events?token=${TOKEN}`);
  if (!res.body) throw new Error('no event stream');
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) throw new Error('event stream ended');
      buf += decoder.decode(value, { stream: true });
      let idx: number;
      while ((idx = buf.indexOf('\n\n')) >= 0) {
        const event = buf.slice(0, idx);
        buf = buf.slice(idx + 2);
        const data = event
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trimStart())
          .join('\n');
        if (!data) continue;
        const snap = JSON.parse(data) as Snapshot;
        if (pred(snap)) return snap;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'chd-serve-'));
  const ports = await freePorts();
  config = readmeExample()
    .replace('codex_port = 3211', `codex_port = ${ports.codex}`)
    .replace('claude_port = 3210', `claude_port = ${ports.claude}`);
  consoleSection = `\n[console]\nport = ${ports.console}\n`;
  writeFileSync(join(home, 'config.toml'), config + consoleSection);
  serve = await startServe(home, {
    RELAY_A_KEY: 'sk-a-secret-000000',
    RELAY_B_KEY: 'sk-b-secret-000000',
  });
}, 120_000);

afterAll(async () => {
  await serve.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('npm run serve with the README example config', () => {
  it('prints the config path first, then what it loaded, the proxies and the console URL', () => {
    const lines = serve.stdout;
    expect(lines[0]).toBe(`config: ${join(home, 'config.toml')}`);
    expect(lines).toContain('loaded codex: main (active): 2 upstreams');
    expect(lines.some((l) => /^codex proxy: http:\/\/127\.0\.0\.1:\d+$/.test(l))).toBe(true);
    expect(lines.some((l) => /^claude proxy: http:\/\/127\.0\.0\.1:\d+$/.test(l))).toBe(true);
    expect(lines).toContain(`console: ${serve.consoleOrigin}/?token=${TOKEN}`);
    expect(serve.output.join('\n')).not.toContain('sk-a-secret');
  });

  it('moves state with tagged upstreams when the file is reordered while it runs', async () => {
    const r = await serve.api('/api/commands/setUpstreamExhausted', {
      service: 'codex',
      station: 'main',
      id: 'relay-a/default',
      exhausted: true,
    });
    expect(r).toMatchObject({ ok: true });

    const marker = '[[codex.stations.main.upstreams]]';
    const [head, a, b] = config.split(marker) as [string, string, string];
    const reordered = `${head}${marker}${b.trimEnd()}\n\n${marker}${a.trimEnd()}\n${consoleSection}`;
    const moved = waitForSnapshot(
      (s) => s.services.codex.stations[0]?.upstreams[0]?.id === 'relay-b/default',
    );
    writeFileSync(join(home, 'config.toml'), reordered);
    const snap = await moved;
    const ups = snap.services.codex.stations[0]?.upstreams ?? [];
    expect(ups.map((u) => [u.id, u.usageExhausted])).toEqual([
      ['relay-b/default', false],
      ['relay-a/default', true],
    ]);
  });

  it('exits with code 0 on SIGTERM', async () => {
    expect(await serve.stop()).toBe(0);
  });
});
