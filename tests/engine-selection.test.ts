// The selection rules through the engine API (docs/behaviour.md §2.7): Key missing in the
// snapshot, availability per service, Go back to #1, Reset all, pins that survive a restart, the
// new [retry] settings, and state.json version 2 (with a version 1 file migrated on load).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../src/main/engine';
import type { StationView } from '../src/main/engine/types';
import type { Snapshot } from '../src/shared/snapshot';
import { ok, startOfflineEngine } from './fixtures/offline-engine';

const CONFIG = `version = 1

[codex]
active = "main"

[codex.stations.main]
[[codex.stations.main.upstreams]]
base_url = "https://relay-a.example/v1"
auth = { auth_token_env = "RELAY_A_KEY" }
tags = { provider_id = "relay-a", endpoint_id = "default" }

[[codex.stations.main.upstreams]]
base_url = "https://relay-b.example/v1"
tags = { provider_id = "relay-b", endpoint_id = "default" }

[[codex.stations.main.upstreams]]
base_url = "https://relay-c.example/v1"
tags = { provider_id = "relay-c", endpoint_id = "default" }
`;

const MAIN: StationView = {
  service: 'codex',
  name: 'main',
  upstreams: ['a', 'b', 'c'].map((x) => ({
    base_url: `https://relay-${x}.example/v1`,
    tags: { provider_id: `relay-${x}`, endpoint_id: 'default' },
    enabled: true,
  })),
};

let home: string;
let engine: Engine;
let now: number;
let env: Record<string, string>;

const boot = (): Promise<Engine> => startOfflineEngine(home, () => now, env);

function main(s: Snapshot) {
  return s.services.codex.stations.find((x) => x.name === 'main')!;
}

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'chd-selection-'));
  now = 1_800_000_000_000;
  env = { RELAY_A_KEY: 'sk-relay-a-secret' };
  writeFileSync(join(home, 'config.toml'), CONFIG);
  engine = await boot();
});

