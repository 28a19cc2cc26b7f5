import { memo } from 'react';
import type { RequestSummary } from '../../../../shared/snapshot';
import { duration, isErrorRequest, modelText, tokensText } from './format';
import { useLocale, useT } from '../../lib/i18n';
import { timeOfDay } from '../../lib/when';

interface RequestRowProps {
  r: RequestSummary;
  /** The upstream as the user named it, its host and id; null when no upstream answered. */
  upstreamName: string | null;
  upstreamHost: string | null;
  upstreamId: string | null;
  selected: boolean;
  onSelect(requestId: string): void;
}

/**
 * One row of the Requests table. A finished request never changes and snapshots keep its object
 * (store/share.ts), so with primitive props a new snapshot re-renders no existing row.
 */
export const RequestRow = memo(function RequestRow(props: RequestRowProps) {
  const { r, upstreamName, upstreamHost, upstreamId, selected, onSelect } = props;
  const t = useT();
  const time = timeOfDay(r.time, useLocale());
  return (
    <tr aria-selected={selected} onClick={() => onSelect(r.requestId)}>
      <td>
        <button
          type="button"
          className="row-select"
          aria-label={t('req.detailsOf', {
            time,
            method: r.method,
            path: r.path,
          })}
          onClick={() => onSelect(r.requestId)}
        >
          {time}
        </button>
      </td>
      <td className="mono clip" title={modelText(r)}>
        {modelText(r)}
      </td>
      <td
        className="clip"
        title={upstreamName ? `${upstreamName} (${upstreamHost}) · ${upstreamId}` : undefined}
      >
        {upstreamName ? (
          <>
            <div className="cell-name">{upstreamName}</div>
            {upstreamName !== upstreamHost ? (
              <div className="mono muted cell-host">{upstreamHost}</div>
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
      <td>{tokensText(r.usage, t)}</td>
    </tr>
  );
});
