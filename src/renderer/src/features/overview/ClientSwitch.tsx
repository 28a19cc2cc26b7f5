import { useState } from 'react';
import type { SwitchPreview } from '../../../../shared/contract';
import type { ClientName, ClientSnapshot } from '../../../../shared/snapshot';
import { ControlError } from '../../components/ControlError';
import { Dialog } from '../../components/Dialog';
import { runCommand } from '../../lib/run-command';
import { useT } from '../../lib/i18n';
import { useStore } from '../../store';

const NAMES: Record<ClientName, string> = { codex: 'Codex', claude: 'Claude Code' };

export function ClientSwitch({ client, snap }: { client: ClientName; snap: ClientSnapshot }) {
  const t = useT();
  const name = NAMES[client];
  const labels = {
    name,
    point: t('ov.client.point', { name }),
    restore: t('ov.client.restore', { name }),
  };
  const status: ClientSnapshot['status'] = snap.status;
  // Pointing a client at a proxy with nothing behind it makes every request fail (503).
  const noUpstream = useStore((s) => {
    const svc = s.snapshot?.services[client];
    const active = svc?.stations.find((st) => st.name === svc.active);
    return svc !== undefined && (active?.upstreams.length ?? 0) === 0;
  });
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
          {t(`ov.client.${status}`)}
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
        <Dialog
          title={t('ov.switchOnTitle', { name: labels.name })}
          onClose={() => setPreview(null)}
          wide
        >
          <p>{t('ov.switchChanges', { file: preview.file })}</p>
          {preview.diff ? (
            <pre className="diff">{preview.diff}</pre>
          ) : (
            <p className="muted">{t('ov.nothingChanges')}</p>
          )}
          {noUpstream ? <p className="warning">{t('ov.noUpstreamYet', { name })}</p> : null}
          {!preview.allowed ? (
            <p className="warning">{preview.reason ?? t('ov.notPossible')}</p>
          ) : null}
          <ControlError errorKey={`${errorKey}:dialog`} />
          <div className="dialog-actions">
            <button type="button" onClick={() => setPreview(null)}>
              {t('app.cancel')}
            </button>
            <button
              type="button"
              className="primary"
              disabled={!preview.allowed}
              onClick={() => void switchOn()}
            >
              {t('ov.switchOn')}
            </button>
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}
