import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { translator } from '../../shared/i18n';
import type { Snapshot, StationSnapshot } from '../../shared/snapshot';
import {
  createTray,
  trayIconBitmap,
  trayMenuTemplate,
  trayStatus,
  type TrayActions,
  type TrayDeps,
} from './tray';
import { FakeEmitter, snapshotWith, upstream } from '../../../tests/fixtures/electron-fakes';

vi.mock('electron', () => ({}));

const NOW = 1_000_000;
const en = translator('en');

/** Two codex stations, "main" active; optionally paused. */
function twoStations(paused = false): Snapshot {
  const base = snapshotWith([upstream(0)]);
  const main = base.services.codex.stations[0] as StationSnapshot;
  const backup = { ...main, name: 'backup', alias: 'Backup relays', active: false };
  return {
    ...base,
    services: {
      codex: { ...base.services.codex, stations: [main, backup], paused },
      claude: { ...base.services.claude, paused },
    },
  };
}

function click(items: MenuItemConstructorOptions[], label: string): void {
  const item = items.find((i) => i.label === label);
  if (!item) throw new Error(`no menu item "${label}"`);
  item.click?.({} as never, undefined, {} as never);
}

function actions(): TrayActions & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    show: () => void calls.push('show'),
    quit: () => void calls.push('quit'),
    setActiveStation: (service, station) =>
      void calls.push(`setActiveStation ${service} ${station}`),
    resetAll: (service) => void calls.push(`resetAll ${service}`),
    setPaused: (paused) => void calls.push(`setPaused ${paused}`),
  };
}

describe('tray status', () => {
  it('counts healthy and cooling upstreams of the active station', () => {
    const snap = snapshotWith([
      upstream(0),
      upstream(1, { cooldownUntil: NOW + 5_000 }),
      upstream(2),
    ]);
    expect(trayStatus(snap, NOW, en)).toEqual({
      tooltip: 'Codex Helper: 2 healthy, 1 cooling',
      health: 'degraded',
    });
  });

  it('treats an expired cooldown as healthy and names exhausted and disabled upstreams', () => {
    const snap = snapshotWith([
      upstream(0, { cooldownUntil: NOW - 1 }),
      upstream(1, { usageExhausted: true }),
      upstream(2, { enabled: false }),
    ]);
    expect(trayStatus(snap, NOW, en).tooltip).toBe(
      'Codex Helper: 1 healthy, 1 exhausted, 1 disabled',
    );
  });

  it('reports down when nothing can answer, and when a service has no upstream available', () => {
    expect(trayStatus(snapshotWith([]), NOW, en)).toEqual({
      tooltip: 'Codex Helper: no upstreams yet',
      health: 'down',
    });
    expect(trayStatus(snapshotWith([upstream(0, { usageExhausted: true })]), NOW, en).health).toBe(
      'down',
    );
    const s = snapshotWith([upstream(0)]);
    const unavailable = {
      ...s,
      services: { ...s.services, codex: { ...s.services.codex, available: false } },
    } as Snapshot;
    expect(trayStatus(unavailable, NOW, en).health).toBe('down');
  });

  it('says when the proxy is paused', () => {
    expect(trayStatus(twoStations(true), NOW, en)).toEqual({
      tooltip: 'Codex Helper: paused · Codex Helper: 1 healthy',
      health: 'degraded',
    });
  });

  it('speaks the UI language', () => {
    const zh = trayStatus(
      snapshotWith([upstream(0), upstream(1, { cooldownUntil: NOW + 5_000 })]),
      NOW,
      translator('zh-CN'),
    );
    expect(zh.tooltip).toBe('Codex Helper：1 个正常，1 个冷却中');
  });

  it('draws three icons that differ by their mark, not only by colour', () => {
    const alphaOf = (b: Buffer) => [...b].filter((_, i) => i % 4 === 3);
    const whiteness = (b: Buffer) =>
      [...Array(b.length / 4).keys()].map((p) => (b[p * 4]! > 240 && b[p * 4 + 1]! > 240 ? 1 : 0));
    const [ok, degraded, down] = (['ok', 'degraded', 'down'] as const).map((h) =>
      trayIconBitmap(h),
    );
    for (const b of [ok!, degraded!, down!]) {
      expect(b.length).toBe(16 * 16 * 4);
      expect(b[3]).toBe(0); // transparent corner
    }
    expect(alphaOf(ok!)).toEqual(alphaOf(down!)); // same dot…
    const marks = [ok!, degraded!, down!].map((b) => whiteness(b).join(''));
    expect(new Set(marks).size).toBe(3); // …different white marks
    expect(marks.every((m) => m.includes('1'))).toBe(true);
  });
});

