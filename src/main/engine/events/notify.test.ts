import { describe, expect, it } from 'vitest';
import { DEFAULT_NOTIFICATION_SWITCHES, type Notice } from '../../../shared/events';
import type { Snapshot, UpstreamSnapshot } from '../../../shared/snapshot';
import { GATHER_MS, initialNotifyState, nextDue, step, tick, type NotifyState } from './notify';

interface Relay {
  alias?: string | null;
  host: string;
  cooling?: boolean;
  exhausted?: boolean;
}

const T0 = 1_000_000;

/** A snapshot of one codex station "main" with the given relays, taken at `at`. */
function snap(at: number, relays: Relay[], available?: boolean): Snapshot {
  const upstreams = relays.map(
    (r, index) =>
      ({
        index,
        id: `${r.host}/default`,
        host: r.host,
        alias: r.alias ?? null,
        cooldownUntil: r.cooling ? at + 30_000 : null,
        usageExhausted: r.exhausted ?? false,
      }) as unknown as UpstreamSnapshot,
  );
  const firstFree = relays.findIndex((r) => !r.cooling && !r.exhausted);
  const station = {
    name: 'main',
    active: true,
    upstreams,
    nextPick: { index: firstFree === -1 ? null : firstFree, skipped: [] },
  };
  const empty = { listening: null, error: null, active: null, stations: [], paused: false };
  return {
    instanceId: 'i',
    generatedAt: at,
    configError: null,
    services: {
      codex: {
        ...empty,
        active: 'main',
        stations: [station],
        ...(available === undefined ? {} : { available }),
      },
      claude: empty,
    },
  } as unknown as Snapshot;
}

/** Feeds snapshots one after another and gathers every notice, flushing bursts at the end. */
function run(
  frames: { at: number; snap: Snapshot }[],
  opts: { startedAt?: number; switches?: Partial<typeof DEFAULT_NOTIFICATION_SWITCHES> } = {},
): { notices: Notice[]; events: number; state: NotifyState } {
  let state = initialNotifyState;
  let prev: Snapshot | null = null;
  const notices: Notice[] = [];
  let events = 0;
  for (const f of frames) {
    // What the engine's timer does: a gathered burst leaves when it is due.
    const due = nextDue(state);
    if (due !== null && due <= f.at) {
      const t = tick(state, due);
      state = t.state;
      notices.push(...t.notices);
    }
    const r = step(state, {
      prev,
      next: f.snap,
      now: f.at,
      startedAt: opts.startedAt ?? 0,
      switches: { ...DEFAULT_NOTIFICATION_SWITCHES, ...opts.switches },
    });
    state = r.state;
    events += r.events.length;
    notices.push(...r.notices);
    prev = f.snap;
  }
  const last = frames.at(-1)?.at ?? 0;
  const flushed = tick(state, last + GATHER_MS);
  notices.push(...flushed.notices);
  return { notices, events, state: flushed.state };
}

const A = { alias: 'Relay A', host: 'a.example' };
const B = { host: 'b.example:8443' };
const C = { alias: 'Relay C', host: 'c.example' };

