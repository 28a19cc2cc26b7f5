// Session affinity (docs/behaviour.md §2.7): bindings, pins, TTL, LRU cap, following an upstream
// through edits, and what the request log says about each request.
import { describe, expect, it } from 'vitest';
import type { BalancerPolicy, SessionRoute, StationView } from '../types';
import { Balancer } from './index';
import { MAX_SESSIONS } from './sessions';
import { ManualClock } from '../../../../tests/fixtures/clock';
import { defaultPolicy, view } from '../../../../tests/fixtures/balancer';

const A = { url: 'https://a.example', p: 'a', e: 'default' };
const B = { url: 'https://b.example', p: 'b', e: 'default' };
const C = { url: 'https://c.example', p: 'c', e: 'default' };

function setup(policy: Partial<BalancerPolicy> = {}) {
  const clock = new ManualClock();
  const lb = new Balancer({ clock, policy: { ...defaultPolicy, ...policy } });
  return { clock, lb };
}

/** One request of session `id` through station `st`: picks, answers from `answers`, records. */
function request(
  lb: Balancer,
  st: StationView,
  id: string,
  answers: (index: number) => boolean = () => true,
  isSupported?: (index: number) => boolean,
) {
  const route = lb.route('codex', id) as SessionRoute;
  const avoid = new Set<number>();
  let failure: string | null = null;
  for (;;) {
    const chosen = lb.choose(st, { strict: true, avoid, session: route, isSupported });
    if (!chosen) return { index: null, ...lb.affinity(route, null, failure) };
    avoid.add(chosen.index);
    const ok = answers(chosen.index);
    lb.recordResult(st, chosen.index, ok);
    if (ok) {
      lb.bind(route, st, chosen.index);
      return {
        index: chosen.index,
        rule: chosen.rule,
        ...lb.affinity(route, { station: st, index: chosen.index }, failure),
      };
    }
    if (chosen.rule === 'session' || chosen.rule === 'pinned') failure = 'status 502';
  }
}

