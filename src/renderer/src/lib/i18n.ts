// The UI's language (docs/behaviour.md §8.6): [app] language, or the system's when "system".
import { useMemo } from 'react';
import { resolveLocale, translator, type Locale, type Translate } from '../../../shared/i18n';
import { useStore, type Store } from '../store';

function systemLanguage(): string | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.language;
}

export function localeOf(s: Pick<Store, 'snapshot'>): Locale {
  return resolveLocale(s.snapshot?.settings?.app?.language ?? 'system', systemLanguage());
}

export function useLocale(): Locale {
  return useStore(localeOf);
}

/** The translate function of the UI's language. */
export function useT(): Translate {
  const locale = useLocale();
  return useMemo(() => translator(locale), [locale]);
}

/** Outside React (adapters): the translate function for the store's language now. */
export function currentT(): { t: Translate; locale: Locale } {
  const locale = localeOf(useStore.getState());
  return { t: translator(locale), locale };
}
