// Listeners that move (docs/behaviour.md §1, "Hot reload" and "Saving"): a changed port or host in
// config.toml re-binds them; a settings save checks the new ports and hosts first, binds the new
// listeners while the old ones serve and refuses, changing nothing, when one cannot be bound.
// Either way a client switched on follows its listener (client-watch.ts).
import { AppError } from '../../shared/contract';
import type { ClientWatch } from './client-watch';
import type { ConfigStore } from './config';
import { checkResolvable, portClash } from './listen-checks';
import type { ListenerSet } from './listeners';
import type { ConfigEdit } from './types';

export interface ListenerMoveParts {
  configStore: ConfigStore;
  listeners: ListenerSet;
  clients: ClientWatch;
  /** Writes the edits to config.toml and applies them (the commands' save). */
  save(edits: ConfigEdit[]): void;
}

/** Re-binds listeners whose port or host changed in config.toml; clients follow them. */
export async function reconcileListeners(p: ListenerMoveParts): Promise<void> {
  const before = p.listeners.addresses();
  await p.listeners.reconcile(p.configStore.current());
  p.clients.follow(before);
}

/** Saves settings edits that may move the listeners, all or nothing. */
export async function saveSettings(p: ListenerMoveParts, edits: ConfigEdit[]): Promise<void> {
  const now = p.configStore.current();
  const next = p.configStore.preview(edits);
  const clash = portClash(next, now.console.port);
  if (clash) throw clash;
  if (next.proxy.host !== now.proxy.host) await checkResolvable('proxy.host', next.proxy.host);
  if (next.console.host !== now.console.host) {
    await checkResolvable('console.host', next.console.host);
  }
  const before = p.listeners.addresses();
  const move = await p.listeners.prepare(next);
  if (move.refused.length > 0) {
    await move.rollback();
    const why = move.refused.map((r) => `${r.service} proxy: ${r.message}`).join('; ');
    throw new AppError('io_error', `${why}; nothing was changed`);
  }
  try {
    p.save(edits);
  } catch (err) {
    await move.rollback();
    throw err;
  }
  await move.commit();
  p.clients.follow(before);
}
