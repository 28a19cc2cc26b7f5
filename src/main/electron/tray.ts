// The tray that steers (docs/behaviour.md §8.3): a health icon with a mark, a status tooltip,
// and a menu: per service the stations as radio items (the active one checked) and Reset all;
// Pause proxy; Show; Quit. The menu is rebuilt only when what it shows changes.
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type { ServiceName } from '../../shared/config-types';
import { serviceAvailable } from '../../shared/availability';
import type { Translate } from '../../shared/i18n';
import { SERVICE_LABEL } from '../../shared/notice-text';
import type { Snapshot, StationSnapshot } from '../../shared/snapshot';
import { trayIconBitmap, type TrayHealth } from './tray-icon';

export { trayIconBitmap, type TrayHealth } from './tray-icon';

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

export function trayStatus(snapshot: Snapshot | null, now: number, t: Translate): TrayStatus {
  if (!snapshot) return { tooltip: t('tray.starting'), health: 'degraded' };
  if (snapshot.configError) return { tooltip: t('tray.configError'), health: 'down' };
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
    return { tooltip: t('tray.noUpstreams'), health: 'down' };
  }
  const parts = [t('tray.healthy', { count: healthy })];
  if (cooling) parts.push(t('tray.cooling', { count: cooling }));
  if (exhausted) parts.push(t('tray.exhausted', { count: exhausted }));
  if (disabled) parts.push(t('tray.disabled', { count: disabled }));
  const paused = Object.values(snapshot.services).some((s) => s.paused);
  const down =
    healthy === 0 || Object.values(snapshot.services).some((s) => serviceAvailable(s) === false);
  const health: TrayHealth = down ? 'down' : cooling + exhausted > 0 || paused ? 'degraded' : 'ok';
  const summary = t('tray.summary', { parts: parts.join(t('tray.separator')) });
  return { tooltip: paused ? `${t('tray.paused')} · ${summary}` : summary, health };
}

/** What the menu's items do; the app binds them to engine commands and the window. */
export interface TrayActions {
  show(): void;
  quit(): void;
  setActiveStation(service: ServiceName, station: string): void;
  /** Absent until the engine has the `resetAll` command. */
  resetAll?: (service: ServiceName) => void;
  setPaused(paused: boolean): void;
}

export function trayMenuTemplate(
  snapshot: Snapshot | null,
  actions: TrayActions,
  t: Translate,
): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  for (const service of ['codex', 'claude'] as const) {
    const svc = snapshot?.services[service];
    if (!svc || svc.stations.length === 0) continue;
    const submenu: MenuItemConstructorOptions[] = svc.stations.map((st) => ({
      label: st.alias ?? st.name,
      type: 'radio',
      checked: st.active,
      click: () => actions.setActiveStation(service, st.name),
    }));
    const resetAll = actions.resetAll;
    if (resetAll) {
      submenu.push(
        { type: 'separator' },
        { label: t('tray.resetAll'), click: () => resetAll(service) },
      );
    }
    items.push({ label: SERVICE_LABEL[service], submenu });
  }
  const paused = snapshot?.services.codex.paused ?? false;
  if (items.length > 0) items.push({ type: 'separator' });
  items.push(
    {
      label: t('tray.pause'),
      type: 'checkbox',
      checked: paused,
      click: () => actions.setPaused(!paused),
    },
    { label: t('tray.show'), click: actions.show },
    { type: 'separator' },
    { label: t('tray.quit'), click: actions.quit },
  );
  return items;
}

/** What a menu looks like, without its handlers: equal keys mean no rebuild is needed. */
function menuKey(items: MenuItemConstructorOptions[]): string {
  return JSON.stringify(items, (k, v: unknown) => (k === 'click' ? undefined : v));
}

export interface TrayDeps {
  Tray: new (image: NativeImage) => Tray;
  Menu: Pick<typeof Menu, 'buildFromTemplate'>;
  nativeImage: {
    createFromBitmap(buffer: Buffer, options: { width: number; height: number }): NativeImage;
  };
  actions: TrayActions;
  translate(): Translate;
}

export interface AppTray {
  update(snapshot: Snapshot | null, now: number): void;
  destroy(): void;
}

export function createTray(deps: TrayDeps): AppTray {
  const image = (health: TrayHealth): NativeImage =>
    deps.nativeImage.createFromBitmap(trayIconBitmap(health), { width: 16, height: 16 });
  let health: TrayHealth = 'degraded';
  let shownMenu = '';
  const tray = new deps.Tray(image(health));
  tray.on('click', deps.actions.show);
  const refresh = (snapshot: Snapshot | null, now: number): void => {
    const t = deps.translate();
    const status = trayStatus(snapshot, now, t);
    tray.setToolTip(status.tooltip);
    if (status.health !== health) {
      health = status.health;
      tray.setImage(image(health));
    }
    const template = trayMenuTemplate(snapshot, deps.actions, t);
    const key = menuKey(template);
    if (key !== shownMenu) {
      shownMenu = key;
      tray.setContextMenu(deps.Menu.buildFromTemplate(template));
    }
  };
  refresh(null, 0);
  return { update: refresh, destroy: () => tray.destroy() };
}
