// The headless flags of docs/behaviour.md §5: `--import codex` imports Codex's providers into the
// active station and prints what it did; `--switch-codex` / `--switch-claude` point the clients at
// the proxy at start and put their files back, byte for byte, when serve exits on SIGTERM.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePorts, startServe, type Serve } from '../e2e/helpers/serve';

const CODEX_CONFIG = `# my codex settings
model = "gpt-5"
model_provider = "right"

[model_providers.right]
name = "RightCode"
base_url = "https://right.example/v1"
env_key = "RIGHT_API_KEY"

[model_providers.other]
base_url = "https://other.example/v1"
env_key = "OTHER_KEY"

[projects."/home/me/work"]
trust_level = "trusted"
`;

const CLAUDE_SETTINGS = `{
    "model": "opus",
    "env": {
        "DISABLE_TELEMETRY": "1"
    }
}
`;

let home: string;
let serve: Serve | null = null;

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'chd-flags-'));
  const ports = await freePorts();
  writeFileSync(
    join(home, 'config.toml'),
    `version = 1\n[proxy]\ncodex_port = ${ports.codex}\nclaude_port = ${ports.claude}\n[console]\nport = ${ports.console}\n[codex]\nactive = "main"\n[codex.stations.main]\n`,
  );
  mkdirSync(join(home, 'codex'));
  mkdirSync(join(home, 'claude'));
  writeFileSync(join(home, 'codex', 'config.toml'), CODEX_CONFIG);
  writeFileSync(join(home, 'claude', 'settings.json'), CLAUDE_SETTINGS);
});

afterEach(async () => {
  await serve?.stop();
  serve = null;
  rmSync(home, { recursive: true, force: true });
});

describe('serve flags', () => {
  it('imports Codex providers into the active station and prints what it imported', async () => {
    serve = await startServe(home, {}, ['--import', 'codex']);
    const line = await serve.waitForLine('import codex: imported');
    expect(line).toBe('import codex: imported 2 into "main": right/default, other/default');
    const text = readFileSync(join(home, 'config.toml'), 'utf8');
    expect(text).toContain('base_url = "https://right.example/v1"');
    expect(text).toContain('auth_token_env = "RIGHT_API_KEY"');
    const snap = await serve.snapshot();
    expect(snap.services.codex.stations[0]?.upstreams.map((u) => u.id)).toEqual([
      'right/default',
      'other/default',
    ]);
  });

  it('imports into a new active station "main" when the config has no codex station yet', async () => {
    // A hand-written config.toml needs only `version` (README); --import codex said "no codex
    // station to import into" and imported nothing.
    const ports = await freePorts();
    writeFileSync(
      join(home, 'config.toml'),
      `version = 1\n[proxy]\ncodex_port = ${ports.codex}\nclaude_port = ${ports.claude}\n[console]\nport = ${ports.console}\n`,
    );
    serve = await startServe(home, {}, ['--import', 'codex']);
    const line = await serve.waitForLine('import codex: imported');
    expect(line).toBe('import codex: imported 2 into "main": right/default, other/default');
    const snap = await serve.snapshot();
    expect(snap.services.codex.active).toBe('main');
    expect(snap.services.codex.stations[0]?.upstreams.map((u) => u.id)).toEqual([
      'right/default',
      'other/default',
    ]);
  });

  it('switches Codex and Claude Code on at start and restores both files exactly on SIGTERM', async () => {
    serve = await startServe(home, {}, ['--switch-codex', '--switch-claude']);
    await serve.waitForLine('claude: switched on');
    await serve.waitForLine('codex: switched on');
    const codexPort = new URL(serve.codexProxy).port;
    const codex = readFileSync(join(home, 'codex', 'config.toml'), 'utf8');
    expect(codex).toContain('model_provider = "codex_proxy"');
    expect(codex).toContain(`base_url = "http://127.0.0.1:${codexPort}/v1"`);
    expect(codex).toContain('[projects."/home/me/work"]');
    const claude = JSON.parse(readFileSync(join(home, 'claude', 'settings.json'), 'utf8'));
    expect(claude.env.ANTHROPIC_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await serve.snapshot()).clients.codex.status).toBe('on');

    expect(await serve.stop()).toBe(0);
    serve = null;
    expect(readFileSync(join(home, 'codex', 'config.toml'), 'utf8')).toBe(CODEX_CONFIG);
    expect(readFileSync(join(home, 'claude', 'settings.json'), 'utf8')).toBe(CLAUDE_SETTINGS);
  });

  it('restores a client switched on from the console when serve stops on SIGINT, and says so', async () => {
    serve = await startServe(home);
    const r = await serve.api('/api/commands/switchClient', { client: 'codex', on: true });
    expect(r).toMatchObject({ ok: true });
    expect(readFileSync(join(home, 'codex', 'config.toml'), 'utf8')).toContain(
      'model_provider = "codex_proxy"',
    );
    const running = serve;
    serve = null;
    expect(await running.stop('SIGINT')).toBe(0);
    expect(readFileSync(join(home, 'codex', 'config.toml'), 'utf8')).toBe(CODEX_CONFIG);
    expect(running.stdout).toContainEqual(
      expect.stringMatching(/^codex: restored .*config\.toml \(it pointed at this proxy\)$/),
    );
    // Claude Code was never switched on: its file is left alone and nothing is said about it.
    expect(readFileSync(join(home, 'claude', 'settings.json'), 'utf8')).toBe(CLAUDE_SETTINGS);
    expect(running.stdout.some((l) => l.startsWith('claude:'))).toBe(false);
  });
});
