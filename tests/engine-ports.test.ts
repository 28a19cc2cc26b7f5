// Changing a port in Settings re-binds the listener, and a client pointed at the proxy follows it
// to the new port (else Codex would hang on "connection refused" after the change).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../src/main/engine';
import { freePort, freePortList } from '../e2e/helpers/serve';

let home: string;
let engine: Engine;

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'chd-ports-'));
  const [codex = 0, claude = 0] = await freePortList(2);
  writeFileSync(
    join(home, 'config.toml'),
    `version = 1\n[proxy]\ncodex_port = ${codex}\nclaude_port = ${claude}\n[codex.stations.main]\n`,
  );
  mkdirSync(join(home, 'codex'));
  writeFileSync(join(home, 'codex', 'config.toml'), 'model = "gpt-5"\n');
  engine = createEngine({
    home,
    codexHome: join(home, 'codex'),
    claudeConfigDir: join(home, 'claude'),
  });
  await engine.start();
});

afterEach(async () => {
  await engine.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('listener ports', () => {
  it('re-binds the codex listener on a new port and re-points a switched-on Codex to it', async () => {
    const on = await engine.command('switchClient', { client: 'codex', on: true });
    expect(on.ok).toBe(true);
    expect(engine.snapshot().clients.codex.status).toBe('on');

    const next = await freePort();
    const r = await engine.command('updateSettings', { patch: { proxy: { codexPort: next } } });
    expect(r.ok).toBe(true);
    expect(engine.snapshot().services.codex.listening?.port).toBe(next);
    const codex = readFileSync(join(home, 'codex', 'config.toml'), 'utf8');
    expect(codex).toContain(`base_url = "http://127.0.0.1:${next}/v1"`);
    expect(engine.snapshot().clients.codex.status).toBe('on');
    const res = await fetch(`http://127.0.0.1:${next}/v1/responses`, {
      method: 'POST',
      body: '{}',
    });
    expect(res.status).toBe(503);
  });
});
