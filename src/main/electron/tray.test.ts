import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { createTray, trayIconBitmap, trayStatus, type TrayDeps } from './tray';
import { FakeEmitter, snapshotWith, upstream } from '../../../tests/fixtures/electron-fakes';

vi.mock('electron', () => ({}));

const NOW = 1_000_000;

describe('tray status', () => {
  it('counts healthy and cooling upstreams of the active station', () => {
    const snap = snapshotWith([
      upstream(0),
      upstream(1, { cooldownUntil: NOW + 5_000 }),
      upstream(2),
    ]);
    expect(trayStatus(snap, NOW)).toEqual({
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
    expect(trayStatus(snap, NOW).tooltip).toBe('Codex Helper: 1 healthy, 1 exhausted, 1 disabled');
  });

  it('reports down when nothing can answer', () => {
    expect(trayStatus(snapshotWith([]), NOW)).toEqual({
      tooltip: 'Codex Helper: no upstreams yet',
      health: 'down',
    });
    expect(trayStatus(snapshotWith([upstream(0, { usageExhausted: true })]), NOW).health).toBe(
      'down',
    );
  });

  it('draws an opaque centre and a transparent corner', () => {
    const bmp = trayIconBitmap('ok');
    expect(bmp.length).toBe(16 * 16 * 4);
    expect(bmp[(8 * 16 + 8) * 4 + 3]).toBe(255);
    expect(bmp[3]).toBe(0);
  });
});

describe('tray icon', () => {
  it('offers Show and Quit and keeps its tooltip current', () => {
    let template: MenuItemConstructorOptions[] = [];
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
    const onShow = vi.fn();
    const onQuit = vi.fn();
    const appTray = createTray({
      Tray: FakeTray as unknown as TrayDeps['Tray'],
      Menu: {
        buildFromTemplate: (t: MenuItemConstructorOptions[]) => ((template = t), {}),
      } as never,
      nativeImage: { createFromBitmap: () => ({}) as never },
      onShow,
      onQuit,
    });
    expect(template.filter((i) => i.label).map((i) => i.label)).toEqual(['Show', 'Quit']);
    template.find((i) => i.label === 'Quit')?.click?.({} as never, undefined, {} as never);
    expect(onQuit).toHaveBeenCalledOnce();
    tray!.emit('click');
    expect(onShow).toHaveBeenCalledOnce();

    appTray.update(snapshotWith([upstream(0), upstream(1)]), NOW);
    expect(tray!.tooltip).toBe('Codex Helper: 2 healthy');
    expect(tray!.images).toBe(2);
  });
});
