// The engine API end to end in plain Node: commands change config.toml and balancer state, and
// every change yields a new snapshot. Real files in a temp home; listeners off; manual clock.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../src/main/engine';
import type { Snapshot } from '../src/shared/snapshot';
import { ok } from './fixtures/offline-engine';

const CONFIG = `version = 1

# my relays
[codex]
active = "main"

[codex.stations.main]
alias = "Main relays"

[[codex.stations.main.upstreams]]
base_url = "https://relay-a.example/v1"
alias = "Relay A"
auth = { auth_token_env = "RELAY_A_KEY" }
tags = { provider_id = "relay-a", endpoint_id = "default" }

# the backup
[[codex.stations.main.upstreams]]
base_url = "https://relay-b.example:8443/v1"
tags = { provider_id = "relay-b", endpoint_id = "default" }
`;

let home: string;
let engine: Engine;
let now: number;

async function boot(text: string | null = CONFIG): Promise<Engine> {
  if (text !== null) writeFileSync(join(home, 'config.toml'), text);
  const e = createEngine({
    home,
    clock: { now: () => now },
    env: { RELAY_A_KEY: 'sk-secret-value-123456' },
    ports: { codex: false, claude: false },
    codexHome: join(home, 'codex-home'),
    claudeConfigDir: join(home, 'claude-home'),
    stateWriteDelayMs: 0,
  });
  await e.start();
  return e;
}

function station(s: Snapshot, name = 'main') {
  const st = s.services.codex.stations.find((x) => x.name === name);
  if (!st) throw new Error(`no station ${name}`);
  return st;
}

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'chd-engine-'));
  now = 1_800_000_000_000;
  engine = await boot();
});

