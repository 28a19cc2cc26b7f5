import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract';
import type { AppConfig } from '../../../shared/config-types';
import type { ConfigErrorInfo } from '../../../shared/snapshot';
import { ManualClock } from '../../../../tests/fixtures/clock';
import { ConfigStore, STARTER_CONFIG } from './index';

const GOOD = `# mine
version = 1

[codex]
active = "main"

[codex.stations.main]

[[codex.stations.main.upstreams]]
base_url = "https://a.example/v1" # first
`;

let dir: string;
let file: string;
let store: ConfigStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chd-config-'));
  file = path.join(dir, 'config.toml');
  store = new ConfigStore({ file });
});

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function events(): { config: AppConfig; error: ConfigErrorInfo | null }[] {
  const seen: { config: AppConfig; error: ConfigErrorInfo | null }[] = [];
  store.onChange((config, error) => seen.push({ config, error }));
  return seen;
}

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('ConfigStore.load', () => {
  it('writes the starter when the file is missing and loads an empty main station', () => {
    store.load();
    expect(fs.readFileSync(file, 'utf8')).toBe(STARTER_CONFIG);
    expect(mode(file)).toBe(0o600);
    expect(store.error()).toBeNull();
    expect(store.current().codex.stations).toEqual([
      { name: 'main', enabled: true, level: 1, upstreams: [] },
    ]);
    expect(store.text()).toBe(STARTER_CONFIG);
  });

  it('starts with no stations and an error on a bad file, leaving the file as it was', () => {
    const bad = 'version = 1\n[proxy]\ncodex_port = "x"\n';
    fs.writeFileSync(file, bad);
    store.load();
    expect(store.error()?.path).toBe('proxy.codex_port');
    expect(store.current().codex.stations).toEqual([]);
    expect(store.text()).toBeNull();
    expect(fs.readFileSync(file, 'utf8')).toBe(bad);
    expect(fs.readdirSync(dir)).toEqual(['config.toml']);
  });

  it('reports an unreadable config (a directory) without writing anything', () => {
    fs.mkdirSync(file);
    store.load();
    expect(store.error()?.message).toContain('cannot read the file: it is a directory');
    expect(store.current().codex.stations).toEqual([]);
    expect(fs.statSync(file).isDirectory()).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['config.toml']);
  });
});

describe('ConfigStore.save', () => {
  it('writes .bak with the old content, mode 0600, and leaves no .tmp', () => {
    fs.writeFileSync(file, GOOD, { mode: 0o644 });
    store.load();
    const seen = events();
    const config = store.save([
      { kind: 'set', path: ['codex', 'stations', 'main', 'upstreams', 0, 'enabled'], value: false },
    ]);
    expect(config.codex.stations[0]?.upstreams[0]?.enabled).toBe(false);
    expect(store.current()).toBe(config);
    expect(fs.readFileSync(`${file}.bak`, 'utf8')).toBe(GOOD);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${GOOD}enabled = false\n`);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}.bak`)).toBe(0o600);
    expect(fs.existsSync(`${file}.tmp`)).toBe(false);
    // The app's own save is not a foreign change.
    expect(store.checkNow()).toBe(false);
    expect(seen).toEqual([]);
  });

  it('refuses an edit whose result is invalid and leaves the file untouched', () => {
    fs.writeFileSync(file, GOOD);
    store.load();
    let caught: unknown;
    try {
      store.save([{ kind: 'set', path: ['codex', 'stations', 'main', 'level'], value: 42 }]);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('config_invalid');
    expect((caught as AppError).path).toBe('codex.stations.main.level');
    expect(fs.readFileSync(file, 'utf8')).toBe(GOOD);
    expect(fs.readdirSync(dir)).toEqual(['config.toml']);
    expect(store.current().codex.stations[0]?.level).toBe(1);
  });

  it('refuses to save while the file on disk has an error', () => {
    fs.writeFileSync(file, GOOD);
    store.load();
    fs.writeFileSync(file, 'version = [\n');
    let caught: unknown;
    try {
      store.save([{ kind: 'set', path: ['retry', 'failure_threshold'], value: 4 }]);
    } catch (err) {
      caught = err;
    }
    expect((caught as AppError).code).toBe('conflict');
    expect((caught as AppError).message).toContain('fix the file first');
    expect(fs.readFileSync(file, 'utf8')).toBe('version = [\n');
  });

  it('applies an edit on top of an external change made since the last load', () => {
    fs.writeFileSync(file, GOOD);
    store.load();
    fs.writeFileSync(file, GOOD.replace('# first', '# edited outside'));
    store.save([{ kind: 'set', path: ['proxy', 'codex_port'], value: 4000 }]);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('# edited outside');
    expect(text).toContain('[proxy]\ncodex_port = 4000\n');
    expect(store.current().proxy.codex_port).toBe(4000);
  });
});

