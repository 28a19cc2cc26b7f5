import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'smol-toml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract';
import { clientStatus, previewSwitch, switchOff, switchOn, type ClientContext } from './index';

const GOLDEN = path.resolve(__dirname, '../../../../tests/golden/codex');
let home: string;
let ctx: ClientContext;
const cfg = (): string => path.join(home, 'config.toml');
const stateFile = (): string => path.join(home, 'codex-helper-desktop-switch.json');

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'chd-codex-'));
  ctx = {
    codexHome: home,
    claudeConfigDir: home,
    proxyHost: '127.0.0.1',
    codexPort: 3211,
    claudePort: 3210,
    serving: { codex: true, claude: true },
  };
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

function refusal(fn: () => void): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

const goldens = fs
  .readdirSync(GOLDEN)
  .filter((f) => f.endsWith('.toml') && !f.endsWith('.on.toml'));

describe('golden files', () => {
  it.each(goldens)('switches %s on to the expected bytes and off to the original bytes', (name) => {
    const original = fs.readFileSync(path.join(GOLDEN, name));
    const expected = fs.readFileSync(path.join(GOLDEN, name.replace(/\.toml$/, '.on.toml')));
    fs.writeFileSync(cfg(), original);
    switchOn('codex', ctx);
    expect(fs.readFileSync(cfg()).equals(expected)).toBe(true);
    expect(clientStatus('codex', ctx).status).toBe('on');
    switchOff('codex', ctx);
    expect(fs.readFileSync(cfg()).equals(original)).toBe(true);
    expect(fs.existsSync(stateFile())).toBe(false);
  });
});

