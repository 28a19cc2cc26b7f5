import type { ClientName } from '../../../shared/snapshot';
import { runCommand } from '../lib/run-command';
import { useStore } from '../store';
import { clientNotice } from './client-notice';
import { ControlError } from './ControlError';
import { useT } from '../lib/i18n';

const CLIENTS: readonly ClientName[] = ['codex', 'claude'];

/**
 * Shown above every view: a client left pointing at a proxy that is not serving hangs on
 * "connection refused", so the way out must not hide in the Overview.
 */
export function ClientNotices() {
  const codex = useStore((s) => s.snapshot?.clients.codex.status);
  const claude = useStore((s) => s.snapshot?.clients.claude.status);
  const statuses: Record<ClientName, typeof codex> = { codex, claude };
  const t = useT();
  return (
    <>
      {CLIENTS.map((client) => {
        const status = statuses[client];
        const notice = status ? clientNotice(client, status, t) : null;
        if (!notice) return null;
        const errorKey = `client-notice:${client}`;
        return (
          <div
            key={client}
            role="status"
            className={`banner ${status === 'stale' ? 'banner-warn' : 'banner-quiet'} client-notice`}
          >
            <span>{notice.text}</span>
            {notice.restore ? (
              <button
                type="button"
                onClick={() => void runCommand(errorKey, 'switchClient', { client, on: false })}
              >
                {notice.restore}
              </button>
            ) : null}
            <ControlError errorKey={errorKey} />
          </div>
        );
      })}
    </>
  );
}
