// `[notifications]` and `[app]` (docs/behaviour.md §8): the desktop app's own settings.
import {
  DEFAULT_APP,
  DEFAULT_NOTIFICATIONS,
  LANGUAGES,
  type DesktopAppConfig,
  type LanguageSetting,
  type NotificationsConfig,
} from '../../../shared/config-types';
import { ConfigProblem, type Reader } from './read-helpers';

export function readNotifications(root: Reader): NotificationsConfig {
  const r = root.sub('notifications', '[notifications]');
  r.allowOnly(Object.keys(DEFAULT_NOTIFICATIONS));
  return {
    trip: r.boolean('trip') ?? DEFAULT_NOTIFICATIONS.trip,
    exhausted: r.boolean('exhausted') ?? DEFAULT_NOTIFICATIONS.exhausted,
    all_down: r.boolean('all_down') ?? DEFAULT_NOTIFICATIONS.all_down,
    recovered: r.boolean('recovered') ?? DEFAULT_NOTIFICATIONS.recovered,
  };
}

export function readApp(root: Reader): DesktopAppConfig {
  const r = root.sub('app', '[app]');
  r.allowOnly(Object.keys(DEFAULT_APP));
  const language = r.string('language') ?? DEFAULT_APP.language;
  if (!(LANGUAGES as readonly string[]).includes(language)) {
    throw new ConfigProblem(
      r.keyPath('language'),
      `must be one of ${LANGUAGES.map((l) => `"${l}"`).join(', ')} (found "${language}")`,
    );
  }
  return {
    start_at_login: r.boolean('start_at_login') ?? DEFAULT_APP.start_at_login,
    language: language as LanguageSetting,
  };
}
