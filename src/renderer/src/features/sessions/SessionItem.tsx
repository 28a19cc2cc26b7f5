// One conversation in the Sessions view (docs/behaviour.md §10): what it is, what served it, its
// bound and pinned upstream, and its actions: Copy resume command, Pin to…, Unpin.
import { memo, useState } from 'react';
import type { SessionSummary } from '../../../../shared/contract';
import { ControlError } from '../../components/ControlError';
import { compactNumber } from '../requests/format';
import { formatUsd } from '../../lib/money';
import { runCommand } from '../../lib/run-command';
import type { Services } from '../../lib/upstream-names';
import { dateTime, pinChoices, servedText, turnsText, upstreamText } from './session-text';

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
        <strong className="session-title">{s.firstMessage ?? '(no message yet)'}</strong>
        <span className="muted">{dateTime(s.startedAt ?? s.updatedAt)}</span>
      </div>
      <div className="session-meta muted">
        <span>{s.cwd ?? 'unknown folder'}</span>
        <span>{s.model ?? 'unknown model'}</span>
        <span>{turnsText(s)}</span>
        <span>Last active {dateTime(s.updatedAt)}</span>
        <span title={s.file}>ID {s.id}</span>
      </div>
      <div className="session-meta">
        <span>Served by: {servedText(services, s)}</span>
        {s.requests > 0 ? (
          <span>
            {compactNumber(s.tokens)} tokens
            {s.costUsd !== null ? ` · ${formatUsd(s.costUsd)}` : ''}
          </span>
        ) : null}
      </div>
      <div className="session-meta">
        {s.pinned ? (
          <span className="pill pill-next">
            Pinned to {upstreamText(services, s.service, s.pinned)}
          </span>
        ) : null}
        {s.bound ? (
          <span>Bound to {upstreamText(services, s.service, s.bound)}</span>
        ) : (
          <span className="muted">Not bound to an upstream</span>
        )}
        {s.boundNotFirst ? <span className="pill pill-warn">Not on the first upstream</span> : null}
      </div>
      <div className="session-actions">
        <button
          type="button"
          onClick={() => {
            void copyText(s.resumeCommand).then((ok) => setCopied(ok ? 'yes' : 'failed'));
          }}
        >
          Copy resume command
        </button>
        {picking ? (
          <>
            <label>
              Upstream{' '}
              <select value={selected?.value ?? ''} onChange={(e) => setChoice(e.target.value)}>
                {choices.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={() => void pin()} disabled={!selected}>
              Pin
            </button>
            <button type="button" onClick={() => setPicking(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setPicking(true)} disabled={choices.length === 0}>
            Pin to…
          </button>
        )}
        {s.pinned ? (
          <button type="button" onClick={() => void unpin()}>
            Unpin
          </button>
        ) : null}
        <span role="status" className="muted">
          {copied === 'yes'
            ? `Copied: ${s.resumeCommand}`
            : copied === 'failed'
              ? `Could not copy; the command is: ${s.resumeCommand}`
              : ''}
        </span>
        <ControlError errorKey={errorKey} />
      </div>
    </li>
  );
}

export const SessionItem = memo(SessionItemImpl);
