// The Sessions view (docs/behaviour.md §10): the client's conversations, newest first, with what
// served each one and its bound or pinned upstream.
import { ServiceTabs, SERVICE_LABEL } from '../../components/ServiceTabs';
import { useStore } from '../../store';
import { SessionItem } from './SessionItem';
import { useSessionPages } from './use-session-pages';
import { useT } from '../../lib/i18n';

export function SessionsView() {
  const service = useStore((s) => s.service);
  const setService = useStore((s) => s.setService);
  const services = useStore((s) => s.snapshot?.services);
  const pages = useSessionPages(service);
  const t = useT();

  return (
    <section className="view" aria-label={t('ses.view')}>
      <ServiceTabs label={t('up.service')} service={service} onChange={setService} />
      <div role="tabpanel" aria-label={SERVICE_LABEL[service]} className="panel">
        <div className="toolbar">
          <span className="muted">
            {pages.total === null ? t('ses.reading') : t('ses.count', { count: pages.total })}
          </span>
          <button type="button" onClick={pages.reload} disabled={pages.loading}>
            {t('ses.refresh')}
          </button>
        </div>
        {pages.error ? (
          <p role="alert" className="control-error">
            {pages.error}
          </p>
        ) : null}
        {pages.total === 0 ? (
          <p className="empty">{t('ses.none', { service: SERVICE_LABEL[service] })}</p>
        ) : null}
        <ul aria-label={t('ses.view')} className="sessions">
          {pages.sessions.map((s) => (
            <SessionItem key={s.file} session={s} services={services} onChanged={pages.reload} />
          ))}
        </ul>
        {pages.more ? (
          <button type="button" onClick={pages.loadMore} disabled={pages.loading}>
            {t('ses.showMore')}
          </button>
        ) : null}
      </div>
    </section>
  );
}
