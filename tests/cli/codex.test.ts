// The real Codex CLI through the proxy (docs/behaviour.md §7).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  json,
  responsesReply,
  startFakeUpstream,
  type FakeUpstream,
  type SeenRequest,
} from '../fixtures/fake-upstream';
import { configWith, startHarness, type Harness } from '../fixtures/proxy-harness';
import { baseEnv, cliProblem, runCli, writeCodexConfig } from '../fixtures/cli';

const problem = cliProblem('codex');
if (problem) console.warn(`[skip] real Codex CLI tests: ${problem}`);

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

function makeCodexHome(port: number): { home: string; codexHome: string } {
  const home = mkdtempSync(join(tmpdir(), 'codex-cli-'));
  cleanup.push(() => rmSync(home, { recursive: true, force: true }));
  const codexHome = join(home, '.codex');
  writeCodexConfig(codexHome, port);
  return { home, codexHome };
}

function replying(text: string) {
  return (req: SeenRequest, res: ServerResponse) => {
    if (req.url.includes('/responses')) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(responsesReply(text));
    } else {
      json(res, 200, { object: 'list', data: [], models: [] });
    }
  };
}

async function setup(
  first: Parameters<typeof startFakeUpstream>[0],
  second?: Parameters<typeof startFakeUpstream>[0],
) {
  const ups: FakeUpstream[] = [];
  for (const h of second ? [first, second] : [first]) {
    const f = await startFakeUpstream(h);
    cleanup.push(() => f.close());
    ups.push(f);
  }
  const h: Harness = await startHarness({
    config: configWith(
      'codex',
      ups.map((u) => u.url + '/v1'),
    ),
  });
  cleanup.push(() => h.close());
  return { h, ups };
}

async function codexExec(h: Harness) {
  const { home, codexHome } = makeCodexHome(h.listener.address.port);
  return runCli('codex', ['exec', '--skip-git-repo-check', '--ephemeral', '--json', 'say hi'], {
    cwd: home,
    env: { ...baseEnv(home), CODEX_HOME: codexHome, CODEX_TEST_KEY: 'client-key-123' },
    killAfterMs: 90_000,
  });
}

describe.skipIf(problem !== null)('codex exec through the proxy', () => {
  it('fails over from a 500 upstream to one that streams the reply', async () => {
    const { h, ups } = await setup(
      (_r, res) => json(res, 500, { error: { message: 'down' } }),
      replying('hello from relay b'),
    );
    const run = await codexExec(h);
    expect(run.killedByTimer).toBe(false);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('hello from relay b');
    const st = h.balancer.state(h.view());
    expect(st.failureCounts[0]).toBe(3);
    expect(st.cooldownUntil[0]).not.toBeNull();
    expect(st.lastGoodIndex).toBe(1);
    const post = ups[1]!.requests.find((r) => r.url === '/v1/responses')!;
    expect(post.headers['accept-encoding'] ?? '').not.toContain('zstd');
    const rec = h.records.find((r) => r.path === '/v1/responses' && r.status === 200)!;
    expect(rec.sessionId).toBeTruthy();
    expect(rec.usage?.totalTokens).toBe(18);
  });

  it('fails over from an upstream that drops the connection before headers', async () => {
    const { h } = await setup((req) => {
      req.socket.destroy();
    }, replying('second relay answered'));
    const run = await codexExec(h);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('second relay answered');
    const rec = h.records.find((r) => r.path === '/v1/responses')!;
    expect(rec.attempts[0]?.error).toMatch(/^reset/);
    expect(h.balancer.state(h.view()).failureCounts[0]).toBe(3);
  });

  it('exits non-zero with the proxy summary when every upstream fails', async () => {
    // Codex shows its own text for a 500 ("high demand"); a 502 keeps the proxy's body visible.
    const { h } = await setup(
      (_r, res) => json(res, 500, { error: { message: 'relay down' } }),
      (req) => {
        req.socket.destroy();
      },
    );
    const run = await codexExec(h);
    expect(run.killedByTimer).toBe(false);
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toContain('upstream_unavailable');
    expect(h.records.find((r) => r.path === '/v1/responses')?.status).toBe(502);
  });
});
