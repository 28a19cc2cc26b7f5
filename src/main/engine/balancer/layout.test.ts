import { describe, expect, it } from 'vitest';
import { Balancer, upstreamSignature } from './index';
import { ManualClock } from '../../../../tests/fixtures/clock';
import {
  BACKUP,
  defaultPolicy,
  persisted,
  PRIMARY,
  view,
} from '../../../../tests/fixtures/balancer';

const A = { url: 'https://a.example', p: 'a', e: 'x' };
const B = { url: 'https://b.example', p: 'b', e: 'x' };
const C = { url: 'https://c.example', p: 'c', e: 'x' };

function setup() {
  const clock = new ManualClock();
  return { clock, lb: new Balancer({ clock, policy: defaultPolicy }) };
}

describe('balancer layout migration', () => {
  it('builds signatures from station, identity tags and base URL, defaulting by position', () => {
    expect(upstreamSignature('main', 2, { base_url: PRIMARY, tags: {} })).toBe(
      `main/main#2/2|${PRIMARY}`,
    );
    expect(
      upstreamSignature('main', 0, {
        base_url: PRIMARY,
        tags: { provider_id: 'p', endpoint_id: 'e' },
      }),
    ).toBe(`main/p/e|${PRIMARY}`);
  });

  it('resets everything when the new layout has duplicate signatures', () => {
    const { lb } = setup();
    lb.recordResult(view('s', [A, B]), 1, true);
    lb.recordResult(view('s', [A, B]), 0, false);
    const dup = view('s', [A, A]);
    const s = lb.state(dup);
    expect(s.failureCounts).toEqual([0, 0]);
    expect(s.lastGoodIndex).toBeNull();
    // Once reset for that layout, new results are kept rather than wiped on every access.
    lb.recordResult(dup, 1, false);
    expect(lb.state(dup).failureCounts).toEqual([0, 1]);
  });

  it('keeps matched upstreams, starts new ones clean and drops removed ones', () => {
    const { lb } = setup();
    const before = view('s', [A, B, C]);
    lb.recordResult(before, 0, false);
    lb.setExhausted(before, 1, true, 'quota');
    lb.penalize(before, 2, 60, 'test');
    const D = { url: 'https://d.example', p: 'd', e: 'x' };
    const after = view('s', [D, B, A]);
    const s = lb.state(after);
    expect(s.failureCounts).toEqual([0, 0, 1]);
    expect(s.usageExhausted).toEqual([false, true, false]);
    expect(s.exhaustedReason).toEqual([null, 'quota', null]);
    expect(s.cooldownUntil).toEqual([null, null, null]);
    expect(s.penaltyStreak).toEqual([0, 0, 0]);
  });

  it('remaps last_good to the moved upstream', () => {
    const { lb } = setup();
    lb.recordResult(view('s', [A, B, C]), 2, true);
    expect(lb.state(view('s', [C, A, B])).lastGoodIndex).toBe(0);
  });

  it('clears last_good when its upstream is removed', () => {
    const { lb } = setup();
    lb.recordResult(view('s', [A, B, C]), 2, true);
    expect(lb.state(view('s', [A, B])).lastGoodIndex).toBeNull();
  });

  it('does not use the URL fallback when the new base URLs are not distinct', () => {
    const { lb } = setup();
    lb.restore(
      persisted({
        'codex/s': {
          signatures: [PRIMARY, BACKUP],
          failureCounts: [3, 1],
          cooldownUntil: [null, null],
          usageExhausted: [false, false],
          exhaustedReason: [null, null],
          exhaustedBy: [null, null],
          penaltyStreak: [1, 0],
          lastGoodIndex: null,
        },
      }),
    );
    const s = lb.state(
      view('s', [
        { url: PRIMARY, p: 'p1', e: 'x' },
        { url: PRIMARY, p: 'p2', e: 'x' },
      ]),
    );
    expect(s.failureCounts).toEqual([0, 0]);
  });

  it('fills in missing vectors of a stored state with the same signatures', () => {
    const { lb } = setup();
    const st = view('s', [A, B]);
    const sigs = lb.state(st).signatures;
    lb.restore(
      persisted({
        'codex/s': {
          signatures: sigs,
          failureCounts: [2],
          cooldownUntil: [null],
          usageExhausted: [true],
          exhaustedReason: [null],
          exhaustedBy: ['user'],
          penaltyStreak: [0],
          lastGoodIndex: null,
        },
      }),
    );
    const s = lb.state(st);
    expect(s.failureCounts).toEqual([2, 0]);
    expect(s.usageExhausted).toEqual([true, false]);
  });

  it('keeps state when an upstream is disabled and enabled again', () => {
    const { lb } = setup();
    lb.recordResult(view('s', [A, B]), 1, false);
    lb.state(view('s', [A, { ...B, enabled: false }]));
    expect(lb.state(view('s', [A, B])).failureCounts).toEqual([0, 1]);
  });

  it('keys the remembered layout by station name as well as by the upstreams list', () => {
    const { lb } = setup();
    const shared = view('one', ['https://x.example', 'https://y.example']).upstreams;
    const s1 = lb.state({ service: 'codex', name: 'one', upstreams: shared });
    const s2 = lb.state({ service: 'codex', name: 'two', upstreams: shared });
    expect(s1.signatures[0]).toBe('one/one#0/0|https://x.example');
    expect(s2.signatures[0]).toBe('two/two#0/0|https://x.example');
  });
});