describe('ConfigStore hot reload', () => {
  it('picks up an external edit', () => {
    fs.writeFileSync(file, GOOD);
    store.load();
    const seen = events();
    expect(store.checkNow()).toBe(false);
    fs.writeFileSync(file, GOOD.replace('a.example', 'b.example'));
    expect(store.checkNow()).toBe(true);
    expect(store.current().codex.stations[0]?.upstreams[0]?.base_url).toBe('https://b.example/v1');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.error).toBeNull();
    expect(seen[0]?.config).toBe(store.current());
  });

  it('keeps the previous config on a bad external edit and clears the error once fixed', () => {
    fs.writeFileSync(file, GOOD);
    store.load();
    const before = store.current();
    const seen = events();
    fs.writeFileSync(file, `${GOOD}bogus = 1\n`);
    expect(store.checkNow()).toBe(true);
    expect(store.current()).toBe(before);
    expect(store.error()?.path).toBe('codex.stations.main.upstreams[0].bogus');
    expect(seen[0]?.config).toBe(before);
    expect(seen[0]?.error).toEqual(store.error());
    expect(fs.readFileSync(file, 'utf8')).toBe(`${GOOD}bogus = 1\n`);

    fs.writeFileSync(file, GOOD.replace('"main"\n', '"main"\n\n[proxy]\nclaude_port = 4001\n'));
    expect(store.checkNow()).toBe(true);
    expect(store.error()).toBeNull();
    expect(store.current().proxy.claude_port).toBe(4001);
    expect(seen[1]?.error).toBeNull();
  });

  it('keeps the previous config when the file is deleted and does not recreate it', () => {
    fs.writeFileSync(file, GOOD);
    store.load();
    const before = store.current();
    const seen = events();
    fs.rmSync(file);
    expect(store.checkNow()).toBe(true);
    expect(store.current()).toBe(before);
    expect(store.error()?.message).toContain('config.toml was deleted');
    expect(seen[0]?.error?.message).toContain('config.toml was deleted');
    expect(fs.existsSync(file)).toBe(false);
    expect(store.checkNow()).toBe(false);
  });

  it('reports a change through the poll timer once watching, and stops polling when closed', () => {
    fs.writeFileSync(file, GOOD);
    const clock = new ManualClock();
    store = new ConfigStore({ file, scheduler: clock, pollMs: 250 });
    store.load();
    const changed: AppConfig[] = [];
    store.onChange((config) => changed.push(config));
    store.watch();
    fs.writeFileSync(file, GOOD.replace('a.example', 'c.example'));
    clock.advance(249);
    expect(changed).toEqual([]);
    clock.advance(1);
    const config = changed[0];
    expect(config?.codex.stations[0]?.upstreams[0]?.base_url).toBe('https://c.example/v1');
    store.close();
    expect(clock.pending()).toBe(0);
  });
});

describe('ConfigStore starter fallback', () => {
  it('keeps running with an error when the starter cannot be written', () => {
    // A file where the home folder should be: mkdir fails, as on a read-only home.
    const blocker = path.join(dir, 'home');
    fs.writeFileSync(blocker, 'not a folder');
    store = new ConfigStore({ file: path.join(blocker, 'config.toml') });
    store.load();
    expect(store.error()).not.toBeNull();
    expect(store.current().codex.stations).toEqual([]);
    expect(fs.readFileSync(blocker, 'utf8')).toBe('not a folder');
  });
});

describe('watching a big or unchanged config.toml', () => {
  it('refuses a file over 16 MiB without reading it, keeping the last good config', () => {
    fs.writeFileSync(file, GOOD);
    store.load();
    fs.writeFileSync(file, `${GOOD}\n# ${'x'.repeat(17 * 1024 * 1024)}\n`);
    expect(store.checkNow()).toBe(true);
    expect(store.error()?.message).toMatch(/config files up to 16777216 bytes \(16 MiB\) are read/);
    expect(store.current().codex.stations[0]?.upstreams).toHaveLength(1);
  });

  it('does not read the file while its inode, size and modification time stay the same', () => {
    const t = 1_700_000_000;
    fs.writeFileSync(file, GOOD);
    fs.utimesSync(file, t, t);
    store.load();
    expect(store.checkNow()).toBe(false);
    // Same size, same mtime: only a read would notice, and the poll must not read.
    fs.writeFileSync(file, GOOD.replace('https://a.example', 'https://b.example'));
    fs.utimesSync(file, t, t);
    expect(store.checkNow()).toBe(false);
    fs.utimesSync(file, t, t + 1);
    expect(store.checkNow()).toBe(true);
    expect(store.current().codex.stations[0]?.upstreams[0]?.base_url).toBe('https://b.example/v1');
  });
});
