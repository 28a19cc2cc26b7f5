// Issue 13 item 8: one very long value must not stop every later edit. The API caps field
// lengths with a clear error, and a file that already holds a long value can still be edited
// (the app's config.toml and Codex's config.toml).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../src/main/engine';
import { startEngineIn } from './fixtures/engine-in';

const LONG = 'x'.repeat(200_000);
let root: string;
let engine: Engine;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'chd-long-'));
  mkdirSync(join(root, 'codex'));
  writeFileSync(
    join(root, 'config.toml'),
    [
      'version = 1',
      '[codex]',
      'active = "main"',
      '[codex.stations.main]',
      '[[codex.stations.main.upstreams]]',
      'base_url = "https://a.example/v1"',
      `alias = "${LONG}"`,
      '[[codex.stations.main.upstreams]]',
      'base_url = "https://b.example/v1"',
      `tags = { note = '''${LONG}''' }`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(root, 'codex', 'config.toml'),
    `model = "gpt-5"\ndeveloper_instructions = """\n${LONG}\n"""\n`,
  );
  engine = await startEngineIn(root);
});

afterEach(async () => {
  await engine.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('long values', () => {
  it('refuses an alias over 200 characters and a URL over 2048, saying the limit', async () => {
    const alias = await engine.command('addUpstream', {
      service: 'codex',
      station: 'main',
      upstream: { baseUrl: 'https://c.example/v1', alias: LONG },
    });
    expect(alias.ok).toBe(false);
    if (!alias.ok) {
      expect(alias.error.message).toBe(
        'the alias is 200000 characters long; at most 200 are allowed',
      );
      expect(alias.error.path).toBe('alias');
    }
    const url = await engine.command('addUpstream', {
      service: 'codex',
      station: 'main',
      upstream: { baseUrl: `https://c.example/${'p'.repeat(3000)}` },
    });
    expect(url.ok).toBe(false);
    if (!url.ok) expect(url.error.message).toContain('at most 2048');
  });

  it('keeps editing a config.toml that already holds 200 000-character values', async () => {
    const snap = engine.snapshot();
    expect(snap.configError).toBeNull();
    const ids = snap.services.codex.stations[0]!.upstreams.map((u) => u.id);
    const moved = await engine.command('moveUpstream', {
      service: 'codex',
      station: 'main',
      id: ids[1]!,
      toIndex: 0,
    });
    expect(moved.ok, JSON.stringify(moved)).toBe(true);
    const added = await engine.command('addUpstream', {
      service: 'codex',
      station: 'main',
      upstream: { baseUrl: 'https://c.example/v1', alias: 'short' },
    });
    expect(added.ok, JSON.stringify(added)).toBe(true);
    const text = readFileSync(join(root, 'config.toml'), 'utf8');
    expect(text.indexOf('https://b.example')).toBeLessThan(text.indexOf('https://a.example'));
    expect(text).toContain(`alias = "${LONG}"`);
    expect(text).toContain(`tags = { note = '''${LONG}''' }`);
    expect(text).toContain('https://c.example/v1');
  });

  it("switches Codex on and off with a 200 000-character value in Codex's config.toml", async () => {
    const before = readFileSync(join(root, 'codex', 'config.toml'), 'utf8');
    const on = await engine.command('switchClient', { client: 'codex', on: true });
    expect(on.ok, JSON.stringify(on).slice(0, 300)).toBe(true);
    const off = await engine.command('switchClient', { client: 'codex', on: false });
    expect(off.ok, JSON.stringify(off).slice(0, 300)).toBe(true);
    expect(readFileSync(join(root, 'codex', 'config.toml'), 'utf8')).toBe(before);
  });
});
