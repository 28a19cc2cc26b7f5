import { useState } from 'react';
import type { RequestSummary } from '../../../../shared/snapshot';
import { failureText } from '../../lib/failure-text';
import { nameForId } from '../../lib/upstream-names';
import { useStore } from '../../store';
import {
  affinityText,
  attemptOutcome,
  costText,
  duration,
  modelText,
  requestReport,
} from './format';

/** One request's attempts and outcome; ids only in tooltips and in the copied report. */
export function RequestDetail({ request }: { request: RequestSummary | null }) {
  const services = useStore((s) => s.snapshot?.services);
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
  const failure = request.error ? failureText(request.status, request.error) : null;
  return (
    <aside className="card detail" aria-label="Request detail">
      <p className="detail-title mono">
        {request.method} {request.path}
      </p>
      <p className="muted" title={request.requestId}>
        {request.service === 'codex' ? 'Codex' : 'Claude'} · station {request.station ?? '—'}
      </p>
      <p>
        Status <strong>{request.status}</strong> · {modelText(request)} · TTFB{' '}
        {duration(request.ttfbMs)} · {duration(request.durationMs)}
      </p>
      {request.usage ? <p>{costText(request)}</p> : null}
      {request.sessionId ? (
        <p>
          Session <span className="mono">{request.sessionId}</span>
          {affinityText(request) ? ` · ${affinityText(request)}` : ''}
        </p>
      ) : null}
      {failure ? (
        <div className="request-error">
          <p className="status-bad">{failure.sentence}</p>
          {failure.raw ? (
            <details>
              <summary>Raw error</summary>
              <pre className="raw">{failure.raw}</pre>
            </details>
          ) : null}
        </div>
      ) : null}
      <h3>Attempts</h3>
      <ol className="attempts">
        {request.attempts.map((a, i) => (
          <li key={i} title={`${a.upstream} (${a.host})`}>
            <strong>{nameForId(services, a.upstream, request, a.host)}</strong>{' '}
            <span>{attemptOutcome(a)}</span>
          </li>
        ))}
      </ol>
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
