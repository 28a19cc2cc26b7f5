// The tray keeps the proxy reachable after the window is closed: a status tooltip, Show and Quit.
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type { Snapshot, StationSnapshot } from '../../shared/snapshot';

export type TrayHealth = 'ok' | 'degraded' | 'down';

export interface TrayStatus {
  tooltip: string;
  health: TrayHealth;
}

/** The stations that answer requests: the active one per service (all of them if none is). */
function servingStations(snapshot: Snapshot): StationSnapshot[] {
  return Object.values(snapshot.services).flatMap((service) => {
    const active = service.stations.filter((s) => s.active);
    return active.length > 0 ? active : [...service.stations];
  });
}

export function trayStatus(snapshot: Snapshot | null, now: number): TrayStatus {
  if (!snapshot) return { tooltip: 'Codex Helper: starting…', health: 'degraded' };
  if (snapshot.configError) return { tooltip: 'Codex Helper: config error', health: 'down' };
  let healthy = 0;
  let cooling = 0;
  let exhausted = 0;
  let disabled = 0;
  for (const station of servingStations(snapshot)) {
    for (const u of station.upstreams) {
      if (!u.enabled || !station.enabled) disabled++;
      else if (u.usageExhausted) exhausted++;
      else if (u.cooldownUntil !== null && u.cooldownUntil > now) cooling++;
      else healthy++;
    }
  }
  if (healthy + cooling + exhausted + disabled === 0) {
    return { tooltip: 'Codex Helper: no upstreams yet', health: 'down' };
  }
  const parts = [`${healthy} healthy`];
  if (cooling) parts.push(`${cooling} cooling`);
  if (exhausted) parts.push(`${exhausted} exhausted`);
  if (disabled) parts.push(`${disabled} disabled`);
  const health: TrayHealth = healthy === 0 ? 'down' : cooling + exhausted > 0 ? 'degraded' : 'ok';
  return { tooltip: `Codex Helper: ${parts.join(', ')}`, health };
}

const COLORS: Record<TrayHealth, [number, number, number]> = {
  ok: [46, 160, 67],
  degraded: [210, 153, 34],
  down: [207, 34, 46],
};

/** A 16×16 BGRA dot in the health colour: no image file to ship or to lose. */
export function trayIconBitmap(health: TrayHealth, size = 16): Buffer {
  const [r, g, b] = COLORS[health];
  const buf = Buffer.alloc(size * size * 4);
  const c = (size - 1) / 2;
  const radius = size / 2 - 1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c);
      // One pixel of linear falloff keeps the edge from looking jagged.
      const alpha = Math.max(0, Math.min(1, radius - d + 0.5));
      const i = (y * size + x) * 4;
      buf[i] = b;
      buf[i + 1] = g;
      buf[i + 2] = r;
      buf[i + 3] = Math.round(alpha * 255);
    }
  }
  return buf;
}

export interface TrayDeps {
  Tray: new (image: NativeImage) => Tray;
  Menu: Pick<typeof Menu, 'buildFromTemplate'>;
  nativeImage: {
    createFromBitmap(buffer: Buffer, options: { width: number; height: number }): NativeImage;
  };
  onShow: () => void;
  onQuit: () => void;
}

export interface AppTray {
  update(snapshot: Snapshot | null, now: number): void;
  destroy(): void;
}

export function trayMenuTemplate(
  onShow: () => void,
  onQuit: () => void,
): MenuItemConstructorOptions[] {
  return [
    { label: 'Show', click: onShow },
    { type: 'separator' },
    { label: 'Quit', click: onQuit },
  ];
}

export function createTray(deps: TrayDeps): AppTray {
  const image = (health: TrayHealth): NativeImage =>
    deps.nativeImage.createFromBitmap(trayIconBitmap(health), { width: 16, height: 16 });
  let health: TrayHealth = 'degraded';
  const tray = new deps.Tray(image(health));
  tray.setContextMenu(deps.Menu.buildFromTemplate(trayMenuTemplate(deps.onShow, deps.onQuit)));
  tray.on('click', deps.onShow);
  tray.setToolTip(trayStatus(null, 0).tooltip);
  return {
    update(snapshot, now) {
      const status = trayStatus(snapshot, now);
      tray.setToolTip(status.tooltip);
      if (status.health !== health) {
        health = status.health;
        tray.setImage(image(health));
      }
    },
    destroy: () => tray.destroy(),
  };
}
