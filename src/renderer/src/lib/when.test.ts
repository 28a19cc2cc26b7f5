import { describe, expect, it } from 'vitest';
import { dateAndTime, timeOfDay } from './when';

const at = new Date(2026, 10, 30, 15, 23, 15).getTime();

describe('moments shown in the console', () => {
  it('shows a time of day the same 24-hour way in every view, per language', () => {
    expect(timeOfDay(at, 'en')).toBe('15:23:15');
    expect(timeOfDay(at, 'zh-CN')).toBe('15:23:15');
  });

  it('shows a date and a time with that same time of day, per language', () => {
    expect(dateAndTime(at, 'en')).toBe('Nov 30, 2026, 15:23:15');
    expect(dateAndTime(at, 'zh-CN')).toBe('2026年11月30日 15:23:15');
    expect(dateAndTime(null, 'en')).toBe('—');
  });
});
