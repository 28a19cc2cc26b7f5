// "Recent events" (docs/behaviour.md §8.1): the engine's latest events, newest first.
import { eventText, SERVICE_LABEL } from '../../../../shared/notice-text';
import { useLocale, useT } from '../../lib/i18n';
import { useStore } from '../../store';
import { timeOfDay } from '../../lib/when';

export function RecentEvents() {
  const events = useStore((s) => s.snapshot?.recentEvents ?? []);
  const t = useT();
  const locale = useLocale();
  return (
    <div className="card">
      <h3>{t('events.title')}</h3>
      {events.length === 0 ? <p className="muted">{t('events.empty')}</p> : null}
      <ul aria-label={t('events.title')} className="event-list">
        {events.map((e) => (
          <li key={e.id} className={`event event-${e.kind}`}>
            <span className="mono muted">{timeOfDay(e.at, locale)}</span>{' '}
            <span className="muted">{SERVICE_LABEL[e.service]}</span> {eventText(e, t)}
          </li>
        ))}
      </ul>
    </div>
  );
}
