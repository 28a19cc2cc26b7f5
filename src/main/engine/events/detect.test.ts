import { describe, expect, it } from 'vitest';
import type { Snapshot, UpstreamSnapshot } from '../../../shared/snapshot';
import { detectEvents } from './detect';

const relay = (id: string, over: Partial<UpstreamSnapshot> = {}) =>
  ({
    id,
    alias: id.toUpperCase(),
    host: `${id}.example`,
    usageExhausted: false,
    cooldownUntil: null,
    ...over,
  }) as UpstreamSnapshot;

function snap(at: number, upstreams: UpstreamSnapshot[]): Snapshot {
  const svc = (list: UpstreamSnapshot[]) => ({
    active: 'main',
    stations: [{ name: 'main', upstreams: list }],
  });
  return {
    instanceId: 'i',
    generatedAt: at,
    configError: null,
    services: { codex: svc(upstreams), claude: svc([]) },
  } as unknown as Snapshot;
}

describe('events between two snapshots', () => {
  it('announces an upstream that became exhausted, by its name', () => {
    const events = detectEvents(
      snap(1, [relay('a'), relay('b')]),
      snap(2, [relay('a'), relay('b', { usageExhausted: true })]),
    );
    expect(events.filter((e) => e.kind === 'exhausted')).toEqual([
      expect.objectContaining({ service: 'codex', station: 'main', relay: { id: 'b', name: 'B' } }),
    ]);
  });

  it('follows an upstream that moved, so the move itself announces nothing', () => {
    const a = relay('a', { usageExhausted: true });
    const b = relay('b');
    const events = detectEvents(snap(1, [a, b]), snap(2, [b, a]));
    expect(events.filter((e) => e.relay !== null)).toEqual([]);
  });
});
