// The words of a notification and of an event line, in the UI's language. Used by the Electron
// adapter (main process) and the browser console alike. Runtime-neutral.
import type { EngineEvent, Notice } from './events';
import { formatList, type Locale, type MessageId, type Translate } from './i18n';

export const SERVICE_LABEL = { codex: 'Codex', claude: 'Claude' } as const;

function ids(n: Pick<Notice, 'kind' | 'from'>): { one: MessageId; many: MessageId } {
  switch (n.kind) {
    case 'tripped':
      return { one: 'notice.tripped.title', many: 'notice.trippedMany.title' };
    case 'exhausted':
      return { one: 'notice.exhausted.title', many: 'notice.exhaustedMany.title' };
    case 'all_down':
      return { one: 'notice.allDown.title', many: 'notice.allDown.title' };
    case 'recovered':
      if (n.from === 'exhausted') {
        return {
          one: 'notice.recoveredExhausted.title',
          many: 'notice.recoveredExhaustedMany.title',
        };
      }
      if (n.from === 'all_down') {
        return { one: 'notice.recoveredAllDown.title', many: 'notice.recoveredAllDown.title' };
      }
      return { one: 'notice.recoveredTripped.title', many: 'notice.recoveredTrippedMany.title' };
  }
}

const SINGLE_BODY: Partial<Record<Notice['kind'], MessageId>> = {
  tripped: 'notice.tripped.body',
  exhausted: 'notice.exhausted.body',
  all_down: 'notice.allDown.body',
};

export function noticeText(
  n: Notice,
  t: Translate,
  locale: Locale,
): { title: string; body: string } {
  const service = SERVICE_LABEL[n.service];
  const { one, many } = ids(n);
  if (n.relays.length > 1) {
    const names = formatList(
      n.relays.map((r) => r.name),
      locale,
    );
    return {
      title: t(many, { count: n.relays.length, service }),
      body: t('notice.manyBody', { service, names }),
    };
  }
  const name = n.relays[0]?.name ?? service;
  const bodyId = SINGLE_BODY[n.kind];
  return {
    title: t(one, { name, service }),
    body: bodyId ? t(bodyId, { service }) : service,
  };
}

export function eventText(e: EngineEvent, t: Translate): string {
  const name = e.relay?.name ?? SERVICE_LABEL[e.service];
  switch (e.kind) {
    case 'tripped':
      return t('event.tripped', { name });
    case 'exhausted':
      return t('event.exhausted', { name });
    case 'all_down':
      return t('event.allDown');
    case 'recovered':
      if (e.from === 'exhausted') return t('event.recoveredExhausted', { name });
      if (e.from === 'all_down') return t('event.recoveredAllDown');
      return t('event.recoveredTripped', { name });
  }
}