describe('codex switch', () => {
  it('writes the switch state and a whole-file backup before changing anything', () => {
    const original = fs.readFileSync(path.join(GOLDEN, 'rich.toml'), 'utf8');
    fs.writeFileSync(cfg(), original);
    switchOn('codex', ctx);
    expect(fs.readFileSync(`${cfg()}.codex-helper-desktop.bak`, 'utf8')).toBe(original);
    const state = JSON.parse(fs.readFileSync(stateFile(), 'utf8')) as Record<string, unknown>;
    expect(state).toMatchObject({
      fileExisted: true,
      modelProviderLine: 'model_provider = "right"',
      codexProxyTable: null,
      lineEnding: '\n',
    });
    const doc = parse(fs.readFileSync(cfg(), 'utf8')) as {
      model_providers: Record<string, unknown>;
    };
    expect(doc.model_providers.codex_proxy).toEqual({
      name: 'codex-helper-desktop',
      base_url: 'http://127.0.0.1:3211/v1',
      wire_api: 'responses',
      request_max_retries: 0,
      supports_websockets: false,
    });
  });

  it('keeps an unrelated edit made between on and off', () => {
    const original = fs.readFileSync(path.join(GOLDEN, 'rich.toml'), 'utf8');
    fs.writeFileSync(cfg(), original);
    switchOn('codex', ctx);
    const on = fs.readFileSync(cfg(), 'utf8');
    fs.writeFileSync(
      cfg(),
      on.replace('approval_policy = "on-request"', 'approval_policy = "never"'),
    );
    switchOff('codex', ctx);
    expect(fs.readFileSync(cfg(), 'utf8')).toBe(original.replace('"on-request"', '"never"'));
  });

  it('keeps a table Codex appended after ours while switched on', () => {
    const original = fs.readFileSync(path.join(GOLDEN, 'rich.toml'), 'utf8');
    fs.writeFileSync(cfg(), original);
    switchOn('codex', ctx);
    fs.appendFileSync(cfg(), '\n[projects."/new/repo"]\ntrust_level = "trusted"\n');
    switchOff('codex', ctx);
    expect(fs.readFileSync(cfg(), 'utf8')).toBe(
      original + '\n[projects."/new/repo"]\ntrust_level = "trusted"\n',
    );
  });

  it('creates a minimal file when there is none and removes it again on off', () => {
    switchOn('codex', ctx);
    const doc = parse(fs.readFileSync(cfg(), 'utf8'));
    expect(doc.model_provider).toBe('codex_proxy');
    expect(fs.existsSync(`${cfg()}.codex-helper-desktop.bak`)).toBe(false);
    switchOff('codex', ctx);
    expect(fs.existsSync(cfg())).toBe(false);
  });

  it('refuses a directory where config.toml should be with an io_error', () => {
    fs.mkdirSync(cfg());
    const err = refusal(() => switchOn('codex', ctx));
    expect(err.code).toBe('io_error');
    expect(err.message).toContain('is a directory');
    expect(clientStatus('codex', ctx).error).toContain('is a directory');
  });

  it('refuses malformed TOML with line and column and leaves the file untouched', () => {
    const bad = 'model = "gpt-5"\nmodel_provider = \n[x]\n';
    fs.writeFileSync(cfg(), bad);
    const err = refusal(() => switchOn('codex', ctx));
    expect(err.code).toBe('refused');
    expect(err.message).toMatch(/line 2, column \d+/);
    expect(fs.readFileSync(cfg(), 'utf8')).toBe(bad);
    expect(fs.existsSync(stateFile())).toBe(false);
  });

  it('refuses a model_provider defined twice', () => {
    const bad = 'model_provider = "a"\nmodel_provider = "b"\n';
    fs.writeFileSync(cfg(), bad);
    const err = refusal(() => switchOn('codex', ctx));
    expect(err.message).toContain('redefine');
    expect(fs.readFileSync(cfg(), 'utf8')).toBe(bad);
  });

  it('refuses to switch a file that already points at our proxy without a switch state', () => {
    const foreign =
      'model_provider = "mine"\n[model_providers.mine]\nbase_url = "http://localhost:3211/v1"\n';
    fs.writeFileSync(cfg(), foreign);
    expect(clientStatus('codex', ctx).status).toBe('foreign');
    const err = refusal(() => switchOn('codex', ctx));
    expect(err.code).toBe('refused');
    expect(err.message).toContain('forward to itself');
    expect(previewSwitch('codex', ctx).allowed).toBe(false);
    expect(fs.readFileSync(cfg(), 'utf8')).toBe(foreign);
  });

  it('reports stale when switched on but nobody serves, and off when never switched', () => {
    fs.writeFileSync(cfg(), 'model = "gpt-5"\n');
    expect(clientStatus('codex', ctx).status).toBe('off');
    switchOn('codex', ctx);
    expect(clientStatus('codex', { ...ctx, serving: { codex: false, claude: true } }).status).toBe(
      'stale',
    );
  });

  it('re-points an active switch at a new port without losing the originals', () => {
    const original = fs.readFileSync(path.join(GOLDEN, 'user-proxy-table.toml'), 'utf8');
    fs.writeFileSync(cfg(), original);
    switchOn('codex', ctx);
    switchOn('codex', { ...ctx, codexPort: 4000 });
    expect(fs.readFileSync(cfg(), 'utf8')).toContain('http://127.0.0.1:4000/v1');
    switchOff('codex', { ...ctx, codexPort: 4000 });
    expect(fs.readFileSync(cfg(), 'utf8')).toBe(original);
  });

  it('leaves a model_provider the user changed while switched on', () => {
    fs.writeFileSync(
      cfg(),
      'model_provider = "right"\n[model_providers.right]\nbase_url = "https://r.example/v1"\n',
    );
    switchOn('codex', ctx);
    const on = fs.readFileSync(cfg(), 'utf8');
    fs.writeFileSync(
      cfg(),
      on.replace('model_provider = "codex_proxy"', 'model_provider = "other"'),
    );
    switchOff('codex', ctx);
    const after = fs.readFileSync(cfg(), 'utf8');
    expect(after).toContain('model_provider = "other"');
    expect(after).not.toContain('codex_proxy');
  });

  it('is a no-op to switch off when not switched on', () => {
    fs.writeFileSync(cfg(), 'model = "x"');
    switchOff('codex', ctx);
    expect(fs.readFileSync(cfg(), 'utf8')).toBe('model = "x"');
  });

  it('previews the change as a unified diff', () => {
    fs.copyFileSync(path.join(GOLDEN, 'rich.toml'), cfg());
    const preview = previewSwitch('codex', ctx);
    expect(preview.allowed).toBe(true);
    const lines = preview.diff.split('\n');
    expect(lines.slice(0, 2)).toEqual(['--- config.toml', '+++ config.toml (switched on)']);
    expect(lines).toContain('-model_provider = "right"   # the relay I pay for');
    expect(lines).toContain('+model_provider = "codex_proxy"   # the relay I pay for');
    // A changed line reads as the old one removed, then the new one added.
    const removed = lines.indexOf('-model_provider = "right"   # the relay I pay for');
    expect(lines[removed + 1]).toBe('+model_provider = "codex_proxy"   # the relay I pay for');
    expect(lines).toContain('+base_url = "http://127.0.0.1:3211/v1"');
    expect(lines.filter((l) => l.startsWith('@@'))).toHaveLength(2);
    expect(fs.existsSync(stateFile())).toBe(false);
  });
});
