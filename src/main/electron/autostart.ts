// Start at login (docs/behaviour.md §8.4). macOS and Windows: Electron's login item settings.
// Linux: an XDG autostart entry, `$XDG_CONFIG_HOME/autostart/codex-helper-desktop.desktop`
// (default ~/.config), written atomically and removed only when it is ours. The app it starts
// gets `--hidden`: it comes up in the tray without a window.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const HIDDEN_ARG = '--hidden';
export const AUTOSTART_FILE = 'codex-helper-desktop.desktop';
/** Marks the entry as written by this app, so removing it never deletes someone else's file. */
const OURS = 'X-Codex-Helper-Desktop=true';

export interface AutostartEnv {
  platform: NodeJS.Platform;
  home: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The program and the arguments that start this app (without --hidden). */
  command: readonly string[];
  setLoginItemSettings(settings: {
    openAtLogin: boolean;
    openAsHidden?: boolean;
    args?: string[];
  }): void;
}

export function autostartDir(home: string, env: AutostartEnv['env']): string {
  const base = env.XDG_CONFIG_HOME?.trim() ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(base, 'autostart');
}

/** One Exec argument, quoted by the Desktop Entry rules when it needs quoting. */
export function execArg(arg: string): string {
  const escaped = arg.replace(/%/g, '%%');
  if (!/[\s"'\\$`<>~|&;*?#()]/.test(escaped) && escaped !== '') return escaped;
  return `"${escaped.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function desktopEntry(command: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Codex Helper',
    'Comment=Local proxy and load balancer for the Codex CLI and Claude Code',
    `Exec=${[...command, HIDDEN_ARG].map(execArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    OURS,
    '',
  ].join('\n');
}

/** Makes the system's start-at-login match `on`. Returns what it did, for the log. */
export function applyStartAtLogin(on: boolean, e: AutostartEnv): string {
  if (e.platform !== 'linux') {
    e.setLoginItemSettings({ openAtLogin: on, openAsHidden: true, args: [HIDDEN_ARG] });
    return on ? 'login item set' : 'login item cleared';
  }
  const dir = autostartDir(e.home, e.env);
  const file = join(dir, AUTOSTART_FILE);
  if (on) {
    const text = desktopEntry(e.command);
    if (existsSync(file) && readFileSync(file, 'utf8') === text) return `${file} is current`;
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, text, { mode: 0o644 });
    renameSync(tmp, file);
    return `wrote ${file}`;
  }
  if (!existsSync(file)) return `${file} is absent`;
  if (!readFileSync(file, 'utf8').includes(OURS))
    return `left ${file} alone: not written by this app`;
  rmSync(file);
  return `removed ${file}`;
}
