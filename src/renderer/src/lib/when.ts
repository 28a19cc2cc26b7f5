// One way to show a moment in every view (docs/behaviour.md §6.1): a time of day, or a date and a
// time, through Intl for the UI language, on a 24-hour clock so columns keep their width.
import type { Locale } from '../../../shared/i18n';

const TIME: Intl.DateTimeFormatOptions = {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
};
const DATE_TIME: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  ...TIME,
};

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, kind: 'time' | 'dateTime'): Intl.DateTimeFormat {
  const key = `${kind} ${locale}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, kind === 'time' ? TIME : DATE_TIME)));
  return f;
}

/** A time of day, e.g. 15:23:15 (Requests, Recent events). */
export function timeOfDay(ms: number, locale: Locale): string {
  return formatter(locale, 'time').format(ms);
}

/** A date and a time, e.g. Nov 30, 2026, 15:23:15 (Sessions); `—` when there is none. */
export function dateAndTime(ms: number | null, locale: Locale): string {
  return ms === null ? '—' : formatter(locale, 'dateTime').format(ms);
}
