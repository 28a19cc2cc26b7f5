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
import { useT } from '../../lib/i18n';

/** One request's attempts and outcome; ids only in tooltips and in the copied report. */
export function RequestDetail({ request }: { request: RequestSummary | null }) {
  const services = useStore((s) => s.snapshot?.services);
  const [copied, setCopied] = useState<string | null>(null);
  const t = useT();
  if (!request) {
    return (
      <aside className="card muted" aria-label={t('req.detail')}>
        {t('req.selectOne')}
      </aside>
    );
  }
  async function copy(r: RequestSummary) {
    try {
      await navigator.clipboard.writeText(requestReport(r));
      setCopied(t('req.copied'));
    } catch (err) {
      setCopied(t('req.copyFailed', { error: err instanceof Error ? err.message : String(err) }));
    }
  }
  const failure = request.error ? failureText(request.status, request.error, t) : null;
  return (
    <aside className="card detail" aria-label={t('req.detail')}>
      <p className="detail-title mono">
        {request.method} {request.path}
      </p>
      <p className="muted" title={request.requestId}>
        {t('req.station', {
          service: request.service === 'codex' ? 'Codex' : 'Claude',
          station: request.station ?? '—',
        })}
      </p>
      <p>
        {t('req.summary', {
          status: request.status,
          model: modelText(request),
          ttfb: duration(request.ttfbMs),
          duration: duration(request.durationMs),
        })}
      </p>
      {request.usage ? <p>{costText(request, t)}</p> : null}
      {request.sessionId ? (
        <p>
          {t('req.session')} <span className="mono">{request.sessionId}</span>
          {affinityText(request, t) ? ` · ${affinityText(request, t)}` : ''}
        </p>
      ) : null}
      {failure ? (
        <div className="request-error">
          <p className="status-bad">{failure.sentence}</p>
          {failure.raw ? (
            <details>
              <summary>{t('req.rawError')}</summary>
              <pre className="raw">{failure.raw}</pre>
            </details>
          ) : null}
        </div>
      ) : null}
      <h3>{t('req.attempts')}</h3>
      {request.attempts.length === 0 ? <p className="muted">{t('req.noAttempts')}</p> : null}
      <ol className="attempts">
        {request.attempts.map((a, i) => (
          <li key={i} title={`${a.upstream} (${a.host})`}>
            <strong>{nameForId(services, a.upstream, request, a.host)}</strong>{' '}
            <span>{attemptOutcome(a, t)}</span>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => void copy(request)}>
        {t('req.copy')}
      </button>{' '}
      {copied ? (
        <span className="muted" role="status">
          {copied}
        </span>
      ) : null}
    </aside>
  );
}
