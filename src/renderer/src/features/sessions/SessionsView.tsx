// The Sessions view (docs/behaviour.md §10): the client's conversations, newest first, with what
// served each one and its bound or pinned upstream.
import { ServiceTabs, SERVICE_LABEL } from '../../components/ServiceTabs';
import { useStore } from '../../store';
import { SessionItem } from './SessionItem';
import { useSessionPages } from './use-session-pages';

export function SessionsView() {
  const service = useStore((s) => s.service);
  const setService = useStore((s) => s.setService);
  const services = useStore((s) => s.snapshot?.services);
  const pages = useSessionPages(service);

  return (
    <section className="view" aria-label="Sessions">
      <ServiceTabs label="Service" service={service} onChange={setService} />
      <div role="tabpanel" aria-label={SERVICE_LABEL[service]} className="panel">
        <div className="toolbar">
          <span className="muted">
            {pages.total === null
              ? 'Reading conversations…'
              : `${pages.total} conversation${pages.total === 1 ? '' : 's'}`}
          </span>
          <button type="button" onClick={pages.reload} disabled={pages.loading}>
            Refresh
          </button>
        </div>
        {pages.error ? (
          <p role="alert" className="control-error">
            {pages.error}
          </p>
        ) : null}
        {pages.total === 0 ? (
          <p className="empty">
            No {SERVICE_LABEL[service]} conversations found in its sessions folder.
          </p>
        ) : null}
        <ul aria-label="Sessions" className="sessions">
          {pages.sessions.map((s) => (
            <SessionItem key={s.file} session={s} services={services} onChanged={pages.reload} />
          ))}
        </ul>
        {pages.more ? (
          <button type="button" onClick={pages.loadMore} disabled={pages.loading}>
            Show more
          </button>
        ) : null}
      </div>
    </section>
  );
}
