// One conversation in the Sessions view (docs/behaviour.md §10): what it is, what served it, its
// bound and pinned upstream, and its actions: Copy resume command, Pin to…, Unpin.
import { memo, useState } from 'react';
import type { SessionSummary } from '../../../../shared/contract';
import { ControlError } from '../../components/ControlError';
import { compactNumber } from '../requests/format';
import { formatUsd } from '../../lib/money';
import { runCommand } from '../../lib/run-command';
import type { Services } from '../../lib/upstream-names';
import { pinChoices, servedText, turnsText, upstreamText } from './session-text';
import { useLocale, useT } from '../../lib/i18n';
import { dateAndTime } from '../../lib/when';

interface Props {
  session: SessionSummary;
  services: Services;
  onChanged(): void;
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

function SessionItemImpl({ session: s, services, onChanged }: Props) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const [picking, setPicking] = useState(false);
  const t = useT();
  const locale = useLocale();
  const choices = pinChoices(services, s.service);
  const [choice, setChoice] = useState('');
  const errorKey = `session:${s.id}`;
  const selected = choices.find((c) => c.value === choice) ?? choices[0];

  async function pin() {
    if (!selected) return;
    const done = await runCommand(errorKey, 'pinSession', {
      service: s.service,
      station: selected.station,
      id: selected.id,
      sessionId: s.id,
    });
    if (done) {
      setPicking(false);
      onChanged();
    }
  }

  async function unpin() {
    const done = await runCommand(errorKey, 'unpinSession', {
      service: s.service,
      sessionId: s.id,
    });
    if (done) onChanged();
  }

  return (
    <li className="session">
      <div className="session-head">
        <strong className="session-title">{s.firstMessage ?? t('ses.noMessage')}</strong>
        <span className="muted">{dateAndTime(s.startedAt ?? s.updatedAt, locale)}</span>
      </div>
      <div className="session-meta muted">
        <span>{s.cwd ?? t('ses.unknownFolder')}</span>
        <span>{s.model ?? t('ses.unknownModel')}</span>
        <span>{turnsText(s, t)}</span>
        <span>{t('ses.lastActive', { time: dateAndTime(s.updatedAt, locale) })}</span>
        <span title={s.file}>{t('ses.id', { id: s.id })}</span>
      </div>
      <div className="session-meta">
        <span>{t('ses.servedBy', { who: servedText(services, s, t) })}</span>
        {s.requests > 0 ? (
          <span>
            {t('ses.tokens', { count: compactNumber(s.tokens) })}
            {s.costUsd !== null ? ` · ${formatUsd(s.costUsd)}` : ''}
          </span>
        ) : null}
      </div>
      <div className="session-meta">
        {s.pinned ? (
          <span className="pill pill-next">
            {t('ses.pinnedTo', { name: upstreamText(services, s.service, s.pinned, t) })}
          </span>
        ) : null}
        {s.bound ? (
          <span>{t('ses.boundTo', { name: upstreamText(services, s.service, s.bound, t) })}</span>
        ) : (
          <span className="muted">{t('ses.notBound')}</span>
        )}
        {s.boundNotFirst ? <span className="pill pill-warn">{t('ses.notFirst')}</span> : null}
      </div>
      <div className="session-actions">
        <button
          type="button"
          onClick={() => {
            void copyText(s.resumeCommand).then((ok) => setCopied(ok ? 'yes' : 'failed'));
          }}
        >
          {t('ses.copyResume')}
        </button>
        {picking ? (
          <>
            <label>
              {t('ses.upstream')}{' '}
              <select value={selected?.value ?? ''} onChange={(e) => setChoice(e.target.value)}>
                {choices.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={() => void pin()} disabled={!selected}>
              {t('ses.pin')}
            </button>
            <button type="button" onClick={() => setPicking(false)}>
              {t('app.cancel')}
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setPicking(true)} disabled={choices.length === 0}>
            {t('ses.pinTo')}
          </button>
        )}
        {s.pinned ? (
          <button type="button" onClick={() => void unpin()}>
            {t('ses.unpin')}
          </button>
        ) : null}
        <span role="status" className="muted">
          {copied === 'yes'
            ? t('ses.copied', { command: s.resumeCommand })
            : copied === 'failed'
              ? t('ses.copyFailed', { command: s.resumeCommand })
              : ''}
        </span>
        <ControlError errorKey={errorKey} />
      </div>
    </li>
  );
}

export const SessionItem = memo(SessionItemImpl);
