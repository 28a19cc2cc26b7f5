// Claude Code conversations in listSessions (docs/behaviour.md §10), with the real Claude Code:
// `claude -p` through the engine's claude listener writes its transcript under
// CLAUDE_CONFIG_DIR/projects; it is listed with its first prompt, model, turns and the relay that
// answered it, and `claude -p --resume <id>` adds a turn to the same conversation.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/main/engine';
import { messagesRelay, startFakeUpstream, type FakeUpstream } from '../fixtures/fake-upstream';
import { snapshotWhere } from '../fixtures/engine-in';
import { ok } from '../fixtures/offline-engine';
import { baseEnv, cliProblem, runCli } from '../fixtures/cli';

const problem = cliProblem('claude');
if (problem) console.warn(`[skip] real Claude Code session tests: ${problem}`);

let home: string;
let engine: Engine;
let relay: FakeUpstream;

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'chd-claude-sessions-'));
  mkdirSync(join(home, 'chd'));
  mkdirSync(join(home, '.claude'));
  mkdirSync(join(home, 'work'));
  relay = await startFakeUpstream(messagesRelay('hello from the claude relay'));
  writeFileSync(
    join(home, 'chd', 'config.toml'),
    [
      'version = 1',
      '[claude]',
      'active = "main"',
      '[claude.stations.main]',
      '[[claude.stations.main.upstreams]]',
      `base_url = "${relay.url}"`,
      'alias = "Claude relay"',
      'tags = { provider_id = "claude-relay", endpoint_id = "default" }',
      '',
    ].join('\n'),
  );
  engine = createEngine({
    home: join(home, 'chd'),
    env: {},
    ports: { codex: false, claude: 0 },
    codexHome: join(home, '.codex'),
    claudeConfigDir: join(home, '.claude'),
  });
  await engine.start();
});

afterEach(async () => {
  await engine.stop();
  await relay.close();
  rmSync(home, { recursive: true, force: true });
});

function claude(args: string[]) {
  return runCli('claude', ['-p', ...args], {
    cwd: join(home, 'work'),
    env: {
      ...baseEnv(home),
      CLAUDE_CONFIG_DIR: join(home, '.claude'),
      ANTHROPIC_BASE_URL: `http://127.0.0.1:${engine.snapshot().services.claude.listening!.port}`,
      ANTHROPIC_API_KEY: 'sk-ant-client-key-000000',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      CLAUDE_CODE_MAX_RETRIES: '1',
      API_TIMEOUT_MS: '30000',
    },
    killAfterMs: 120_000,
  });
}

const list = () => ok(engine.command('listSessions', { service: 'claude', offset: 0, limit: 10 }));

describe.skipIf(problem !== null)('Claude Code conversations (real Claude Code)', () => {
  it('lists a conversation with its prompt, model, turns and relay, and counts a resumed turn', async () => {
    const run = await claude(['say hi']);
    expect(run.killedByTimer).toBe(false);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    // The conversation's id is in its transcript; wait for our record of the answer to it.
    await snapshotWhere(engine, (snap) =>
      snap.recentRequests.some((r) => r.service === 'claude' && r.status === 200),
    );
    const first = await list();
    expect(first.total).toBe(1);
    const s = first.sessions[0]!;
    expect(s).toMatchObject({
      cwd: join(home, 'work'),
      firstMessage: 'say hi',
      model: 'claude-sonnet-4-5',
      turns: 1,
      resumeCommand: `claude --resume ${s.id}`,
      bound: { station: 'main', id: 'claude-relay/default' },
    });
    // The transcript's session id is the one Claude Code sent: our log knows who served it.
    expect(s.upstreams.map((u) => u.id)).toEqual(['claude-relay/default']);

    const again = await claude(['--resume', s.id, 'again please']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const second = await list();
    expect(second.total).toBe(1);
    expect(second.sessions[0]).toMatchObject({ id: s.id, turns: 2, firstMessage: 'say hi' });
  });
});