describe('session affinity', () => {
  const st = view('main', [A, B, C]);

  it('binds a new session to the upstream that answered it', () => {
    const { lb } = setup();
    expect(request(lb, st, 's1')).toEqual({ index: 0, rule: 'in-order', affinity: 'new' });
    expect(request(lb, st, 's1')).toEqual({ index: 0, rule: 'session', affinity: 'kept' });
  });

  it("keeps a session on its upstream after the station's last good moved elsewhere", () => {
    const { lb } = setup();
    request(lb, st, 's1');
    // Another session fails over: the station's last good moves to B.
    expect(request(lb, st, 's2', (i) => i !== 0)).toMatchObject({ index: 1, affinity: 'new' });
    lb.reset(st, 0);
    expect(lb.state(st).lastGoodIndex).toBe(1);
    // A new session follows the station's rules (sticky last good), not s1's binding.
    expect(request(lb, st, 's3')).toMatchObject({ index: 1, rule: 'sticky', affinity: 'new' });
    expect(request(lb, st, 's1')).toEqual({ index: 0, rule: 'session', affinity: 'kept' });
    expect(request(lb, st, 's3')).toMatchObject({ index: 1, rule: 'session', affinity: 'kept' });
  });

  it('moves a session whose upstream failed during the request, and rebinds it', () => {
    const { lb } = setup();
    request(lb, st, 's1');
    expect(request(lb, st, 's1', (i) => i !== 0)).toEqual({
      index: 1,
      rule: 'in-order',
      affinity: 'moved',
      affinityReason: 'bound upstream failed: status 502',
    });
    lb.reset(st, 0);
    expect(request(lb, st, 's1')).toMatchObject({ index: 1, rule: 'session', affinity: 'kept' });
  });

  it('moves a session whose upstream is skipped, naming why', () => {
    const cases: [string, (lb: Balancer, s: StationView) => StationView, string][] = [
      [
        'cooling',
        (lb, s) => (lb.penalize(s, 0, 30, 'x'), s),
        'bound upstream is cooling (30s left)',
      ],
      [
        'exhausted',
        (lb, s) => (lb.setExhausted(s, 0, true, 'quota'), s),
        'bound upstream is exhausted (quota)',
      ],
      [
        'disabled',
        () => view('main', [{ ...A, enabled: false }, B, C]),
        'bound upstream is disabled',
      ],
      [
        'key missing',
        () => view('main', [{ ...A, tokenEnv: 'RELAY_A_KEY' }, B, C]),
        'bound upstream has no key (RELAY_A_KEY is not set)',
      ],
      ['removed', () => view('main', [B, C]), 'bound upstream is no longer in the stations tried'],
    ];
    for (const [name, change, reason] of cases) {
      const { lb } = setup();
      request(lb, st, 's1');
      const after = change(lb, st);
      expect(request(lb, after, 's1'), name).toMatchObject({
        affinity: 'moved',
        affinityReason: reason,
      });
    }
    const { lb } = setup();
    request(lb, st, 's1');
    expect(request(lb, st, 's1', undefined, (i) => i !== 0)).toMatchObject({
      index: 1,
      affinity: 'moved',
      affinityReason: 'bound upstream does not support model ',
    });
  });

  it('forgets a binding unused for the TTL; a binding in use stays', () => {
    const { lb, clock } = setup({ sessionAffinityTtlSecs: 600 });
    request(lb, st, 's1', (i) => i !== 0);
    lb.reset(st, 0);
    lb.prefer(st, 2);
    clock.advance(599_000);
    expect(request(lb, st, 's1')).toMatchObject({ index: 1, affinity: 'kept' });
    clock.advance(599_000);
    expect(request(lb, st, 's1')).toMatchObject({ index: 1, affinity: 'kept' });
    lb.prefer(st, 2);
    clock.advance(600_000);
    expect(request(lb, st, 's1')).toMatchObject({
      index: 2,
      rule: 'sticky',
      affinity: 'new',
      affinityReason: 'the previous binding expired',
    });
  });

  it('keeps at most 10 000 bindings, dropping the least recently used', () => {
    const { lb } = setup();
    for (let i = 0; i < MAX_SESSIONS; i++) lb.bind(lb.route('codex', `s${i}`), st, 1);
    // s0 is used again, so s1 is now the oldest.
    lb.bind(lb.route('codex', 's0'), st, 1);
    lb.bind(lb.route('codex', 'one-more'), st, 2);
    const saved = lb.toJSON().sessions.codex.bindings;
    expect(saved).toHaveLength(MAX_SESSIONS);
    expect(saved.some((e) => e.id === 's1')).toBe(false);
    expect(saved.at(-2)?.id).toBe('s0');
    expect(lb.route('codex', 's1')?.binding).toBeNull();
    expect(lb.route('codex', 's2')?.binding).not.toBeNull();
  });

  it('follows its upstream when the list is reordered, like the balancer state', () => {
    const { lb } = setup();
    request(lb, st, 's1', (i) => i !== 0);
    lb.reset(st, 0);
    const reordered = view('main', [C, B, A]);
    expect(request(lb, reordered, 's1')).toEqual({ index: 1, rule: 'session', affinity: 'kept' });
    const moved = view('main', [B, C, A]);
    expect(request(lb, moved, 's1')).toMatchObject({ index: 0, rule: 'session' });
  });

  it('follows a station renamed through the app, and survives a restart', () => {
    const { lb, clock } = setup();
    request(lb, st, 's1', (i) => i !== 0);
    lb.reset(st, 0);
    lb.renameStation('codex', 'main', 'renamed');
    const renamed = view('renamed', [A, B, C]);
    expect(request(lb, renamed, 's1')).toMatchObject({ index: 1, affinity: 'kept' });
    const again = new Balancer({ clock, policy: defaultPolicy });
    again.restore(JSON.parse(JSON.stringify(lb.toJSON())));
    expect(request(again, renamed, 's1')).toMatchObject({ index: 1, affinity: 'kept' });
  });

  it('follows its upstream when identity tags are added in place (addIdentityTags)', () => {
    const { lb } = setup();
    const untagged = view('main', ['https://a.example', 'https://b.example']);
    request(lb, untagged, 's1', (i) => i !== 0);
    lb.reset(untagged, 0);
    lb.pinSession('codex', 's2', untagged, 0);
    const tagged = view('main', [A, B]);
    lb.carryState(untagged, tagged);
    expect(request(lb, tagged, 's1')).toMatchObject({
      index: 1,
      rule: 'session',
      affinity: 'kept',
    });
    expect(request(lb, tagged, 's2')).toMatchObject({ index: 0, rule: 'pinned', affinity: 'kept' });
  });

  it("names the session's station for the proxy to try first while its upstream is selectable", () => {
    const { lb, clock } = setup();
    const main = view('main', [A]);
    const backup = view('backup', [B, C]);
    lb.bind(lb.route('codex', 's1'), backup, 1);
    expect(lb.sessionStation(lb.route('codex', 's1'), [main, backup])).toBe('backup');
    expect(lb.sessionStation(lb.route('codex', 's1'), [main])).toBeNull();
    expect(lb.sessionStation(lb.route('codex', 'other'), [main, backup])).toBeNull();
    lb.penalize(backup, 1, 30, 'x');
    // Its upstream cannot take it: the user's station order applies.
    expect(lb.sessionStation(lb.route('codex', 's1'), [main, backup])).toBeNull();
    clock.advance(30_000);
    expect(lb.sessionStation(lb.route('codex', 's1'), [main, backup])).toBe('backup');
    lb.pinSession('codex', 's1', main, 0);
    expect(lb.sessionStation(lb.route('codex', 's1'), [main, backup])).toBe('main');
  });

  it('is not used when session_affinity is off', () => {
    const { lb } = setup({ sessionAffinity: false });
    request(lb, st, 's1', (i) => i !== 0);
    lb.reset(st, 0);
    lb.recordResult(st, 2, true);
    const route = lb.route('codex', 's1')!;
    expect(route.binding).toBeNull();
    expect(lb.choose(st, { strict: true, session: route })).toEqual({ index: 2, rule: 'sticky' });
    expect(lb.affinity(route, { station: st, index: 2 }, null)).toBeNull();
  });
});

