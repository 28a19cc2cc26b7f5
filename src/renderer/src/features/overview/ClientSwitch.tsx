import { useState } from 'react';
import type { SwitchPreview } from '../../../../shared/contract';
import type { ClientName, ClientSnapshot } from '../../../../shared/snapshot';
import { ControlError } from '../../components/ControlError';
import { Dialog } from '../../components/Dialog';
import { runCommand } from '../../lib/run-command';

const LABELS: Record<ClientName, { name: string; point: string; restore: string }> = {
  codex: { name: 'Codex', point: 'Point Codex here', restore: 'Restore Codex' },
  claude: { name: 'Claude Code', point: 'Point Claude Code here', restore: 'Restore Claude Code' },
};

const STATUS_TEXT: Record<ClientSnapshot['status'], string> = {
  off: 'Not pointed here',
  on: 'Pointed here',
  stale: 'Pointed here, but the proxy is not serving: restore it',
  foreign: 'Points at this port without a switch record: left alone',
};

export function ClientSwitch({ client, snap }: { client: ClientName; snap: ClientSnapshot }) {
  const labels = LABELS[client];
  const [preview, setPreview] = useState<SwitchPreview | null>(null);
  const errorKey = `client:${client}`;
  const pointed = snap.status === 'on' || snap.status === 'stale';

  async function openPreview() {
    const result = await runCommand(errorKey, 'previewSwitch', { client });
    if (result) setPreview(result);
  }

  async function switchOn() {
    const ok = await runCommand(`${errorKey}:dialog`, 'switchClient', { client, on: true });
    if (ok) setPreview(null);
  }

  return (
    <div className="client">
      <div>
        <strong>{labels.name}</strong>{' '}
        <span
          className={`pill ${snap.status === 'on' ? 'pill-good' : snap.status === 'off' ? '' : 'pill-warn'}`}
        >
          {STATUS_TEXT[snap.status]}
        </span>
      </div>
      <div className="mono muted">{snap.file}</div>
      {snap.error ? <div className="status-bad">{snap.error}</div> : null}
      <div className="client-actions">
        {pointed ? (
          <button
            type="button"
            onClick={() => void runCommand(errorKey, 'switchClient', { client, on: false })}
          >
            {labels.restore}
          </button>
        ) : (
          <button
            type="button"
            disabled={snap.status === 'foreign'}
            onClick={() => void openPreview()}
          >
            {labels.point}
          </button>
        )}
        <ControlError errorKey={errorKey} />
      </div>
      {preview ? (
        <Dialog title={`Switch ${labels.name} on`} onClose={() => setPreview(null)} wide>
          <p>
            These changes will be made to <span className="mono">{preview.file}</span>; switching
            off puts the original back.
          </p>
          {preview.diff ? (
            <pre className="diff">{preview.diff}</pre>
          ) : (
            <p className="muted">Nothing would change.</p>
          )}
          {!preview.allowed ? (
            <p className="warning">{preview.reason ?? 'Not possible now.'}</p>
          ) : null}
          <ControlError errorKey={`${errorKey}:dialog`} />
          <div className="dialog-actions">
            <button type="button" onClick={() => setPreview(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="primary"
              disabled={!preview.allowed}
              onClick={() => void switchOn()}
            >
              Switch on
            </button>
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}
