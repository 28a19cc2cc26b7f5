import { describe, expect, it } from 'vitest';
import { formatAmount, formatUsd } from './money';

describe('money formatting', () => {
  it('shows every cost below $1 with four decimals, so a total reads as finely as its rows', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.0031)).toBe('$0.0031');
    expect(formatUsd(0.0171)).toBe('$0.0171');
    expect(formatUsd(0.0086)).toBe('$0.0086');
    expect(formatUsd(0.42)).toBe('$0.4200');
    expect(formatUsd(12.345)).toBe('$12.35');
    expect(formatUsd(-1.5)).toBe('-$1.50');
  });

  it('shows balances in cents and writes other currencies after the amount', () => {
    expect(formatAmount(2, 'USD')).toBe('$2.00');
    expect(formatAmount(0.5, 'USD')).toBe('$0.50');
    expect(formatAmount(0.004, 'USD')).toBe('$0.0040');
    expect(formatAmount(12.5, 'CNY')).toBe('12.5 CNY');
  });
});
