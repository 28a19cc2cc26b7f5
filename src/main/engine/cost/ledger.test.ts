import { describe, expect, it } from 'vitest';
import type { TokenUsage } from '../../../shared/snapshot';
import { CostLedger, type LedgerEntry } from './ledger';

const noon = new Date(2026, 10, 28, 12, 0, 0).getTime();
const nextMidnight = new Date(2026, 10, 29).getTime();
const nextMonth = new Date(2026, 11, 1).getTime();
const usage: TokenUsage = {
  inputTokens: 1,
  outputTokens: 1,
  totalTokens: 2,
  reasoningTokens: 0,
  cachedInputTokens: 0,
  cacheCreationTokens: 0,
};

function entry(n: number, over: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    requestId: `r${n}`,
    time: noon + n,
    service: 'codex',
    station: 'main',
    upstream: { id: 'a/default' },
    usage,
    costUsd: 0.25,
    ...over,
  };
}

describe('cost ledger', () => {
  it('sums cost per upstream and per service and counts unpriced requests apart', () => {
    const l = new CostLedger(noon);
    l.add(entry(1));
    l.add(entry(2, { upstream: { id: 'b/default' }, costUsd: 0.5 }));
    l.add(entry(3, { costUsd: null }));
    l.add(entry(4, { costUsd: null, usage: null }));
    expect(l.upstream('codex', 'main', 'a/default', noon + 10)).toEqual({
      todayUsd: 0.25,
      monthUsd: 0.25,
    });
    expect(l.service('codex', noon + 10)).toEqual({
      todayUsd: 0.75,
      monthUsd: 0.75,
      unpricedToday: 1,
    });
    expect(l.service('claude', noon + 10).todayUsd).toBe(0);
    expect(l.tokensToday(noon + 10)).toEqual({ 'a/default': 4, 'b/default': 2 });
  });

  it('starts a new day at local midnight and a new month on the 1st, also between requests', () => {
    const l = new CostLedger(noon);
    l.add(entry(1));
    expect(l.service('codex', nextMidnight).todayUsd).toBe(0);
    expect(l.service('codex', nextMidnight).monthUsd).toBe(0.25);
    expect(l.tokensToday(nextMidnight)).toEqual({});
    l.add(entry(2, { time: nextMidnight + 5 }));
    expect(l.service('codex', nextMidnight + 6)).toMatchObject({ todayUsd: 0.25, monthUsd: 0.5 });
    expect(l.service('codex', nextMonth).monthUsd).toBe(0);
  });

  it('adds this month from the log without counting a request twice that was also seen live', () => {
    const l = new CostLedger(noon);
    l.beginRebuild();
    l.add(entry(9));
    l.addLogged(entry(9));
    l.addLogged(entry(1, { time: noon - 86_400_000 }));
    l.addLogged(entry(2, { time: new Date(2026, 9, 31).getTime() }));
    l.finishRebuild();
    expect(l.service('codex', noon + 10)).toMatchObject({ todayUsd: 0.25, monthUsd: 0.5 });
  });

  it('counts today’s requests and failures per upstream tried, live and from the log alike', () => {
    const l = new CostLedger(noon);
    const tried = (upstream: string, decision: 'success' | 'failover' | 'retry-same') => ({
      station: 'main',
      upstream,
      decision,
      status: decision === 'success' ? 200 : 502,
    });
    l.add(entry(1, { attempts: [tried('a/default', 'success')] }));
    l.beginRebuild();
    l.addLogged(
      entry(2, {
        attempts: [
          tried('a/default', 'retry-same'),
          tried('a/default', 'failover'),
          tried('b/default', 'success'),
        ],
      }),
    );
    l.addLogged(entry(3, { time: noon - 86_400_000, attempts: [tried('a/default', 'success')] }));
    l.finishRebuild();
    expect(l.requestsToday('codex', 'main', 'a/default', noon + 10)).toEqual({
      requests: 2,
      failures: 1,
    });
    expect(l.requestsToday('codex', 'main', 'b/default', noon + 10)).toEqual({
      requests: 1,
      failures: 0,
    });
    expect(l.requestsToday('codex', 'main', 'a/default', nextMidnight)).toEqual({
      requests: 0,
      failures: 0,
    });
  });

  it('moves an upstream’s figures with a station rename', () => {
    const l = new CostLedger(noon);
    l.add(entry(1));
    l.renameStation('codex', 'main', 'work');
    expect(l.upstream('codex', 'work', 'a/default', noon + 5).todayUsd).toBe(0.25);
    expect(l.upstream('codex', 'main', 'a/default', noon + 5).todayUsd).toBe(0);
  });
});
