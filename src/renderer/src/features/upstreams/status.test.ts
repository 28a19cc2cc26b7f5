import { describe, expect, it } from 'vitest';
import { explainSkips, statusConditions } from './status';

/** The status line as the row shows it: every condition, in order. */
function statusText(...args: Parameters<typeof statusConditions>): string {
  return statusConditions(...args)
    .map((c) => c.text)
    .join(' · ');
}

const base = { enabled: true, usageExhausted: false, cooldownUntil: null, failureCount: 0 };
const NOW = 1_700_000_000_000;

describe('upstream status text', () => {
  it('says Healthy when no condition applies', () => {
    expect(statusText(base, 3, NOW)).toBe('Healthy');
  });

  it('lists every condition in the fixed order and wording', () => {
    const u = {
      enabled: false,
      usageExhausted: true,
      cooldownUntil: NOW + 27_000,
      failureCount: 3,
    };
    expect(statusConditions(u, 3, NOW).map((c) => c.text)).toEqual([
      'Disabled',
      'Exhausted',
      'Cooling 27s',
    ]);
    expect(
      statusConditions({ ...u, cooldownUntil: null, failureCount: 2 }, 3, NOW).map((c) => c.text),
    ).toEqual(['Disabled', 'Exhausted', 'Failures 2/3']);
  });

  it('counts the cooldown down in whole seconds from the injected now', () => {
    const u = { ...base, cooldownUntil: NOW + 27_000, failureCount: 3 };
    expect(statusText(u, 3, NOW)).toBe('Cooling 27s');
    expect(statusText(u, 3, NOW + 1_000)).toBe('Cooling 26s');
    expect(statusText(u, 3, NOW + 26_500)).toBe('Cooling 1s');
  });

  it('shows a cooling upstream as cooling, not as a failure count that contradicts its requests', () => {
    expect(statusText({ ...base, cooldownUntil: NOW + 5_000, failureCount: 3 }, 3, NOW)).toBe(
      'Cooling 5s',
    );
  });

  it('drops an expired cooldown and the count it guarded', () => {
    const u = { ...base, cooldownUntil: NOW - 1, failureCount: 3 };
    expect(statusText(u, 3, NOW)).toBe('Healthy');
  });

  it('puts Key missing first, and counts minutes and seconds past a minute', () => {
    const u = { ...base, authProblem: 'RELAY_A_KEY is not set', cooldownUntil: NOW + 286_000 };
    expect(statusText(u, 3, NOW)).toBe('Key missing · Cooling 4m 46s');
    expect(statusText(u, 3, NOW + 227_000)).toBe('Key missing · Cooling 59s');
  });

  it('shows failures below the threshold against the configured threshold', () => {
    expect(statusText({ ...base, failureCount: 2 }, 5, NOW)).toBe('Failures 2/5');
  });
});

describe('next-pick explanation', () => {
  it('names each skipped upstream with its reason and detail', () => {
    const lines = explainSkips(
      [
        { index: 0, reason: 'cooling', detail: '12s left', until: NOW + 12_000 },
        { index: 1, reason: 'exhausted', detail: '', until: null },
      ],
      (i) => ['Relay A', 'Relay B'][i] ?? '?',
    );
    expect(lines).toEqual([
      'Skipped #1 Relay A: cooling down (12s left)',
      'Skipped #2 Relay B: usage exhausted',
    ]);
  });
});
