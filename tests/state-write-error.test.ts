// Issue 13 item 10: a state.json write that fails shows in the snapshot's stateError (not only
// on stderr), and clears once a write works again.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../src/main/engine';
import { startEngineIn } from './fixtures/engine-in';

let root: string;
let engine: Engine;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'chd-state-'));
  writeFileSync(
    join(root, 'config.toml'),
    'version = 1\n[codex]\nactive = "main"\n[codex.stations.main]\n[[codex.stations.main.upstreams]]\nbase_url = "https://a.example/v1"\n',
  );
  engine = await startEngineIn(root);
});

afterEach(async () => {
  await engine.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('state.json write errors', () => {
  it('shows a failed write in the snapshot and clears it after a good one', async () => {
    const ref = {
      service: 'codex' as const,
      station: 'main',
      id: engine.snapshot().services.codex.stations[0]!.upstreams[0]!.id,
    };
    // The temporary file's name taken by a folder: the write cannot happen.
    mkdirSync(join(root, 'state.json.tmp'));
    await engine.command('setUpstreamExhausted', { ...ref, exhausted: true });
    await engine.flush();
    expect(engine.snapshot().stateError?.message).toMatch(/^could not write .*state\.json/);
    rmSync(join(root, 'state.json.tmp'), { recursive: true });
    await engine.command('setUpstreamExhausted', { ...ref, exhausted: false });
    await engine.flush();
    expect(engine.snapshot().stateError).toBeNull();
  });
});
