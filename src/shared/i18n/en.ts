// The English catalogue: the reference every other language is typed against (a key missing
// there is a type error). `{name}` placeholders; plural forms are chosen by `count`.
import { enSessions } from './en-sessions';
import { enDialogs } from './en-dialogs';
import { enSettings } from './en-settings';
import { enOverview } from './en-overview';
import { enRequests } from './en-requests';
import { enApp } from './en-app';
import { enUpstreams } from './en-upstreams';
import { enRemote } from './en-remote';
import type { Message } from './types';

export const en = {
  ...enApp,
  ...enUpstreams,
  ...enRequests,
  ...enOverview,
  ...enSettings,
  ...enRemote,
  ...enDialogs,
  ...enSessions,
  // Notifications and events (docs/behaviour.md §8.1)
  'notice.tripped.title': '{name} tripped',
  'notice.tripped.body':
    '{service}: it is cooling down after failures; requests go to the next relay.',
  'notice.trippedMany.title': { one: '{count} relay tripped', other: '{count} relays tripped' },
  'notice.exhausted.title': '{name} is exhausted',
  'notice.exhausted.body': '{service}: it is passed over until it is marked available again.',
  'notice.exhaustedMany.title': {
    one: '{count} relay exhausted',
    other: '{count} relays exhausted',
  },
  'notice.allDown.title': 'No upstream available for {service}',
  'notice.allDown.body': 'Requests to {service} fail until a relay frees up or you reset them.',
  'notice.recoveredTripped.title': '{name} is available again',
  'notice.recoveredTrippedMany.title': {
    one: '{count} relay available again',
    other: '{count} relays available again',
  },
  'notice.recoveredExhausted.title': '{name} is no longer exhausted',
  'notice.recoveredExhaustedMany.title': {
    one: '{count} relay no longer exhausted',
    other: '{count} relays no longer exhausted',
  },
  'notice.recoveredAllDown.title': '{service} can take requests again',
  'notice.manyBody': '{service}: {names}',
  'event.tripped': '{name} tripped',
  'event.exhausted': '{name} exhausted',
  'event.allDown': 'No upstream available',
  'event.recoveredTripped': '{name} available again',
  'event.recoveredExhausted': '{name} no longer exhausted',
  'event.recoveredAllDown': 'Requests can be answered again',
  'events.title': 'Recent events',
  'events.empty': 'Nothing has happened yet.',
  // Desktop settings (docs/behaviour.md §8)
  'desktop.title': 'Desktop',
  'desktop.notifications': 'Notifications',
  'desktop.notifications.hint':
    'Which events pop up a notification; every event is listed under Recent events anyway.',
  'desktop.notify.trip': 'A relay tripped',
  'desktop.notify.exhausted': 'A relay is exhausted',
  'desktop.notify.allDown': 'No upstream available',
  'desktop.notify.recovered': 'Recovered',
  'desktop.allowNotifications': 'Allow notifications',
  'desktop.notificationsAllowed': 'Notifications are allowed in this browser.',
  'desktop.notificationsBlocked': 'This browser blocks notifications from the console.',
  'desktop.notificationsUnsupported': 'This browser cannot show notifications.',
  'desktop.startAtLogin': 'Start at login',
  'desktop.language': 'Language',
  'desktop.language.hint': "The console's language; System follows this computer's.",
  'desktop.language.system': 'System',
  'desktop.language.en': 'English',
  'desktop.language.zh-CN': '简体中文',
  'desktop.paused': 'The proxy is paused: requests are answered 503 until you resume it.',
  'desktop.resume': 'Resume proxy',
  // Tray (docs/behaviour.md §8.3)
  'tray.show': 'Show',
  'tray.quit': 'Quit',
  'tray.resetAll': 'Reset all',
  'tray.pause': 'Pause proxy',
  'tray.starting': 'Codex Helper: starting…',
  'tray.configError': 'Codex Helper: config error',
  'tray.noUpstreams': 'Codex Helper: no upstreams yet',
  'tray.paused': 'Codex Helper: paused',
  'tray.summary': 'Codex Helper: {parts}',
  'tray.healthy': '{count} healthy',
  'tray.cooling': '{count} cooling',
  'tray.exhausted': '{count} exhausted',
  'tray.disabled': '{count} disabled',
  'tray.noStation': 'No station',
  'tray.separator': ', ',
  // Engine messages (docs/behaviour.md §8.6): the English text equals the engine's message.
  'error.nonEmptyString': '"{name}" must be a non-empty string',
  'error.integer': '"{name}" must be an integer',
  'error.boolean': '"{name}" must be true or false',
  'error.object': '"{name}" must be an object',
  'error.noStation': 'there is no station "{name}" in {service}',
  'error.noUpstream':
    'there is no upstream "{id}" in station "{station}" (the list may have changed: reload)',
  'error.stationExists': '{service} already has a station named "{name}"',
  'auth.notSet': '{names} is not set',
  'balance.atOrBelow': 'balance {remaining} is at or below the threshold {threshold}',
  'config.unknownKey': 'unknown key "{key}" in {table}',
  'config.mustBeString': 'must be a string (found {found})',
  'config.mustBeBoolean': 'must be true or false (found {found})',
  'config.mustBeInteger': 'must be an integer (found {found})',
  'config.mustBeNumber': 'must be a number (found {found})',
  'config.mustBeTable': 'must be a table (found {found})',
  'config.atLeast': 'must be at least {min} (found {found})',
  'config.between': 'must be between {min} and {max} (found {found})',
} as const satisfies Record<string, Message>;

export type MessageId = keyof typeof en;
