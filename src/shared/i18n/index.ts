// Translation (docs/behaviour.md §8.6): one catalogue per language, typed by the English one, so
// a key missing from another language is a type error, never a blank. Plurals and durations
// go through Intl for the locale.
import type { LanguageSetting } from '../config-types';
import { en, type MessageId } from './en';
import type { Locale, Message, MessageParams } from './types';
import { zhCN } from './zh-CN';

export type { MessageId } from './en';
export type { Locale, MessageParams, Translatable } from './types';
export { LOCALES } from './types';

const CATALOGUES: Readonly<Record<Locale, Readonly<Record<MessageId, Message>>>> = {
  en,
  'zh-CN': zhCN,
};

/** The UI language: the setting, or the system's language when it is "system". */
export function resolveLocale(
  setting: LanguageSetting,
  systemLanguage: string | undefined,
): Locale {
  if (setting !== 'system') return setting;
  return /^zh\b/i.test(systemLanguage ?? '') ? 'zh-CN' : 'en';
}

function fill(text: string, params: MessageParams | undefined): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}

export type Translate = (id: MessageId, params?: MessageParams) => string;

export function isMessageId(id: string): id is MessageId {
  return Object.prototype.hasOwnProperty.call(en, id);
}

export function translator(locale: Locale): Translate {
  const catalogue = CATALOGUES[locale];
  const plurals = new Intl.PluralRules(locale);
  return (id, params) => {
    const message = catalogue[id] ?? en[id];
    if (typeof message === 'string') return fill(message, params);
    const count = Number(params?.count ?? 0);
    const form = message[plurals.select(count)] ?? message.other;
    return fill(form, params);
  };
}

/**
 * A message the engine sent as id + params, in the UI's language; the engine's English text when
 * the id is unknown to this build (a newer engine) or absent.
 */
export function translateRef(
  t: Translate,
  ref: { messageId?: string; params?: MessageParams } | null | undefined,
  fallback: string,
): string {
  if (!ref?.messageId || !isMessageId(ref.messageId)) return fallback;
  return t(ref.messageId, ref.params);
}

/** "4m 46s" / "4分钟46秒": whole seconds, at most two units. */
export function formatDuration(totalSecs: number, locale: Locale): string {
  const secs = Math.max(0, Math.round(totalSecs));
  const unit = (u: 'hour' | 'minute' | 'second', n: number) =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'narrow' }).format(n);
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  const parts =
    h > 0
      ? [unit('hour', h), m > 0 ? unit('minute', m) : '']
      : m > 0
        ? [unit('minute', m), s > 0 ? unit('second', s) : '']
        : [unit('second', s)];
  return parts.filter(Boolean).join(locale === 'en' ? ' ' : '');
}

/** "27s" under a minute, else "4m 46s" / "4分钟46秒" (minutes and seconds, no hours). */
export function formatMinSec(totalSecs: number, locale: Locale): string {
  const secs = Math.max(0, Math.ceil(totalSecs));
  const unit = (u: 'minute' | 'second', n: number) =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'narrow' }).format(n);
  if (secs < 60) return unit('second', secs);
  return [unit('minute', Math.floor(secs / 60)), unit('second', secs % 60)].join(
    locale === 'en' ? ' ' : '',
  );
}

/** A list in the locale's style: "a, b and c" / "a、b和c". */
export function formatList(items: readonly string[], locale: Locale): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}