afterEach(async () => {
  await engine.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('engine commands', () => {
  it('shows the loaded stations and upstreams in the snapshot, without any secret', () => {
    const s = engine.snapshot();
    const st = station(s);
    expect(s.services.codex.active).toBe('main');
    expect(st.upstreams.map((u) => [u.id, u.host, u.alias])).toEqual([
      ['relay-a/default', 'relay-a.example', 'Relay A'],
      ['relay-b/default', 'relay-b.example:8443', null],
    ]);
    expect(st.upstreams[0]?.authSource).toBe('env:RELAY_A_KEY');
    expect(st.upstreams[1]?.authSource).toBe('client');
    expect(JSON.stringify(s)).not.toContain('sk-secret-value');
  });

  it('moves an upstream and its exhaustion and cooldown move with it', async () => {
    await ok(
      engine.command('setUpstreamExhausted', {
        service: 'codex',
        station: 'main',
        id: 'relay-a/default',
        exhausted: true,
      }),
    );
    const before = engine.snapshot().version;
    const ack = await ok(
      engine.command('moveUpstream', {
        service: 'codex',
        station: 'main',
        id: 'relay-a/default',
        toIndex: 1,
      }),
    );
    expect(ack.version).toBeGreaterThan(before);
    const st = station(engine.snapshot());
    expect(st.upstreams.map((u) => u.id)).toEqual(['relay-b/default', 'relay-a/default']);
    expect(st.upstreams[1]?.usageExhausted).toBe(true);
    expect(st.upstreams[0]?.usageExhausted).toBe(false);
    const text = readFileSync(join(home, 'config.toml'), 'utf8');
    expect(text.indexOf('relay-b.example')).toBeLessThan(text.indexOf('relay-a.example'));
    expect(text).toContain('# my relays');
  });

  it('adds an upstream with identity tags and keeps the rest of the file as it was', async () => {
    const r = await ok(
      engine.command('addUpstream', {
        service: 'codex',
        station: 'main',
        upstream: {
          baseUrl: 'http://127.0.0.1:9999/v1',
          alias: 'Local',
          authTokenEnv: 'LOCAL_KEY',
        },
      }),
    );
    expect(r.id).toBe('127-0-0-1-9999/default');
    const st = station(engine.snapshot());
    expect(st.upstreams[2]).toMatchObject({
      host: '127.0.0.1:9999',
      alias: 'Local',
      authProblem: 'LOCAL_KEY is not set',
      tagged: true,
    });
    const text = readFileSync(join(home, 'config.toml'), 'utf8');
    expect(text.startsWith(CONFIG.trimEnd())).toBe(true);
    expect(readFileSync(join(home, 'config.toml.bak'), 'utf8')).toBe(CONFIG);
  });

  it('refuses an invalid upstream with the field named and writes nothing', async () => {
    const r = await engine.command('addUpstream', {
      service: 'codex',
      station: 'main',
      upstream: { baseUrl: 'ftp://x' },
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_argument', path: 'baseUrl' } });
    expect(readFileSync(join(home, 'config.toml'), 'utf8')).toBe(CONFIG);
  });

  it('never sends an inline token back out after it is saved', async () => {
    await ok(
      engine.command('updateUpstream', {
        service: 'codex',
        station: 'main',
        id: 'relay-b/default',
        patch: { authToken: 'sk-inline-secret-999999' },
      }),
    );
    const s = engine.snapshot();
    expect(station(s).upstreams[1]).toMatchObject({ authSource: 'inline', hasInlineToken: true });
    expect(JSON.stringify(s)).not.toContain('sk-inline-secret');
  });

  it('addresses upstreams by id: an unknown id is a not_found error', async () => {
    const r = await engine.command('resetUpstream', {
      service: 'codex',
      station: 'main',
      id: 'nope/default',
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('disables an upstream so the next pick skips it', async () => {
    await ok(
      engine.command('setUpstreamEnabled', {
        service: 'codex',
        station: 'main',
        id: 'relay-a/default',
        enabled: false,
      }),
    );
    const st = station(engine.snapshot());
    expect(st.upstreams[0]?.enabled).toBe(false);
    expect(st.nextPick.index).toBe(1);
    expect(st.nextPick.skipped[0]).toMatchObject({ index: 0, reason: 'disabled' });
  });

  it('renames a station and carries its state and the active marker to the new name', async () => {
    await ok(
      engine.command('setUpstreamExhausted', {
        service: 'codex',
        station: 'main',
        id: 'relay-b/default',
        exhausted: true,
      }),
    );
    await ok(
      engine.command('renameStation', { service: 'codex', station: 'main', newName: 'daily' }),
    );
    const s = engine.snapshot();
    expect(s.services.codex.active).toBe('daily');
    expect(station(s, 'daily').upstreams[1]?.usageExhausted).toBe(true);
  });

  it('keeps balancer state across a restart through state.json', async () => {
    await ok(
      engine.command('setUpstreamExhausted', {
        service: 'codex',
        station: 'main',
        id: 'relay-a/default',
        exhausted: true,
      }),
    );
    await engine.stop();
    engine = await boot(null);
    expect(station(engine.snapshot()).upstreams[0]?.usageExhausted).toBe(true);
  });

  it('changes settings through config.toml and shows them in the snapshot', async () => {
    await ok(
      engine.command('updateSettings', {
        patch: { retry: { failureThreshold: 5, profile: 'cost-primary' } },
      }),
    );
    const s = engine.snapshot();
    expect(s.settings.retry).toMatchObject({
      failureThreshold: 5,
      profile: 'cost-primary',
      cooldownBackoffFactor: 2,
    });
    expect(readFileSync(join(home, 'config.toml'), 'utf8')).toMatch(/failure_threshold = 5/);
  });

  it('refuses a setting out of range and names the key', async () => {
    const r = await engine.command('updateSettings', { patch: { proxy: { codexPort: 70000 } } });
    expect(r).toMatchObject({ ok: false, error: { code: 'config_invalid' } });
    expect(r.ok ? '' : r.error.message).toContain('codex_port');
  });

  it('reports an unknown command as a value, not a throw', async () => {
    const r = await engine.command('nope' as never, {} as never);
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
  });

  it('pushes snapshots to subscribers and stops after unsubscribe', async () => {
    const seen: number[] = [];
    const got = new Promise<void>((resolve) => {
      const off = engine.onSnapshot((s) => {
        seen.push(s.version);
        off();
        resolve();
      });
    });
    const ack = await ok(
      engine.command('resetUpstream', { service: 'codex', station: 'main', id: 'relay-a/default' }),
    );
    await got;
    expect(seen[0]).toBeGreaterThanOrEqual(ack.version);
  });

  it('picks up an external reorder of tagged upstreams and moves their state with them', async () => {
    await ok(
      engine.command('setUpstreamExhausted', {
        service: 'codex',
        station: 'main',
        id: 'relay-a/default',
        exhausted: true,
      }),
    );
    const blocks = CONFIG.split('\n[[codex.stations.main.upstreams]]\n');
    const head = blocks[0] as string;
    const a = (blocks[1] as string).replace('\n# the backup', '');
    const b = blocks[2] as string;
    writeFileSync(
      join(home, 'config.toml'),
      `${head}\n[[codex.stations.main.upstreams]]\n${b}\n[[codex.stations.main.upstreams]]\n${a}`,
    );
    expect(engine.checkConfigNow()).toBe(true);
    const st = station(engine.snapshot());
    expect(st.upstreams.map((u) => u.id)).toEqual(['relay-b/default', 'relay-a/default']);
    expect(st.upstreams.map((u) => u.usageExhausted)).toEqual([false, true]);
  });

  it('adds, activates and removes a station, and refuses a duplicate name', async () => {
    await ok(
      engine.command('addStation', { service: 'codex', station: { name: 'spare', level: 2 } }),
    );
    const dup = await engine.command('addStation', {
      service: 'codex',
      station: { name: 'spare' },
    });
    expect(dup).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await ok(engine.command('setActiveStation', { service: 'codex', station: 'spare' }));
    expect(engine.snapshot().services.codex.active).toBe('spare');
    await ok(engine.command('removeStation', { service: 'codex', station: 'spare' }));
    expect(engine.snapshot().services.codex.stations.map((x) => x.name)).toEqual(['main']);
    expect(readFileSync(join(home, 'config.toml'), 'utf8')).not.toContain('spare');
  });

  it('explains the next pick for a model and skips upstreams that do not support it', async () => {
    await ok(
      engine.command('updateUpstream', {
        service: 'codex',
        station: 'main',
        id: 'relay-a/default',
        patch: { supportedModels: { 'claude-*': true } },
      }),
    );
    const r = await ok(engine.command('explainNextPick', { service: 'codex', model: 'gpt-5' }));
    expect(r.index).toBe(1);
    expect(r.rule).toBe('in-order');
    expect(r.skipped).toEqual([
      { index: 0, reason: 'unsupported model', detail: 'gpt-5', until: null },
    ]);
  });

  it('previews, switches on and restores Codex through commands, with the status in the snapshot', async () => {
    const codexHome = join(home, 'codex-home');
    mkdirSync(codexHome, { recursive: true });
    const original = '# mine\nmodel = "gpt-5"\n';
    writeFileSync(join(codexHome, 'config.toml'), original);
    const preview = await ok(engine.command('previewSwitch', { client: 'codex' }));
    expect(preview.diff).toContain('+model_provider = "codex_proxy"');
    await ok(engine.command('switchClient', { client: 'codex', on: true }));
    // No listener runs in this test, so a switched-on Codex is "stale": nothing serves it.
    expect(engine.snapshot().clients.codex.status).toBe('stale');
    await ok(engine.command('switchClient', { client: 'codex', on: false }));
    expect(engine.snapshot().clients.codex.status).toBe('off');
    expect(readFileSync(join(codexHome, 'config.toml'), 'utf8')).toBe(original);
  });

  it('answers the first-run offer an empty preview for a source that is not there, and the import dialog a not_found', async () => {
    const quiet = await ok(
      engine.command('importPreview', { source: 'codex', station: 'main', ifPresent: true }),
    );
    expect(quiet).toMatchObject({ source: 'codex', candidates: [] });
    expect(quiet.warnings[0]).toMatch(/does not exist/);
    const asked = await engine.command('importPreview', { source: 'codex', station: 'main' });
    expect(asked).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('imports Codex providers once: a second import skips them as duplicates', async () => {
    const codexHome = join(home, 'codex-home');
    mkdirSync(codexHome, { recursive: true });
    writeFileSync(
      join(codexHome, 'config.toml'),
      'model_provider = "right"\n[model_providers.right]\nbase_url = "https://right.example/v1"\nenv_key = "RIGHT_KEY"\n',
    );
    const preview = await ok(engine.command('importPreview', { source: 'codex', station: 'main' }));
    expect(preview.candidates.map((c) => [c.id, c.duplicateOf])).toEqual([['right/default', null]]);
    const first = await ok(engine.command('importApply', { source: 'codex', station: 'main' }));
    expect(first.imported).toEqual(['right/default']);
    const again = await ok(engine.command('importApply', { source: 'codex', station: 'main' }));
    expect(again.imported).toEqual([]);
    expect(again.skipped[0]?.reason).toMatch(/duplicate/);
    expect(station(engine.snapshot()).upstreams.at(-1)).toMatchObject({
      id: 'right/default',
      authSource: 'env:RIGHT_KEY',
    });
  });

  it('keeps the previous config running when the file is broken, and clears the error when fixed', async () => {
    writeFileSync(join(home, 'config.toml'), 'version = 1\n[codex\n');
    engine.checkConfigNow();
    let s = engine.snapshot();
    expect(s.configError?.line).toBe(2);
    expect(station(s).upstreams).toHaveLength(2);
    writeFileSync(join(home, 'config.toml'), CONFIG);
    engine.checkConfigNow();
    s = engine.snapshot();
    expect(s.configError).toBeNull();
  });
});