afterEach(async () => {
  await engine.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('selection through the engine', () => {
  it('shows Key missing and never makes that upstream Next', async () => {
    await engine.stop();
    env = {};
    engine = await boot();
    const st = main(engine.snapshot());
    expect(st.upstreams[0]?.authProblem).toBe('RELAY_A_KEY is not set');
    expect(st.nextPick).toEqual({
      index: 1,
      rule: 'in-order',
      skipped: [{ index: 0, reason: 'key-missing', detail: 'RELAY_A_KEY is not set', until: null }],
    });
  });

  it('reports the service unavailable until the first cooldown that frees an upstream ends', () => {
    expect(engine.snapshot().services.codex).toMatchObject({
      available: true,
      availableAgainAt: null,
    });
    engine.balancer.penalize(MAIN, 0, 90, 'test');
    engine.balancer.penalize(MAIN, 1, 40, 'test');
    engine.balancer.penalize(MAIN, 2, 60, 'test');
    expect(engine.snapshot().services.codex).toMatchObject({
      available: false,
      availableAgainAt: now + 40_000,
    });
  });

  it('Reset all clears every cooldown of the try order and keeps exhaustion', async () => {
    engine.balancer.penalize(MAIN, 0, 90, 'test');
    engine.balancer.penalize(MAIN, 1, 40, 'test');
    engine.balancer.penalize(MAIN, 2, 60, 'test');
    engine.balancer.setExhausted(MAIN, 2, true, 'quota');
    const { version } = await ok(engine.command('resetAll', { service: 'codex' }));
    const s = engine.snapshot();
    expect(s.version).toBeGreaterThanOrEqual(version);
    expect(s.services.codex.available).toBe(true);
    expect(
      main(s).upstreams.map((u) => [u.failureCount, u.cooldownUntil, u.usageExhausted]),
    ).toEqual([
      [0, null, false],
      [0, null, false],
      [0, null, true],
    ]);
  });

  it('Go back to #1 makes the first upstream the last good again', async () => {
    engine.balancer.penalize(MAIN, 0, 1, 'test');
    engine.balancer.recordResult(MAIN, 1, true);
    now += 2_000;
    expect(main(engine.snapshot()).nextPick).toMatchObject({ index: 1, rule: 'sticky' });
    await ok(
      engine.command('preferUpstream', {
        service: 'codex',
        station: 'main',
        id: 'relay-a/default',
      }),
    );
    const st = main(engine.snapshot());
    expect(st.lastGoodIndex).toBe(0);
    expect(st.nextPick).toMatchObject({ index: 0, rule: 'sticky', skipped: [] });
  });

  it('refuses a pin to an unknown upstream and names the argument', async () => {
    const r = await engine.command('pinSession', {
      service: 'codex',
      station: 'main',
      sessionId: 'sess-1',
      id: 'nope/default',
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'not_found', path: 'id' } });
  });

  it('keeps a pin across a restart in state.json version 2, and unpins it', async () => {
    await ok(
      engine.command('pinSession', {
        service: 'codex',
        station: 'main',
        sessionId: 'sess-1',
        id: 'relay-c/default',
      }),
    );
    await engine.stop();
    const file = JSON.parse(readFileSync(join(home, 'state.json'), 'utf8'));
    expect(file.version).toBe(2);
    expect(file.sessions.codex.pins).toEqual([
      {
        id: 'sess-1',
        station: 'main',
        signature: 'main/relay-c/default|https://relay-c.example/v1',
        at: now,
      },
    ]);
    engine = await boot();
    const pinned = { service: 'codex' as const, sessionId: 'sess-1' };
    const explain = (sessionId: string) =>
      ok(engine.command('explainNextPick', { service: 'codex', sessionId }));
    expect(await explain('sess-1')).toMatchObject({ index: 2, rule: 'pinned' });
    await ok(engine.command('unpinSession', pinned));
    expect(await explain('sess-1')).toMatchObject({ index: 0, rule: 'in-order' });
  });

  it("migrates a version 1 state.json: exhaustion without a source counts as the user's", async () => {
    await engine.stop();
    const v1 = {
      version: 1,
      stations: {
        'codex/main': {
          signatures: MAIN.upstreams.map((u, i) => `main/relay-${'abc'[i]}/default|${u.base_url}`),
          failureCounts: [0, 0, 0],
          cooldownUntil: [null, null, null],
          usageExhausted: [true, false, false],
          exhaustedReason: ['marked by hand', null, null],
          penaltyStreak: [0, 0, 0],
          lastGoodIndex: 1,
        },
      },
    };
    writeFileSync(join(home, 'state.json'), JSON.stringify(v1));
    engine = await boot();
    const s = engine.snapshot();
    expect(s.stateError).toBeNull();
    expect(main(s).upstreams[0]?.usageExhausted).toBe(true);
    expect(main(s).lastGoodIndex).toBe(1);
    await engine.stop();
    const file = JSON.parse(readFileSync(join(home, 'state.json'), 'utf8'));
    expect(file.version).toBe(2);
    expect(file.stations['codex/main'].exhaustedBy).toEqual(['user', null, null]);
    engine = await boot();
  });

  it('changes the selection settings through config.toml and shows them', async () => {
    await ok(
      engine.command('updateSettings', {
        patch: {
          retry: {
            exhaustedFallback: false,
            returnToPreferredSecs: 300,
            sessionAffinity: false,
            sessionAffinityTtlSecs: 600,
          },
        },
      }),
    );
    expect(engine.snapshot().settings.retry).toMatchObject({
      exhaustedFallback: false,
      returnToPreferredSecs: 300,
      sessionAffinity: false,
      sessionAffinityTtlSecs: 600,
    });
    const text = readFileSync(join(home, 'config.toml'), 'utf8');
    expect(text).toMatch(/exhausted_fallback = false/);
    expect(text).toMatch(/return_to_preferred_secs = 300/);
  });
});
