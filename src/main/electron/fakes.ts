// Stand-ins for Electron's main-process objects in unit tests: they record what the code under
// test registered so a test can fire events and call handlers directly.
import type { Snapshot, StationSnapshot, UpstreamSnapshot } from '../../shared/snapshot';
import { fakeSnapshot } from '../console/fake-engine';

// Electron's listener types are contravariant in their event argument; fakes accept any listener.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (...args: any[]) => unknown;

export class FakeEmitter {
  readonly handlers = new Map<string, Handler[]>();
  on(name: string, fn: Handler): this {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), fn]);
    return this;
  }
  once(name: string, fn: Handler): this {
    return this.on(name, fn);
  }
  emit(name: string, ...args: unknown[]): void {
    for (const fn of this.handlers.get(name) ?? []) fn(...args);
  }
}

/** An event object whose preventDefault is observable. */
export function fakeEvent(): { preventDefault(): void; defaultPrevented: boolean } {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

export class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, fn: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, fn);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Calls a handler the way ipcRenderer.invoke would, from a frame at `url`. */
  async invoke(channel: string, url: string, ...args: unknown[]): Promise<unknown> {
    const fn = this.handlers.get(channel);
    if (!fn) throw new Error(`no handler for ${channel}`);
    return fn({ senderFrame: { url } }, ...args);
  }
}

export function upstream(
  index: number,
  over: Partial<{ enabled: boolean; usageExhausted: boolean; cooldownUntil: number | null }> = {},
): UpstreamSnapshot {
  return {
    index,
    id: `u${index}`,
    enabled: over.enabled ?? true,
    usageExhausted: over.usageExhausted ?? false,
    cooldownUntil: over.cooldownUntil ?? null,
  } as unknown as UpstreamSnapshot;
}

export function snapshotWith(upstreams: UpstreamSnapshot[], version = 1): Snapshot {
  const base = fakeSnapshot(version);
  const station = {
    name: 'main',
    enabled: true,
    active: true,
    upstreams,
  } as unknown as StationSnapshot;
  return {
    ...base,
    services: {
      ...base.services,
      codex: { ...base.services.codex, active: 'main', stations: [station] },
    },
  };
}
