import { describe, expect, it } from 'vitest';
import { share } from './share';

const upstream = (id: string, requests: number) => ({
  id,
  alias: `Relay ${id}`,
  stats: { requests, failures: 0 },
  tags: { provider_id: id },
});

describe('structural sharing between snapshots', () => {
  it('keeps the objects of unchanged upstreams and replaces only the changed one and its parents', () => {
    const prev = {
      version: 1,
      stations: [{ name: 'main', upstreams: [upstream('a', 1), upstream('b', 1)] }],
    };
    const next = {
      version: 2,
      stations: [{ name: 'main', upstreams: [upstream('a', 1), upstream('b', 2)] }],
    };
    const out = share(prev, next);
    expect(out).toEqual(next);
    expect(out.stations[0]?.upstreams[0]).toBe(prev.stations[0]?.upstreams[0]);
    expect(out.stations[0]?.upstreams[1]).not.toBe(prev.stations[0]?.upstreams[1]);
    expect(out.stations[0]?.upstreams[1]?.tags).toBe(prev.stations[0]?.upstreams[1]?.tags);
    expect(out.stations[0]).not.toBe(prev.stations[0]);
  });

  it('matches requests by id, so a new request at the head leaves the older ones as they were', () => {
    const r = (id: string) => ({ requestId: id, status: 200, attempts: [{ upstream: 'a' }] });
    const prev = { recent: [r('2'), r('1')] };
    const next = { recent: [r('3'), r('2'), r('1')] };
    const out = share(prev, next);
    expect(out.recent.map((x) => x.requestId)).toEqual(['3', '2', '1']);
    expect(out.recent[1]).toBe(prev.recent[0]);
    expect(out.recent[2]).toBe(prev.recent[1]);
  });

  it('gives back the previous object when nothing changed, and sees a removed or added key', () => {
    const prev = { a: [1, 2], b: { c: null } };
    expect(share(prev, { a: [1, 2], b: { c: null } })).toBe(prev);
    expect(share(prev, { a: [1, 2] })).not.toBe(prev);
    expect(share(prev, { a: [1, 2], b: { c: null }, d: undefined })).not.toBe(prev);
    expect(share({ x: undefined }, { y: undefined })).toEqual({ y: undefined });
  });
});
