// The engine's event centre (docs/behaviour.md §8.1): watches successive snapshots, writes every
// event to logs/events.jsonl, keeps the recent ones for the snapshot, and hands notifications to
// whoever shows them (the Electron adapter; the browser console reads them from the snapshot).
import type { EngineEvent, Notice, NotificationSwitches } from '../../../shared/events';
import type { Snapshot } from '../../../shared/snapshot';
import { RequestLog } from '../log';
import type { Clock, Logger } from '../types';
import { readRecentEvents } from './history';
import { initialNotifyState, nextDue, step, tick, type NotifyState } from './notify';

const RECENT_EVENTS = 20;
const RECENT_NOTICES = 10;

export interface EventCenterOptions {
  clock: Clock;
  logger: Logger;
  logsDir: string;
  switches: () => NotificationSwitches;
  /** Something the snapshot shows changed (recent events or notices). */
  changed: () => void;
}

function eventLine(e: EngineEvent): string {
  return (
    JSON.stringify({
      time: new Date(e.at).toISOString(),
      kind: e.kind,
      from: e.from,
      service: e.service,
      station: e.station,
      upstream: e.relay,
    }) + '\n'
  );
}

export class EventCenter {
  private state: NotifyState = initialNotifyState;
  private prev: Snapshot | null = null;
  private startedAt = 0;
  private log: RequestLog | null = null;
  private timer: NodeJS.Timeout | null = null;
  private events: EngineEvent[] = [];
  private stopped = false;
  private notices: Notice[] = [];
  private readonly listeners = new Set<(n: Notice) => void>();

  constructor(private readonly opts: EventCenterOptions) {}

  start(): void {
    this.startedAt = this.opts.clock.now();
    this.stopped = false;
    this.log = new RequestLog({ dir: this.opts.logsDir, logger: this.opts.logger, name: 'events' });
    void this.loadHistory();
  }

  /** The events of earlier runs, behind any seen live (never notified again). */
  private async loadHistory(): Promise<void> {
    try {
      const done = () => this.stopped;
      const past = await readRecentEvents(this.opts.logsDir, RECENT_EVENTS, this.startedAt, done);
      if (this.stopped || past.length === 0) return;
      this.events = [...this.events, ...past].slice(0, RECENT_EVENTS);
      this.opts.changed();
    } catch (err) {
      this.opts.logger.warn(`could not read the recent events back: ${String(err)}`);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.log?.close();
    this.log = null;
  }

  async flush(): Promise<void> {
    await this.log?.flush();
  }

  recentEvents(): readonly EngineEvent[] {
    return this.events;
  }

  recentNotices(): readonly Notice[] {
    return this.notices;
  }

  onNotice(listener: (n: Notice) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  observe(next: Snapshot): void {
    const r = step(this.state, {
      prev: this.prev,
      next,
      now: this.opts.clock.now(),
      startedAt: this.startedAt,
      switches: this.opts.switches(),
    });
    this.prev = next;
    this.state = r.state;
    for (const e of r.events) this.log?.appendLine(eventLine(e));
    if (r.events.length > 0)
      this.events = [...r.events.reverse(), ...this.events].slice(0, RECENT_EVENTS);
    this.deliver(r.notices);
    if (r.events.length > 0 || r.notices.length > 0) this.opts.changed();
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const due = nextDue(this.state);
    if (due === null) return;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        const r = tick(this.state, this.opts.clock.now());
        this.state = r.state;
        this.deliver(r.notices);
        if (r.notices.length > 0) this.opts.changed();
        this.schedule();
      },
      Math.max(0, due - this.opts.clock.now()),
    );
    this.timer.unref();
  }

  private deliver(notices: Notice[]): void {
    if (notices.length === 0) return;
    this.notices = [...[...notices].reverse(), ...this.notices].slice(0, RECENT_NOTICES);
    for (const n of notices) {
      for (const l of [...this.listeners]) {
        try {
          l(n);
        } catch (err) {
          this.opts.logger.error(`notification listener failed: ${String(err)}`);
        }
      }
    }
  }
}
