// addIdentityTags through the engine API: real config.toml in a temp home, manual clock.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../src/main/engine';

// Two keys on the same relay (same base_url) plus a host-only one: untagged, so each is known by
// its position, and the URL alone cannot tell the first two apart.
const CONFIG = `version = 1

[codex]
active = "main"

[codex.stations.main]

[[codex.stations.main.upstreams]]
base_url = "https://relay.example/v1"
alias = "Relay Team"
auth = { auth_token_env = "KEY_TEAM" }

[[codex.stations.main.upstreams]]
base_url = "https://relay.example/v1"
alias = "Relay Team"
auth = { auth_token_env = "KEY_SOLO" }

[[codex.stations.main.upstreams]]
base_url = "https://backup.example:8443/v1"
tags = { provider_id = "backup-example-8443" }
`;

let home: string;
let engine: Engine;

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'chd-tags-'));
  writeFileSync(join(home, 'config.toml'), CONFIG);
  engine = createEngine({
    home,
    clock: { now: () => 1_800_000_000_000 },
    env: { KEY_TEAM: 'sk-team', KEY_SOLO: 'sk-solo' },
    ports: { codex: false, claude: false },
    codexHome: join(home, 'codex-home'),
    claudeConfigDir: join(home, 'claude-home'),
    stateWriteDelayMs: 0,
  });
  await engine.start();
});

afterEach(async () => {
  await engine.stop();
  rmSync(home, { recursive: true, force: true });
});

const upstreams = () => engine.snapshot().services.codex.stations[0]?.upstreams ?? [];

describe('addIdentityTags', () => {
  it('tags every untagged upstream from its alias, else its host, unique in the station', async () => {
    const r = await engine.command('addIdentityTags', { service: 'codex', station: 'main' });
    expect(r).toMatchObject({ ok: true });
    expect(upstreams().map((u) => u.id)).toEqual([
      'relay-team/default',
      'relay-team-2/default',
      'backup-example-8443/default',
    ]);
    expect(upstreams().every((u) => u.tagged)).toBe(true);
    const text = readFileSync(join(home, 'config.toml'), 'utf8');
    expect(text).toContain('provider_id = "relay-team-2"');
  });

  it("carries each upstream's state to its new identity, so a later move keeps it", async () => {
    const second = upstreams()[1]?.id ?? '';
    await engine.command('setUpstreamExhausted', {
      service: 'codex',
      station: 'main',
      id: second,
      exhausted: true,
    });
    await engine.command('addIdentityTags', { service: 'codex', station: 'main' });
    expect(upstreams().map((u) => u.usageExhausted)).toEqual([false, true, false]);

    const moved = await engine.command('moveUpstream', {
      service: 'codex',
      station: 'main',
      id: 'relay-team-2/default',
      toIndex: 0,
    });
    expect(moved).toMatchObject({ ok: true });
    expect(upstreams().map((u) => [u.id, u.usageExhausted])).toEqual([
      ['relay-team-2/default', true],
      ['relay-team/default', false],
      ['backup-example-8443/default', false],
    ]);
  });

  it('changes nothing when every upstream is already tagged', async () => {
    await engine.command('addIdentityTags', { service: 'codex', station: 'main' });
    const before = readFileSync(join(home, 'config.toml'), 'utf8');
    const r = await engine.command('addIdentityTags', { service: 'codex', station: 'main' });
    expect(r).toMatchObject({ ok: true, value: { tagged: [] } });
    expect(readFileSync(join(home, 'config.toml'), 'utf8')).toBe(before);
  });

  it('refuses a station that does not exist, naming it', async () => {
    const r = await engine.command('addIdentityTags', { service: 'codex', station: 'nope' });
    expect(r).toMatchObject({ ok: false, error: { code: 'not_found', path: 'station' } });
  });
});
