import { describe, expect, it } from 'vitest';
import { memoize } from './memo';

describe('memoize', () => {
  it('computes each input once and gives the same answers, null included', () => {
    const calls: string[] = [];
    const f = memoize((k: string) => {
      calls.push(k);
      return k === 'bad' ? null : k.toUpperCase();
    });
    expect([f('a'), f('a'), f('bad'), f('bad')]).toEqual(['A', 'A', null, null]);
    expect(calls).toEqual(['a', 'bad']);
  });

  it('never holds more than its bound, however many different inputs arrive', () => {
    const calls: string[] = [];
    const f = memoize((k: string) => (calls.push(k), k), 3);
    for (const k of ['1', '2', '3', '4', '1']) f(k);
    // '4' found it full and emptied it, so '1' is computed again.
    expect(calls).toEqual(['1', '2', '3', '4', '1']);
  });
});
