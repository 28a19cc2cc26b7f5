import { useState } from 'react';
import type { UpstreamTestResult } from '../../../../shared/snapshot';
import { failureText } from '../../lib/failure-text';

/** A test outcome: a latency badge when it answered, a sentence with raw details when not. */
export function TestResult({ result }: { result: Omit<UpstreamTestResult, 'at'> }) {
  const [open, setOpen] = useState(false);
  const latency = result.latencyMs !== null ? `${Math.round(result.latencyMs)} ms` : null;
  if (result.ok) {
    return (
      <span className="badge badge-good" title={`Test: HTTP ${result.status ?? ''}`}>
        Test OK{latency ? ` · ${latency}` : ''}
      </span>
    );
  }
  const failure = failureText(result.status, result.error);
  return (
    <span className="test-bad">
      <span>Failed: {failure.sentence}</span>
      {failure.raw ? (
        <>
          {' '}
          <button
            type="button"
            className="link"
            aria-expanded={open}
            onClick={() => setOpen((o) => !o)}
          >
            Details
          </button>
          {open ? <pre className="raw">{failure.raw}</pre> : null}
        </>
      ) : null}
    </span>
  );
}
