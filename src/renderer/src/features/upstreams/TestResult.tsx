import { useState } from 'react';
import type { UpstreamTestResult } from '../../../../shared/snapshot';
import { failureText } from '../../lib/failure-text';
import { useT } from '../../lib/i18n';

/** A test outcome: a latency badge when it answered, a sentence with raw details when not. */
export function TestResult({ result }: { result: Omit<UpstreamTestResult, 'at'> }) {
  const [open, setOpen] = useState(false);
  const t = useT();
  const latency = result.latencyMs !== null ? `${Math.round(result.latencyMs)} ms` : null;
  if (result.ok) {
    return (
      <span className="badge badge-good" title={t('up.testHttp', { status: result.status ?? '' })}>
        {t('up.testOk')}
        {latency ? ` · ${latency}` : ''}
      </span>
    );
  }
  const failure = failureText(result.status, result.error, t);
  return (
    <span className="test-bad">
      <span>{t('up.failed', { sentence: failure.sentence })}</span>
      {failure.raw ? (
        <>
          {' '}
          <button
            type="button"
            className="link"
            aria-expanded={open}
            onClick={() => setOpen((o) => !o)}
          >
            {t('up.details')}
          </button>
          {open ? <pre className="raw">{failure.raw}</pre> : null}
        </>
      ) : null}
    </span>
  );
}
