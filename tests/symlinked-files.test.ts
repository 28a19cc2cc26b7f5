// Issue 13 item 4: users keep dotfiles in a repo and link them. Saving the app's config.toml,
// switching Codex (config.toml) and Claude Code (settings.json) write through the link to its
// target and leave the link in place.
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../src/main/engine';
import { startEngineIn } from './fixtures/engine-in';

let root: string;
let engine: Engine;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'chd-links-'));
  const dotfiles = join(root, 'dotfiles');
  mkdirSync(dotfiles);
  for (const d of ['home', 'codex', 'claude']) mkdirSync(join(root, d));
  writeFileSync(
    join(dotfiles, 'app.toml'),
    'version = 1\n[codex]\nactive = "main"\n[codex.stations.main]\n',
  );
  writeFileSync(join(dotfiles, 'codex.toml'), 'model = "gpt-5"\n');
  writeFileSync(join(dotfiles, 'claude.json'), '{\n  "model": "opus"\n}\n');
  symlinkSync(join(dotfiles, 'app.toml'), join(root, 'home', 'config.toml'));
  symlinkSync('../dotfiles/codex.toml', join(root, 'codex', 'config.toml'));
  symlinkSync(join(dotfiles, 'claude.json'), join(root, 'claude', 'settings.json'));
  engine = await startEngineIn(root, { home: 'home' });
});

afterEach(async () => {
  await engine.stop();
  rmSync(root, { recursive: true, force: true });
});

function stillLinked(link: string, target: string): void {
  expect(lstatSync(link).isSymbolicLink(), link).toBe(true);
  expect(readlinkSync(link)).toBe(target);
}

describe('symlinked files', () => {
  it("saves the app's config.toml through its link", async () => {
    const r = await engine.command('addUpstream', {
      service: 'codex',
      station: 'main',
      upstream: { baseUrl: 'https://relay.example/v1' },
    });
    expect(r.ok).toBe(true);
    stillLinked(join(root, 'home', 'config.toml'), join(root, 'dotfiles', 'app.toml'));
    expect(readFileSync(join(root, 'dotfiles', 'app.toml'), 'utf8')).toContain(
      'https://relay.example/v1',
    );
  });

  it('switches Codex and Claude Code through their links and restores through them', async () => {
    for (const client of ['codex', 'claude'] as const) {
      const on = await engine.command('switchClient', { client, on: true });
      expect(on.ok, JSON.stringify(on)).toBe(true);
    }
    stillLinked(join(root, 'codex', 'config.toml'), '../dotfiles/codex.toml');
    stillLinked(join(root, 'claude', 'settings.json'), join(root, 'dotfiles', 'claude.json'));
    expect(readFileSync(join(root, 'dotfiles', 'codex.toml'), 'utf8')).toContain('codex_proxy');
    expect(readFileSync(join(root, 'dotfiles', 'claude.json'), 'utf8')).toContain(
      'ANTHROPIC_BASE_URL',
    );
    for (const client of ['codex', 'claude'] as const) {
      expect((await engine.command('switchClient', { client, on: false })).ok).toBe(true);
    }
    stillLinked(join(root, 'codex', 'config.toml'), '../dotfiles/codex.toml');
    expect(readFileSync(join(root, 'dotfiles', 'codex.toml'), 'utf8')).toBe('model = "gpt-5"\n');
    expect(readFileSync(join(root, 'dotfiles', 'claude.json'), 'utf8')).toBe(
      '{\n  "model": "opus"\n}\n',
    );
  });
});