describe('tray menu', () => {
  it('lists each service with its stations as radio items, the active one checked', () => {
    const a = actions();
    const items = trayMenuTemplate(twoStations(), a, en);
    expect(items.map((i) => i.label ?? i.type)).toEqual([
      'Codex',
      'separator',
      'Pause proxy',
      'Show',
      'separator',
      'Quit',
    ]);
    const codex = items[0]?.submenu as MenuItemConstructorOptions[];
    expect(codex.map((i) => [i.label ?? i.type, i.type, i.checked])).toEqual([
      ['main', 'radio', true],
      ['Backup relays', 'radio', false],
      ['separator', 'separator', undefined],
      ['Reset all', undefined, undefined],
    ]);
    click(codex, 'Backup relays');
    click(codex, 'Reset all');
    expect(a.calls).toEqual(['setActiveStation codex backup', 'resetAll codex']);
  });

  it('pauses and resumes the proxy, shows the window and quits', () => {
    const a = actions();
    const running = trayMenuTemplate(twoStations(false), a, en);
    expect(running.find((i) => i.label === 'Pause proxy')).toMatchObject({
      type: 'checkbox',
      checked: false,
    });
    click(running, 'Pause proxy');
    click(trayMenuTemplate(twoStations(true), a, en), 'Pause proxy');
    click(running, 'Show');
    click(running, 'Quit');
    expect(a.calls).toEqual(['setPaused true', 'setPaused false', 'show', 'quit']);
  });

  it('offers Reset all only once the engine has the command', () => {
    const { resetAll: _omit, ...without } = actions();
    const codex = trayMenuTemplate(twoStations(), without, en)[0]
      ?.submenu as MenuItemConstructorOptions[];
    expect(codex.map((i) => i.label)).not.toContain('Reset all');
  });
});

describe('tray icon', () => {
  it('shows on click, keeps its tooltip current and rebuilds the menu only when it changes', () => {
    const menus: MenuItemConstructorOptions[][] = [];
    let tray: (FakeEmitter & { tooltip: string; images: number }) | null = null;
    class FakeTray extends FakeEmitter {
      tooltip = '';
      images = 1;
      constructor() {
        super();
        tray = this as never;
      }
      setContextMenu(): void {}
      setToolTip(text: string): void {
        this.tooltip = text;
      }
      setImage(): void {
        this.images++;
      }
      destroy(): void {}
    }
    const a = actions();
    const appTray = createTray({
      Tray: FakeTray as unknown as TrayDeps['Tray'],
      Menu: {
        buildFromTemplate: (t: MenuItemConstructorOptions[]) => (menus.push(t), {}),
      } as never,
      nativeImage: { createFromBitmap: () => ({}) as never },
      actions: a,
      translate: () => en,
    });
    tray!.emit('click');
    expect(a.calls).toEqual(['show']);

    appTray.update(twoStations(), NOW);
    expect(tray!.tooltip).toBe('Codex Helper: 1 healthy');
    expect(tray!.images).toBe(2);
    appTray.update(twoStations(), NOW + 1_000);
    expect(menus).toHaveLength(2); // the starting menu, then the one with stations
    appTray.update(twoStations(true), NOW);
    expect(menus).toHaveLength(3);
  });
});
