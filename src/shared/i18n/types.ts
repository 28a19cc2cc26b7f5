// Message shapes of the catalogues (docs/behaviour.md §8.6). Runtime-neutral.

/** Plural forms by Intl.PluralRules category; `other` is always required. */
export interface PluralMessage {
  readonly zero?: string;
  readonly one?: string;
  readonly two?: string;
  readonly few?: string;
  readonly many?: string;
  readonly other: string;
}

/** A message: text with `{name}` placeholders, or plural forms chosen by the `count` param. */
export type Message = string | PluralMessage;

export type MessageParams = Readonly<Record<string, string | number>>;

/** The languages the UI ships in. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** A message id and its parameters, as the engine sends prose for the UI to translate. */
export interface Translatable {
  readonly messageId: string;
  readonly params?: MessageParams;
}
