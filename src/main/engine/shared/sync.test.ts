// The engine's side of shared state (docs/behaviour.md §11) without Redis: two balancers linked
// through an in-memory store that delivers every write to the other instance at once.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../tests/fixtures/clock';
import { sharedInstance } from '../../../../tests/fixtures/shared-instance';
import type { SharedStatus } from '../../../shared/snapshot';
import type { SharedChange, SharedPort } from './port';

class Bus {
  readonly ports: MemoryPort[] = [];
  readonly written: SharedChange[] = [];
}

class MemoryPort implements SharedPort {
  private readonly listeners = new Set<(c: SharedChange) => void>();
  constructor(private readonly bus: Bus) {
    bus.ports.push(this);
  }
  start(): void {}
  async stop(): Promise<void> {}
  write(change: SharedChange): void {
    this.bus.written.push(change);
    for (const p of this.bus.ports) if (p !== this) p.deliver(change);
  }
  deliver(change: SharedChange): void {
    for (const l of this.listeners) l(change);
  }
  onRemote(listener: (c: SharedChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  onStatus(): () => void {
    return () => undefined;
  }
  status(): SharedStatus {
    return { status: 'connected', error: null, since: 0 };
  }
}

function instance(bus: Bus, clock: ManualClock, station: string, tagged = true) {
  return sharedInstance(new MemoryPort(bus), clock, station, tagged);
}

describe('shared balancer state between instances', () => {
  it('cools the relay on the other instance when one reaches its failure threshold', () => {
    const clock = new ManualClock();
    const bus = new Bus();
    const a = instance(bus, clock, 'alice');
    const b = instance(bus, clock, 'bob');
    a.balancer.recordResult(a.view, 0, false);
    expect(b.balancer.state(b.view).cooldownUntil[0]).toBe(clock.now() + 30_000);
    expect(b.balancer.select(b.view)).toBe(1);
  });

  it('never shortens a longer cooldown the other instance already has', () => {
    const clock = new ManualClock();
    const bus = new Bus();
    const a = instance(bus, clock, 'alice');
    const b = instance(bus, clock, 'bob');
    b.balancer.penalize(b.view, 0, 600, 'Retry-After');
    const long = b.balancer.state(b.view).cooldownUntil[0];
    a.balancer.recordResult(a.view, 0, false);
    expect(b.balancer.state(b.view).cooldownUntil[0]).toBe(long);
    // A success somewhere that only knew the 30 s cooldown lifts that one, not ten minutes.
    b.balancer.applyShared(b.view, 0, { kind: 'clear', until: clock.now() + 30_000 });
    expect(b.balancer.state(b.view).cooldownUntil[0]).toBe(long);
  });

  it('lifts the cooldown on the other instance when the relay answers again', () => {
    const clock = new ManualClock();
    const bus = new Bus();
    const a = instance(bus, clock, 'alice');
    const b = instance(bus, clock, 'bob');
    a.balancer.recordResult(a.view, 0, false);
    a.balancer.recordResult(a.view, 0, true);
    expect(b.balancer.state(b.view).cooldownUntil[0]).toBeNull();
    expect(b.balancer.select(b.view)).toBe(0);
  });

  it('shares exhaustion with its source and a session binding', () => {
    const clock = new ManualClock();
    const bus = new Bus();
    const a = instance(bus, clock, 'alice');
    const b = instance(bus, clock, 'bob');
    a.balancer.setExhausted(a.view, 1, true, 'balance 0.10 below 1.00', 'balance');
    expect(b.balancer.exhaustedBy(b.view, 1)).toBe('balance');
    a.balancer.bind(a.balancer.route('codex', 'conv-1'), a.view, 0);
    expect(b.balancer.sessionOf('codex', 'conv-1').binding).toMatchObject({ station: 'bob' });
  });

  it('shares a pin and its removal, and an unpin is not sent back', () => {
    const clock = new ManualClock();
    const bus = new Bus();
    const a = instance(bus, clock, 'alice');
    const b = instance(bus, clock, 'bob');
    a.balancer.pinSession('codex', 'conv-1', a.view, 1);
    expect(b.balancer.sessionOf('codex', 'conv-1').pin).toMatchObject({ station: 'bob' });
    clock.advance(1_000);
    a.balancer.unpinSession('codex', 'conv-1');
    expect(b.balancer.sessionOf('codex', 'conv-1').pin).toBeNull();
    expect(bus.written.filter((c) => c.kind === 'unpin')).toEqual([
      { kind: 'unpin', service: 'codex', sessionId: 'conv-1', at: clock.now() },
    ]);
  });

  it('lets the latest of a pin and an unpin win whatever order they arrive in', () => {
    const clock = new ManualClock();
    const bus = new Bus();
    const a = instance(bus, clock, 'alice');
    const b = instance(bus, clock, 'bob');
    const key = 'codex/other/main|https://b.example/v1';
    const pinnedAt = clock.now();
    const pin = { kind: 'session', service: 'codex', sessionId: 'conv-2', key } as const;
    const late = { ...pin, pinned: true, at: pinnedAt, ttlMs: 0 };
    clock.advance(1_000);
    b.balancer.pinSession('codex', 'conv-2', b.view, 0);
    clock.advance(1_000);
    b.balancer.unpinSession('codex', 'conv-2');
    // A pin made before the unpin, heard after it, stays undone.
    bus.ports[1]!.deliver(late);
    expect(b.balancer.sessionOf('codex', 'conv-2').pin).toBeNull();
    // An unpin older than the pin here leaves the pin alone; a newer pin wins.
    bus.ports[1]!.deliver({ ...late, at: clock.now() + 1 });
    expect(b.balancer.sessionOf('codex', 'conv-2').pin).toMatchObject({
      station: 'bob',
      signature: b.balancer.state(b.view).signatures[1],
    });
    bus.ports[1]!.deliver({ kind: 'unpin', service: 'codex', sessionId: 'conv-2', at: pinnedAt });
    expect(b.balancer.sessionOf('codex', 'conv-2').pin).not.toBeNull();
    expect(a.balancer.sessionOf('codex', 'conv-2').pin).toBeNull();
  });

  it('shows a balance another instance polled, and keeps a failed poll to itself', () => {
    const clock = new ManualClock();
    const bus = new Bus();
    const a = instance(bus, clock, 'alice');
    const b = instance(bus, clock, 'bob');
    const reading = {
      remaining: 12.5,
      limit: null,
      used: null,
      currency: 'USD',
      unlimited: false,
      checkedAt: clock.now(),
      error: null,
    };
    a.sync.balancePolled(a.view, 1, reading);
    a.sync.balancePolled(a.view, 1, { ...reading, error: 'HTTP 502' });
    expect(b.balances).toEqual([reading]);
  });

  it('leaves untagged upstreams alone: nothing is written for them', () => {
    const clock = new ManualClock();
    const bus = new Bus();
    const a = instance(bus, clock, 'alice', false);
    const b = instance(bus, clock, 'alice', false);
    a.balancer.recordResult(a.view, 0, false);
    expect(bus.written).toEqual([]);
    expect(b.balancer.state(b.view).cooldownUntil[0]).toBeNull();
  });
});
