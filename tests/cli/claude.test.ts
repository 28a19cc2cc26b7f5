// The real Claude Code CLI through a claude listener (docs/behaviour.md §7).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  anthropicStream,
  json,
  messagesRelay,
  startFakeUpstream,
  type FakeHandler,
  type FakeUpstream,
} from '../fixtures/fake-upstream';
import { postJson } from '../fixtures/http-client';
import {
  configWith,
  startHarness,
  type Harness,
  type UpstreamSpec,
} from '../fixtures/proxy-harness';
import { baseEnv, cliProblem, runCli } from '../fixtures/cli';

const problem = cliProblem('claude');
if (problem) console.warn(`[skip] real Claude Code tests: ${problem}`);

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const failing: FakeHandler = (_r, res) =>
  json(res, 500, { type: 'error', error: { type: 'api_error', message: 'down' } });

async function setup(handlers: FakeHandler[], specs: (url: string, i: number) => UpstreamSpec) {
  const ups: FakeUpstream[] = [];
  for (const handler of handlers) {
    const f = await startFakeUpstream(handler);
    cleanup.push(() => f.close());
    ups.push(f);
  }
  const h: Harness = await startHarness({
    service: 'claude',
    config: configWith(
      'claude',
      ups.map((u, i) => specs(u.url, i)),
    ),
  });
  cleanup.push(() => h.close());
  return { h, ups };
}

async function claudeP(h: Harness) {
  const home = mkdtempSync(join(tmpdir(), 'claude-cli-'));
  cleanup.push(() => rmSync(home, { recursive: true, force: true }));
  const configDir = join(home, '.claude');
  mkdirSync(configDir);
  return runCli('claude', ['-p', 'say hi'], {
    cwd: home,
    env: {
      ...baseEnv(home),
      CLAUDE_CONFIG_DIR: configDir,
      ANTHROPIC_BASE_URL: `http://127.0.0.1:${h.listener.address.port}`,
      ANTHROPIC_API_KEY: 'sk-ant-client-key-000000',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      CLAUDE_CODE_MAX_RETRIES: '1',
      API_TIMEOUT_MS: '30000',
    },
    killAfterMs: 120_000,
  });
}

describe.skipIf(problem !== null)('claude -p through the proxy', () => {
  it('fails over to a relay with its own key, keeps ?beta=true and reads usage from the stream', async () => {
    const { h, ups } = await setup([failing, messagesRelay('hello from claude relay')], (url, i) =>
      i === 1 ? { base_url: url, auth: { api_key: 'relay-b-key-123' } } : url,
    );
    const run = await claudeP(h);
    expect(run.killedByTimer).toBe(false);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('hello from claude relay');
    const posts = ups[1]!.requests.filter(
      (r) => r.method === 'POST' && r.url.startsWith('/v1/messages'),
    );
    expect(posts.length).toBeGreaterThan(0);
    expect(posts[0]!.url).toContain('?beta=true');
    expect(posts.every((r) => r.headers['x-api-key'] === 'relay-b-key-123')).toBe(true);
    expect(posts[0]!.headers['anthropic-version']).toBeTruthy();
    expect(h.balancer.state(h.view()).failureCounts[0]).toBe(3);
    const rec = h.records.find(
      (r) => r.path === '/v1/messages' && r.status === 200 && r.usage !== null,
    )!;
    expect(rec.usage).toEqual({
      inputTokens: 25,
      outputTokens: 9,
      totalTokens: 34,
      reasoningTokens: 0,
      cachedInputTokens: 4,
      cacheCreationTokens: 6,
    });
    expect(JSON.stringify(h.records)).not.toContain('relay-b-key-123');
  });

  it('relays a non-streaming Messages request as plain JSON with its usage', async () => {
    const { h, ups } = await setup([failing, messagesRelay('plain reply')], (url) => url);
    const reply = await postJson(
      `${h.url}/v1/messages?beta=true`,
      { model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] },
      { 'x-api-key': 'client-key', 'anthropic-version': '2023-06-01' },
    );
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toContain('application/json');
    expect(JSON.parse(reply.body).content[0].text).toBe('plain reply');
    expect(ups[1]!.requests[0]?.headers['x-api-key']).toBe('client-key');
    expect((await h.record()).usage).toMatchObject({
      inputTokens: 30,
      outputTokens: 5,
      totalTokens: 35,
    });
  });

  it('fails over when a stream breaks after its opening event, so Claude Code never sees the break', async () => {
    const breaking: FakeHandler = (req, res, n) => {
      if (req.method !== 'POST') return messagesRelay('')(req, res, n);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(anthropicStream('never finished').split('\n\n')[0] + '\n\n', () =>
        req.socket.destroy(),
      );
    };
    const { h, ups } = await setup(
      [breaking, messagesRelay('recovered on the next relay')],
      (url) => url,
    );
    const run = await claudeP(h);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('recovered on the next relay');
    // message_start was held back: the break became a failover inside the same request.
    const first = h.records.find((r) => r.attempts.length > 1);
    expect(first?.attempts.map((a) => a.decision)).toEqual(['failover', 'success']);
    expect(ups[1]!.requests.some((r) => r.method === 'POST')).toBe(true);
    expect(h.balancer.state(h.view()).cooldownUntil[0]).not.toBeNull();
  });
});
