import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract';
import { clientStatus, previewSwitch, switchOff, switchOn, type ClientContext } from './index';

let dir: string;
let ctx: ClientContext;
const file = (): string => path.join(dir, 'settings.json');

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chd-claude-'));
  ctx = {
    codexHome: dir,
    claudeConfigDir: dir,
    proxyHost: '127.0.0.1',
    codexPort: 3211,
    claudePort: 3210,
    serving: { codex: true, claude: true },
  };
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function roundTrip(original: string): string {
  fs.writeFileSync(file(), original);
  switchOn('claude', ctx);
  const on = fs.readFileSync(file(), 'utf8');
  expect(clientStatus('claude', ctx).status).toBe('on');
  switchOff('claude', ctx);
  expect(fs.readFileSync(file(), 'utf8')).toBe(original);
  return on;
}

describe('claude switch', () => {
  it('adds env with the base URL in the file’s 4-space indent and restores the file exactly', () => {
    const original =
      '{\n    "model": "opus",\n    "permissions": {\n        "allow": ["Bash"]\n    }\n}\n';
    const on = roundTrip(original);
    expect(on).toBe(
      '{\n    "model": "opus",\n    "permissions": {\n        "allow": ["Bash"]\n    },\n' +
        '    "env": {\n        "ANTHROPIC_BASE_URL": "http://127.0.0.1:3210"\n    }\n}\n',
    );
  });

  it('adds the key to an existing env in tab indentation, keeping the other keys in order', () => {
    const original = '{\n\t"env": {\n\t\t"FOO": "1",\n\t\t"BAR": "2"\n\t},\n\t"z": true\n}';
    const on = roundTrip(original);
    expect(on).toBe(
      '{\n\t"env": {\n\t\t"FOO": "1",\n\t\t"BAR": "2",\n\t\t"ANTHROPIC_BASE_URL": "http://127.0.0.1:3210"\n\t},\n\t"z": true\n}',
    );
  });

  it('replaces a previous base URL in place and puts it back on off', () => {
    const original =
      '{\n  "env": {\n    "ANTHROPIC_BASE_URL": "https://relay.example",\n    "ANTHROPIC_API_KEY_ENV": "X"\n  }\n}\n';
    const on = roundTrip(original);
    expect(on).toContain(
      '"ANTHROPIC_BASE_URL": "http://127.0.0.1:3210",\n    "ANTHROPIC_API_KEY_ENV"',
    );
  });

  it('keeps other keys Claude Code wrote while switched on', () => {
    fs.writeFileSync(file(), '{\n  "model": "opus"\n}\n');
    switchOn('claude', ctx);
    const on = fs.readFileSync(file(), 'utf8');
    fs.writeFileSync(file(), on.replace('"model": "opus"', '"model": "sonnet"'));
    switchOff('claude', ctx);
    expect(fs.readFileSync(file(), 'utf8')).toBe('{\n  "model": "sonnet"\n}\n');
  });

  it('creates settings.json when missing and removes it on off', () => {
    switchOn('claude', ctx);
    const doc = JSON.parse(fs.readFileSync(file(), 'utf8')) as { env: Record<string, string> };
    expect(doc.env.ANTHROPIC_BASE_URL).toBe('http://127.0.0.1:3210');
    switchOff('claude', ctx);
    expect(fs.existsSync(file())).toBe(false);
    expect(fs.existsSync(path.join(dir, 'codex-helper-desktop-switch.json'))).toBe(false);
  });

  it('refuses malformed JSON and touches nothing', () => {
    const bad = '{ "env": { "A": 1, } ';
    fs.writeFileSync(file(), bad);
    let err: unknown;
    try {
      switchOn('claude', ctx);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('refused');
    expect((err as AppError).message).toContain('settings.json is not valid JSON');
    expect(fs.readFileSync(file(), 'utf8')).toBe(bad);
    expect(fs.readdirSync(dir)).toEqual(['settings.json']);
  });

  it('calls a base URL at our port without a switch state foreign and refuses it', () => {
    fs.writeFileSync(file(), '{ "env": { "ANTHROPIC_BASE_URL": "http://localhost:3210" } }');
    expect(clientStatus('claude', ctx).status).toBe('foreign');
    expect(previewSwitch('claude', ctx).allowed).toBe(false);
    expect(() => switchOn('claude', ctx)).toThrow(/forward to itself/);
  });

  it('previews the change as a diff', () => {
    fs.writeFileSync(file(), '{\n  "model": "opus"\n}\n');
    const { diff } = previewSwitch('claude', ctx);
    expect(diff).toContain('--- settings.json\n+++ settings.json (switched on)\n');
    expect(diff).toContain('+    "ANTHROPIC_BASE_URL": "http://127.0.0.1:3210"');
  });

  it('refuses switching on and off when a key is written twice, naming it and its line', () => {
    for (const original of [
      '{\n  "env": {"A": "1"},\n  "env": {"B": "2"}\n}\n',
      '{\n  "env": {\n    "ANTHROPIC_BASE_URL": "http://x",\n    "ANTHROPIC_BASE_URL": "http://y"\n  }\n}\n',
    ]) {
      fs.writeFileSync(file(), original);
      expect(() => switchOn('claude', ctx)).toThrow(/written twice/);
      expect(fs.readFileSync(file(), 'utf8')).toBe(original);
    }
    // Switched on, then the user writes a key twice: switching off refuses too.
    fs.writeFileSync(file(), '{\n  "model": "opus"\n}\n');
    switchOn('claude', ctx);
    const on = fs.readFileSync(file(), 'utf8');
    const doubled = on.replace('"model": "opus"', '"model": "opus",\n  "model": "haiku"');
    fs.writeFileSync(file(), doubled);
    expect(() => switchOff('claude', ctx)).toThrow(/key "model" is written twice/);
    expect(fs.readFileSync(file(), 'utf8')).toBe(doubled);
    fs.writeFileSync(file(), '{\n  "a": [{"k": 1}, {"k": 2}],\n  "b": {"k": 1}\n}\n');
    expect(() => switchOn('claude', ctx)).not.toThrow();
    fs.writeFileSync(file(), '{\n  "env": {"A": "1"},\n  "env": {"B": "2"}\n}\n');
    expect(() => switchOn('claude', ctx)).toThrow(/line 3: key "env"/);
  });
});
