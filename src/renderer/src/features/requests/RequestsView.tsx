import { useEffect, useRef, useState } from 'react';
import { useStore } from '../../store';
import { isErrorRequest } from './format';
import { RequestDetail } from './RequestDetail';
import { RequestRow } from './RequestRow';
import { upstreamLabel } from './rows';
import { useRequestPages } from './use-request-pages';
import { useT } from '../../lib/i18n';

export function RequestsView() {
  const [errorsOnly, setErrorsOnly] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const pages = useRequestPages();
  const requests = errorsOnly ? pages.rows.filter(isErrorRequest) : pages.rows;
  const services = useStore((s) => s.snapshot?.services);
  const selected = requests.find((r) => r.requestId === selectedId) ?? null;
  const detailRef = useRef<HTMLDivElement>(null);
  const t = useT();
  // In a narrow window the detail sits below the table: bring it into view when a row is picked.
  useEffect(() => {
    if (selectedId) detailRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selectedId]);

  return (
    <section className="view" aria-label={t('req.view')}>
      <div className="toolbar">
        <h2>{t('req.recent')}</h2>
        <label>
          <input
            type="checkbox"
            checked={errorsOnly}
            onChange={(e) => setErrorsOnly(e.target.checked)}
          />{' '}
          {t('req.errorsOnly')}
        </label>
        <span className="muted">{t('req.shown', { count: requests.length })}</span>
      </div>
      <div className="split">
        <div className="card table-wrap">
          <table aria-label={t('req.table')} className="requests-table">
            <colgroup>
              <col className="col-time" />
              <col />
              <col />
              <col className="col-status" />
              <col className="col-tries" />
              <col className="col-ms" />
              <col className="col-ms" />
              <col className="col-tokens" />
            </colgroup>
            <thead>
              <tr>
                <th>{t('req.col.time')}</th>
                <th>{t('req.col.model')}</th>
                <th>{t('req.col.upstream')}</th>
                <th>{t('req.col.status')}</th>
                <th title={t('req.col.attempts')}>{t('req.col.tries')}</th>
                <th>{t('req.col.ttfb')}</th>
                <th>{t('req.col.duration')}</th>
                <th>{t('req.col.tokens')}</th>
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => {
                const label = upstreamLabel(services, r);
                return (
                  <RequestRow
                    key={r.requestId}
                    r={r}
                    upstreamName={label?.name ?? null}
                    upstreamHost={label?.host ?? null}
                    upstreamId={label?.id ?? null}
                    selected={r.requestId === selectedId}
                    onSelect={setSelectedId}
                  />
                );
              })}
            </tbody>
          </table>
          {requests.length === 0 ? (
            <p className="empty">{errorsOnly ? t('req.noFailed') : t('req.none')}</p>
          ) : null}
          <div className="list-actions">
            {pages.more !== false ? (
              <button type="button" disabled={pages.loading} onClick={pages.loadOlder}>
                {t('req.older')}
              </button>
            ) : (
              <span className="muted">{t('req.wholeLog')}</span>
            )}
            {pages.error ? (
              <span className="status-bad" role="alert">
                {pages.error}
              </span>
            ) : null}
          </div>
        </div>
        <div ref={detailRef}>
          <RequestDetail key={selected?.requestId ?? 'none'} request={selected} />
        </div>
      </div>
    </section>
  );
}