describe('notifications from successive snapshots', () => {
  it('announces a relay that tripped, by its alias, once the burst window has passed', () => {
    const { notices } = run([
      { at: T0, snap: snap(T0, [A, B]) },
      { at: T0 + 100, snap: snap(T0 + 100, [{ ...A, cooling: true }, B]) },
    ]);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      kind: 'tripped',
      service: 'codex',
      station: 'main',
      relays: [{ id: 'a.example/default', name: 'Relay A' }],
    });
  });

  it('names a relay without an alias by its host', () => {
    const { notices } = run([
      { at: T0, snap: snap(T0, [A, B]) },
      { at: T0 + 100, snap: snap(T0 + 100, [A, { ...B, exhausted: true }]) },
    ]);
    expect(notices.map((n) => [n.kind, n.relays[0]?.name])).toEqual([
      ['exhausted', 'b.example:8443'],
    ]);
  });

  it('turns a burst of trips into one notice naming every relay', () => {
    const { notices } = run([
      { at: T0, snap: snap(T0, [A, B, C]) },
      { at: T0 + 100, snap: snap(T0 + 100, [{ ...A, cooling: true }, B, C]) },
      { at: T0 + 600, snap: snap(T0 + 600, [{ ...A, cooling: true }, { ...B, cooling: true }, C]) },
      {
        at: T0 + 900,
        snap: snap(T0 + 900, [
          { ...A, cooling: true },
          { ...B, cooling: true },
          { ...C, cooling: true },
        ]),
      },
    ]);
    const trips = notices.filter((n) => n.kind === 'tripped');
    expect(trips).toHaveLength(1);
    expect(trips[0]?.relays.map((r) => r.name)).toEqual(['Relay A', 'b.example:8443', 'Relay C']);
  });

  it('announces the same relay tripping again only after a minute', () => {
    const frames = [
      { at: T0, snap: snap(T0, [A, B]) },
      { at: T0 + 1_000, snap: snap(T0 + 1_000, [{ ...A, cooling: true }, B]) },
      { at: T0 + 10_000, snap: snap(T0 + 10_000, [A, B]) },
      { at: T0 + 20_000, snap: snap(T0 + 20_000, [{ ...A, cooling: true }, B]) },
      { at: T0 + 40_000, snap: snap(T0 + 40_000, [A, B]) },
      { at: T0 + 70_000, snap: snap(T0 + 70_000, [{ ...A, cooling: true }, B]) },
    ];
    const { notices, events } = run(frames);
    expect(events).toBe(5); // every trip and recovery is an event for the log
    expect(notices.filter((n) => n.kind === 'tripped').map((n) => n.at)).toEqual([
      T0 + 1_000 + GATHER_MS,
      T0 + 70_000 + GATHER_MS,
    ]);
  });

  it('says nothing during the first 5 s after start, but still logs the events', () => {
    const { notices, events } = run(
      [
        { at: T0, snap: snap(T0, [A, B]) },
        { at: T0 + 4_000, snap: snap(T0 + 4_000, [{ ...A, cooling: true }, B]) },
      ],
      { startedAt: T0 },
    );
    expect(events).toBe(1);
    expect(notices).toEqual([]);
  });

  it('announces that no upstream is available, and its recovery when switched on', () => {
    const { notices } = run(
      [
        { at: T0, snap: snap(T0, [A]) },
        { at: T0 + 100, snap: snap(T0 + 100, [{ ...A, cooling: true }]) },
        { at: T0 + 31_000, snap: snap(T0 + 31_000, [A]) },
      ],
      { switches: { recovered: true } },
    );
    expect(notices.map((n) => [n.kind, n.from])).toEqual([
      ['tripped', null],
      ['all_down', null],
      ['recovered', 'tripped'],
      ['recovered', 'all_down'],
    ]);
  });

  it('uses the snapshot\'s own "available" for the service when it has one', () => {
    const { notices } = run([
      { at: T0, snap: snap(T0, [A], true) },
      { at: T0 + 100, snap: snap(T0 + 100, [A], false) },
    ]);
    expect(notices.map((n) => n.kind)).toEqual(['all_down']);
  });

  it('keeps recoveries quiet by default and honours each switch', () => {
    const frames = [
      { at: T0, snap: snap(T0, [A, B]) },
      {
        at: T0 + 100,
        snap: snap(T0 + 100, [
          { ...A, exhausted: true },
          { ...B, cooling: true },
        ]),
      },
      { at: T0 + 40_000, snap: snap(T0 + 40_000, [A, B]) },
    ];
    expect(run(frames).notices.map((n) => n.kind)).toEqual(['exhausted', 'tripped', 'all_down']);
    expect(
      run(frames, { switches: { trip: false, allDown: false } }).notices.map((n) => n.kind),
    ).toEqual(['exhausted']);
  });

  it('compares nothing across a restart (a new engine instance)', () => {
    const before = snap(T0, [A]);
    const after = { ...snap(T0 + 100, [{ ...A, cooling: true }]), instanceId: 'other' };
    expect(
      run([
        { at: T0, snap: before },
        { at: T0 + 100, snap: after },
      ]).events,
    ).toBe(0);
  });
});
