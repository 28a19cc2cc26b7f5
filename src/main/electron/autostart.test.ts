import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyStartAtLogin, AUTOSTART_FILE, execArg, type AutostartEnv } from './autostart';

let home = '';
afterEach(() => {
  if (home) rmSync(home, { recursive: true, force: true });
  home = '';
});

function linux(env: Record<string, string> = {}): AutostartEnv {
  home = mkdtempSync(join(tmpdir(), 'chd-autostart-'));
  return {
    platform: 'linux',
    home,
    env,
    command: ['/opt/Codex Helper/codex-helper', '/opt/app dir'],
    setLoginItemSettings: vi.fn(),
  };
}

describe('start at login on Linux (XDG autostart)', () => {
  it('writes an entry under ~/.config/autostart that starts the app hidden, and removes it', () => {
    const e = linux();
    const file = join(home, '.config', 'autostart', AUTOSTART_FILE);
    expect(applyStartAtLogin(true, e)).toBe(`wrote ${file}`);
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')).toContain(
      'Exec="/opt/Codex Helper/codex-helper" "/opt/app dir" --hidden',
    );
    expect(text).toMatch(/^\[Desktop Entry\]\nType=Application\n/);
    expect(applyStartAtLogin(true, e)).toBe(`${file} is current`);
    expect(applyStartAtLogin(false, e)).toBe(`removed ${file}`);
    expect(existsSync(file)).toBe(false);
    expect(applyStartAtLogin(false, e)).toBe(`${file} is absent`);
    expect(e.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('follows $XDG_CONFIG_HOME', () => {
    const e = linux();
    const xdg = join(home, 'xdg');
    applyStartAtLogin(true, { ...e, env: { XDG_CONFIG_HOME: xdg } });
    expect(existsSync(join(xdg, 'autostart', AUTOSTART_FILE))).toBe(true);
    expect(existsSync(join(home, '.config'))).toBe(false);
  });

  it('never removes an entry of the same name that it did not write', () => {
    const e = linux();
    const dir = join(home, '.config', 'autostart');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, AUTOSTART_FILE), '[Desktop Entry]\nExec=something-else\n');
    expect(applyStartAtLogin(false, e)).toMatch(/^left .* alone/);
    expect(readFileSync(join(dir, AUTOSTART_FILE), 'utf8')).toContain('something-else');
  });

  it('quotes Exec arguments by the Desktop Entry rules', () => {
    expect(execArg('/usr/bin/app')).toBe('/usr/bin/app');
    expect(execArg('a "b" $c')).toBe('"a \\"b\\" \\$c"');
    expect(execArg('100%')).toBe('100%%');
  });
});

describe('start at login on macOS and Windows', () => {
  it("uses Electron's login item settings, opening hidden", () => {
    const set = vi.fn();
    const e: AutostartEnv = {
      platform: 'darwin',
      home: '/nowhere',
      env: {},
      command: [],
      setLoginItemSettings: set,
    };
    applyStartAtLogin(true, e);
    applyStartAtLogin(false, { ...e, platform: 'win32' });
    expect(set.mock.calls).toEqual([
      [{ openAtLogin: true, openAsHidden: true, args: ['--hidden'] }],
      [{ openAtLogin: false, openAsHidden: true, args: ['--hidden'] }],
    ]);
  });
});
