// A conversation stays on its relay (docs/behaviour.md §2.7, §10), with the real Codex CLI:
// `codex exec` (not ephemeral) through the engine's proxy with two relays. Relay A fails the
// requests of another conversation, so the station's last good moves to B; once A's cooldown has
// passed, `codex exec resume <id>` of the first conversation still reaches A, and listSessions
// lists that conversation (from the rollout Codex wrote) with A as its upstream.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/main/engine';
import {
  json,
  responsesReply,
  startFakeUpstream,
  type FakeUpstream,
  type SeenRequest,
} from '../fixtures/fake-upstream';
import { answeredFor, snapshotWhere } from '../fixtures/engine-in';
import { ok } from '../fixtures/offline-engine';
import { baseEnv, cliProblem, runCli, threadIdOf, writeCodexConfig } from '../fixtures/cli';

const problem = cliProblem('codex');
if (problem) console.warn(`[skip] real Codex CLI session tests: ${problem}`);

let home: string;
let codexHome: string;
let work: string;
let engine: Engine;
let now: number;
let relayA: FakeUpstream;
let relayB: FakeUpstream;

const sessionOf = (r: SeenRequest) => String(r.headers['session-id'] ?? '');
const posts = (relay: FakeUpstream) => relay.requests.filter((r) => r.url === '/v1/responses');

function answering(name: string, fails?: (r: SeenRequest) => boolean) {
  return (req: SeenRequest, res: ServerResponse) => {
    if (!req.url.includes('/responses')) return json(res, 200, { object: 'list', data: [] });
    if (fails?.(req)) return json(res, 500, { error: { message: `${name} is down` } });
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(responsesReply(`hello from ${name}`));
  };
}

function config(): string {
  const upstream = (relay: FakeUpstream, id: string, alias: string) =>
    [
      '',
      '[[codex.stations.main.upstreams]]',
      `base_url = "${relay.url}/v1"`,
      `alias = "${alias}"`,
      'auth = { auth_token_env = "RELAY_KEY" }',
      `tags = { provider_id = "${id}", endpoint_id = "default" }`,
    ].join('\n');
  return [
    'version = 1',
    '[codex]',
    'active = "main"',
    '[codex.stations.main]',
    upstream(relayA, 'relay-a', 'Relay A'),
    upstream(relayB, 'relay-b', 'Relay B'),
    '',
  ].join('\n');
}

function codex(args: string[]) {
  return runCli('codex', ['exec', '--skip-git-repo-check', '--json', ...args], {
    cwd: work,
    env: { ...baseEnv(home), CODEX_HOME: codexHome, CODEX_TEST_KEY: 'client-key-123' },
    killAfterMs: 90_000,
  });
}

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'chd-codex-sessions-'));
  codexHome = join(home, '.codex');
  work = join(home, 'work');
  mkdirSync(work);
  now = 1_800_000_000_000;
  // A answers only the first conversation it sees; any other conversation gets a 500.
  let firstSeen: string | null = null;
  relayA = await startFakeUpstream(
    answering('relay A', (r) => {
      firstSeen ??= sessionOf(r);
      return sessionOf(r) !== firstSeen;
    }),
  );
  relayB = await startFakeUpstream(answering('relay B'));
  mkdirSync(join(home, 'chd'));
  writeFileSync(join(home, 'chd', 'config.toml'), config());
  engine = createEngine({
    home: join(home, 'chd'),
    clock: { now: () => now },
    env: { RELAY_KEY: 'sk-relay-key-0123456789' },
    ports: { codex: 0, claude: false },
    random: () => 0,
    codexHome,
    claudeConfigDir: join(home, '.claude'),
  });
  await engine.start();
  writeCodexConfig(codexHome, engine.snapshot().services.codex.listening!.port);
});

afterEach(async () => {
  await engine.stop();
  await relayA.close();
  await relayB.close();
  rmSync(home, { recursive: true, force: true });
});

describe.skipIf(problem !== null)('a conversation keeps its relay (real Codex CLI)', () => {
  it('resumes on relay A after another conversation moved the station to B, and lists it with A', async () => {
    const first = await codex(['first conversation']);
    expect(first.killedByTimer).toBe(false);
    expect(first.code, first.stderr).toBe(0);
    const id = threadIdOf(first.stdout)!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await snapshotWhere(engine, answeredFor(id, 1));

    // Another conversation: A fails it, the proxy fails over, and B becomes the station's last good.
    const second = await codex(['second conversation']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('hello from relay B');
    const other = threadIdOf(second.stdout)!;
    const moved = await snapshotWhere(engine, answeredFor(other, 1));
    expect(moved.services.codex.stations[0]!.lastGoodIndex).toBe(1);
    expect(posts(relayA).some((r) => sessionOf(r) === other)).toBe(true);

    // A's cooldown passes; the station still sticks to B for everything new.
    now += 60_000;
    const resumed = await codex(['resume', id, 'second turn']);
    expect(resumed.killedByTimer).toBe(false);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('hello from relay A');
    const after = await snapshotWhere(engine, answeredFor(id, 2));
    // A's own log: both turns of the first conversation carried its session id.
    expect(posts(relayA).filter((r) => sessionOf(r) === id)).toHaveLength(2);
    expect(posts(relayB).some((r) => sessionOf(r) === id)).toBe(false);
    // Oldest first: the last request of the conversation is its resumed turn.
    const resume = after.recentRequests.filter((r) => r.sessionId === id).at(-1)!;
    expect(resume.upstream?.id).toBe('relay-a/default');
    expect(resume.affinity).toBe('kept');

    const page = await ok(
      engine.command('listSessions', { service: 'codex', offset: 0, limit: 10 }),
    );
    expect(page.total).toBe(2);
    const listed = page.sessions.find((s) => s.id === id)!;
    expect(listed).toMatchObject({
      cwd: work,
      firstMessage: 'first conversation',
      turns: 2,
      resumeCommand: `codex resume ${id}`,
      bound: { station: 'main', id: 'relay-a/default' },
      pinned: null,
      requests: 2,
    });
    expect(listed.upstreams.map((u) => u.id)).toEqual(['relay-a/default']);
    expect(listed.tokens).toBe(36);
    // Bound to A, the first upstream that can take requests: nothing to flag.
    expect(listed.boundNotFirst).toBe(false);
    const otherListed = page.sessions.find((s) => s.id === other)!;
    expect(otherListed.upstreams.map((u) => u.id)).toEqual(['relay-b/default']);
    expect(otherListed.bound).toEqual({ station: 'main', id: 'relay-b/default' });
    // The other conversation is on B while A (first in the list) can take requests again.
    expect(otherListed.boundNotFirst).toBe(true);
  });
});
