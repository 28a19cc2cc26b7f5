import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RequestSummary } from '../../../../shared/snapshot';
import { useStore } from '../../store';
import {
  attemptText,
  clockTime,
  duration,
  isErrorRequest,
  modelText,
  requestReport,
  tokensText,
} from './format';
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
                    <td className="mono wrap">{modelText(r)}</td>
                    <td title={label ? `${label.name} (${label.host})` : undefined}>
                      {label ? (
                        <>
                          <div className="cell-name">{label.name}</div>
                          <div className="mono muted cell-host">{label.host}</div>
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
        <RequestDetail key={selected?.requestId ?? 'none'} request={selected} />
      </div>
    </section>
  );
}

function RequestDetail({ request }: { request: RequestSummary | null }) {
  const [copied, setCopied] = useState<string | null>(null);
  if (!request) {
    return (
      <aside className="card muted" aria-label="Request detail">
        Select a request to see its attempts.
      </aside>
    );
  }
  async function copy(r: RequestSummary) {
    try {
      await navigator.clipboard.writeText(requestReport(r));
      setCopied('Copied');
    } catch (err) {
      setCopied(`Could not copy: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return (
    <aside className="card" aria-label="Request detail">
      <p className="detail-title mono">
        {request.method} {request.path}
      </p>
      <p className="mono">
        {request.requestId} · {request.service} · station {request.station ?? '—'}
      </p>
      <p>
        Status <strong>{request.status}</strong> · {modelText(request)} · TTFB{' '}
        {duration(request.ttfbMs)} · {duration(request.durationMs)}
      </p>
      <h3>Attempts</h3>
      <ol className="mono">
        {request.attempts.map((a, i) => (
          <li key={i}>{attemptText(a)}</li>
        ))}
      </ol>
      {request.error ? <p className="status-bad">{request.error}</p> : null}
      <button type="button" onClick={() => void copy(request)}>
        Copy
      </button>{' '}
      {copied ? (
        <span className="muted" role="status">
          {copied}
        </span>
      ) : null}
    </aside>
  );
}