describe('pinned sessions', () => {
  const st = view('main', [A, B, C]);

  it('go only to the pinned upstream while it is selectable, then fail over and show the move', () => {
    const { lb } = setup();
    request(lb, st, 's1');
    lb.pinSession('codex', 's1', st, 2);
    expect(request(lb, st, 's1')).toEqual({ index: 2, rule: 'pinned', affinity: 'kept' });
    lb.penalize(st, 2, 30, 'x');
    // The binding moved to the pinned upstream with it, so plain selection decides now.
    expect(request(lb, st, 's1')).toEqual({
      index: 0,
      rule: 'in-order',
      affinity: 'moved',
      affinityReason: 'pinned upstream is cooling (30s left)',
    });
  });

  it('win over the binding and survive a restart; unpinning gives the binding back', () => {
    const { lb, clock } = setup();
    request(lb, st, 's1');
    lb.pinSession('codex', 's1', st, 1);
    const again = new Balancer({ clock, policy: defaultPolicy });
    again.restore(JSON.parse(JSON.stringify(lb.toJSON())));
    expect(request(again, st, 's1')).toMatchObject({ index: 1, rule: 'pinned' });
    again.unpinSession('codex', 's1');
    expect(request(again, st, 's1')).toMatchObject({ index: 1, rule: 'session', affinity: 'kept' });
  });

  it('explain shows where a pinned session goes and names the rule for the ones passed over', () => {
    const { lb } = setup();
    lb.pinSession('codex', 's1', st, 1);
    expect(lb.explain(st, undefined, undefined, lb.route('codex', 's1'))).toEqual({
      index: 1,
      rule: 'pinned',
      skipped: [{ index: 0, reason: 'pinned', detail: '', until: null }],
    });
  });
});
