import { describe, expect, it } from 'vitest';
import type { RequestSummary } from '../../../../shared/snapshot';
import { mergeRows, olderInLog } from './use-request-pages';

const req = (id: string, time: number) => ({ requestId: id, time }) as RequestSummary;

describe('requests view rows', () => {
  it('lists the live requests newest first, then the pages read from the log, each request once', () => {
    const live = [req('b', 2), req('c', 3)];
    const older = [req('b', 2), req('a', 1)];
    expect(mergeRows(live, older).map((r) => r.requestId)).toEqual(['c', 'b', 'a']);
  });

  it('knows the log holds nothing older when its newest lines are all live requests', () => {
    const live = [req('b', 2), req('c', 3)];
    expect(olderInLog(live, { requests: [req('c', 3), req('b', 2)], more: false })).toBe(false);
    expect(olderInLog([], { requests: [], more: false })).toBe(false);
    expect(olderInLog(live, { requests: [req('c', 3), req('a', 1)], more: false })).toBe(true);
    expect(
      olderInLog(live, { requests: [req('c', 3), req('b', 2), req('a', 1)], more: true }),
    ).toBe(true);
  });
});
