import { describe, expect, it } from 'vitest';
import { formatAmount, formatUsd } from './money';

describe('money formatting', () => {
  it('shows cents, and four decimals for amounts under a cent', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.0031)).toBe('$0.0031');
    expect(formatUsd(0.42)).toBe('$0.42');
    expect(formatUsd(12.345)).toBe('$12.35');
    expect(formatUsd(-1.5)).toBe('-$1.50');
  });

  it('writes other currencies after the amount', () => {
    expect(formatAmount(2, 'USD')).toBe('$2.00');
    expect(formatAmount(12.5, 'CNY')).toBe('12.5 CNY');
  });
});
