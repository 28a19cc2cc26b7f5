import { describe, expect, it } from 'vitest';
import type {
  AttemptDecision,
  AttemptRecord,
  ServiceSnapshot,
  UpstreamSnapshot,
} from '../../../../shared/snapshot';
import { newestFirst, upstreamLabel } from './rows';

const up = (id: string, alias: string | null) =>
  ({ id, alias, host: `${id.split('/')[0]}.example` }) as UpstreamSnapshot;
const service = (stations: [string, UpstreamSnapshot[]][]) =>
  ({
    stations: stations.map(([name, upstreams]) => ({ name, upstreams })),
  }) as unknown as ServiceSnapshot;
const services = {
  codex: service([
    ['main', [up('relay-a/default', 'Relay A'), up('relay-b/default', '  ')]],
    ['spare', [up('relay-a/default', 'Spare A'), up('spare-c/default', 'Spare C')]],
  ]),
  claude: service([]),
};
const request = (station: string | null, id: string) => ({
  service: 'codex' as const,
  station,
  upstream: { id, host: '127.0.0.1:4000' },
});

describe('requests table rows', () => {
  it("names the upstream by its alias in the request's own station", () => {
    expect(upstreamLabel(services, request('main', 'relay-a/default'))).toEqual({
      name: 'Relay A',
      host: '127.0.0.1:4000',
      id: 'relay-a/default',
    });
    expect(upstreamLabel(services, request('spare', 'relay-a/default'))?.name).toBe('Spare A');
  });

  it('finds an upstream in another station when its own station is gone', () => {
    expect(upstreamLabel(services, request('renamed', 'spare-c/default'))?.name).toBe('Spare C');
  });

  it('falls back to the host, never the id, for a removed upstream or a blank alias', () => {
    expect(upstreamLabel(services, request('main', 'gone/default'))?.name).toBe('127.0.0.1:4000');
    expect(upstreamLabel(services, request('main', 'relay-b/default'))?.name).toBe(
      'relay-b.example',
    );
    expect(upstreamLabel(undefined, request('main', 'relay-a/default'))?.name).toBe(
      '127.0.0.1:4000',
    );
  });

  it('has no label for a request that reached no upstream', () => {
    expect(upstreamLabel(services, { service: 'codex', station: null, upstream: null })).toBeNull();
  });

  it('names the last relay tried for a request that failed on every one', () => {
    const attempt = (upstream: string, decision: AttemptDecision) =>
      ({ station: 'main', upstream, host: `${upstream}.host`, decision }) as AttemptRecord;
    const failed = {
      service: 'codex' as const,
      station: null,
      upstream: null,
      attempts: [attempt('relay-b/default', 'failover'), attempt('relay-a/default', 'exhausted')],
    };
    expect(upstreamLabel(services, failed)).toEqual({
      name: 'Relay A',
      host: 'relay-a/default.host',
      id: 'relay-a/default',
    });
  });

  it('puts the newest request first and keeps the order of same-time requests', () => {
    const rows = [
      { time: 1, id: 'old' },
      { time: 5, id: 'new-1' },
      { time: 5, id: 'new-2' },
      { time: 3, id: 'mid' },
    ];
    expect(newestFirst(rows).map((r) => r.id)).toEqual(['new-1', 'new-2', 'mid', 'old']);
  });
});
