import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RequestSummary } from '../../../../shared/snapshot';
import { useStore } from '../../store';
import { clockTime, duration, isErrorRequest, modelText, tokensText } from './format';
import { RequestDetail } from './RequestDetail';
import { newestFirst, upstreamLabel } from './rows';

const EMPTY: readonly RequestSummary[] = [];

export function RequestsView() {
  const [errorsOnly, setErrorsOnly] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // useShallow keeps the derived array stable while its items are unchanged.
  const requests = useStore(
    useShallow((s) => {
      const all = s.snapshot?.recentRequests ?? EMPTY;
      return newestFirst(errorsOnly ? all.filter(isErrorRequest) : all);
    }),
  );
  const services = useStore((s) => s.snapshot?.services);
  const selected = requests.find((r) => r.requestId === selectedId) ?? null;
  const detailRef = useRef<HTMLDivElement>(null);
  // In a narrow window the detail sits below the table: bring it into view when a row is picked.
  useEffect(() => {
    if (selectedId) detailRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selectedId]);

  return (
    <section className="view" aria-label="Requests view">
      <div className="toolbar">
        <h2>Recent requests</h2>
        <label>
          <input
            type="checkbox"
            checked={errorsOnly}
            onChange={(e) => setErrorsOnly(e.target.checked)}
          />{' '}
          Errors only
        </label>
        <span className="muted">{requests.length} shown</span>
      </div>
      <div className="split">
        <div className="card table-wrap">
          <table aria-label="Requests" className="requests-table">
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
                <th>Time</th>
                <th>Model</th>
                <th>Upstream</th>
                <th>Status</th>
                <th title="Attempts">Tries</th>
                <th>TTFB</th>
                <th>Duration</th>
                <th>Tokens</th>
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => {
                const label = upstreamLabel(services, r);
                return (
                  <tr
                    key={r.requestId}
                    aria-selected={r.requestId === selectedId}
                    onClick={() => setSelectedId(r.requestId)}
                  >
                    <td>
                      <button
                        type="button"
                        className="row-select"
                        aria-label={`Details of ${clockTime(r.time)} ${r.method} ${r.path}`}
                        onClick={() => setSelectedId(r.requestId)}
                      >
                        {clockTime(r.time)}
                      </button>
                    </td>
                    <td className="mono clip" title={modelText(r)}>
                      {modelText(r)}
                    </td>
                    <td
                      className="clip"
                      title={label ? `${label.name} (${label.host}) · ${label.id}` : undefined}
                    >
                      {label ? (
                        <>
                          <div className="cell-name">{label.name}</div>
                          {label.name !== label.host ? (
                            <div className="mono muted cell-host">{label.host}</div>
                          ) : null}
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td className={isErrorRequest(r) ? 'status-bad' : 'status-good'}>{r.status}</td>
                    <td>{r.attempts.length}</td>
                    <td>{duration(r.ttfbMs)}</td>
                    <td>{duration(r.durationMs)}</td>
                    <td>{tokensText(r.usage)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {requests.length === 0 ? (
            <p className="empty">{errorsOnly ? 'No failed requests.' : 'No requests yet.'}</p>
          ) : null}
        </div>
        <div ref={detailRef}>
          <RequestDetail key={selected?.requestId ?? 'none'} request={selected} />
        </div>
      </div>
    </section>
  );
}
