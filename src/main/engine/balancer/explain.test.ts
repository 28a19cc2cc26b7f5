import { describe, expect, it } from 'vitest';
import { Balancer } from './index';
import { ManualClock } from '../../../../tests/fixtures/clock';
import { BACKUP, defaultPolicy, PRIMARY, view } from '../../../../tests/fixtures/balancer';

const THIRD = 'https://third.example';
const FOURTH = 'https://fourth.example';
const FIFTH = 'https://fifth.example';

describe('balancer explain', () => {
  it('names why each upstream before the pick is skipped, in check order', () => {
    const clock = new ManualClock();
    const lb = new Balancer({ clock, policy: defaultPolicy });
    const st = view('s', [{ url: PRIMARY, enabled: false }, BACKUP, THIRD, FOURTH, FIFTH]);
    lb.setExhausted(st, 1, true, 'quota used up');
    lb.penalize(st, 1, 30, 'x');
    lb.penalize(st, 2, 12, 'x');
    const saved = lb.toJSON();
    const entry = Object.values(saved.stations)[0]!;
    entry.failureCounts[3] = 3;
    lb.restore(saved);
    expect(lb.explain(st)).toEqual({
      index: 4,
      rule: 'in-order',
      skipped: [
        { index: 0, reason: 'disabled', detail: '', until: null },
        { index: 1, reason: 'exhausted', detail: 'quota used up', until: null },
        { index: 2, reason: 'cooling', detail: '12s left', until: clock.now() + 12_000 },
        { index: 3, reason: 'failures', detail: '3/3', until: null },
      ],
    });
    // Strict like the proxy: with the only healthy upstream ruled out there is no pick.
    expect(lb.explain(st, (i) => i !== 4, 'gpt-5')).toEqual({
      index: null,
      rule: null,
      skipped: [
        { index: 0, reason: 'disabled', detail: '', until: null },
        { index: 1, reason: 'exhausted', detail: 'quota used up', until: null },
        { index: 2, reason: 'cooling', detail: '12s left', until: clock.now() + 12_000 },
        { index: 3, reason: 'failures', detail: '3/3', until: null },
        { index: 4, reason: 'unsupported model', detail: 'gpt-5', until: null },
      ],
    });
  });

  it('lists unsupported-model upstreams with the model name and reports no pick when none fit', () => {
    const lb = new Balancer({ clock: new ManualClock(), policy: defaultPolicy });
    const st = view('s', [PRIMARY, BACKUP]);
    expect(lb.explain(st, () => false, 'gpt-5')).toEqual({
      index: null,
      rule: null,
      skipped: [
        { index: 0, reason: 'unsupported model', detail: 'gpt-5', until: null },
        { index: 1, reason: 'unsupported model', detail: 'gpt-5', until: null },
      ],
    });
  });

  it('names the sticky rule for a healthy upstream passed over for the last good one', () => {
    const lb = new Balancer({ clock: new ManualClock(), policy: defaultPolicy });
    const st = view('s', [PRIMARY, BACKUP, THIRD]);
    lb.recordResult(st, 2, true);
    lb.setExhausted(st, 1, true);
    expect(lb.explain(st)).toEqual({
      index: 2,
      rule: 'sticky',
      skipped: [
        { index: 0, reason: 'sticky', detail: '', until: null },
        { index: 1, reason: 'exhausted', detail: '', until: null },
      ],
    });
  });

  it('expires passed cooldowns without changing anything else', () => {
    const clock = new ManualClock();
    const lb = new Balancer({ clock, policy: defaultPolicy });
    const st = view('s', [PRIMARY, BACKUP]);
    lb.penalize(st, 0, 5, 'x');
    expect(lb.explain(st).index).toBe(1);
    clock.advance(5_000);
    expect(lb.explain(st)).toEqual({ index: 0, rule: 'in-order', skipped: [] });
    expect(lb.state(st).penaltyStreak).toEqual([1, 0]);
  });
});
