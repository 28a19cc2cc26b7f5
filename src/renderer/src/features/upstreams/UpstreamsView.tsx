import { useState } from 'react';
import { SERVICES, type ServiceName } from '../../../../shared/config-types';
import type { UpstreamSnapshot } from '../../../../shared/snapshot';
import { ControlError } from '../../components/ControlError';
import { ConfirmDialog } from '../../components/Dialog';
import { errorMessage, runCommand } from '../../lib/run-command';
import { api } from '../../lib/api';
import { useStore } from '../../store';
import { resolveStation } from '../../store/selectors';
import { controlKey } from './control-key';
import { displayName } from './describe';
import { StationBar } from './StationBar';
import { UpstreamDialog } from './UpstreamDialog';
import { UpstreamRow } from './UpstreamRow';
import { draftToInput, draftToPatch, type UpstreamDraft } from './upstream-form';

const SERVICE_LABEL: Record<ServiceName, string> = { codex: 'Codex', claude: 'Claude' };

type Pending =
  | { kind: 'add' }
  | { kind: 'edit'; upstream: UpstreamSnapshot }
  | { kind: 'delete'; upstream: UpstreamSnapshot }
  | { kind: 'move'; upstream: UpstreamSnapshot; toIndex: number }
  | null;

export function UpstreamsView() {
  const service = useStore((s) => s.service);
  const setService = useStore((s) => s.setService);
  const setView = useStore((s) => s.setView);
  const serviceSnap = useStore((s) => s.snapshot?.services[s.service]);
  const selected = useStore((s) => s.selectedStation[s.service]);
  const pushNotice = useStore((s) => s.pushNotice);
  const station = resolveStation(serviceSnap, selected);
  const [pending, setPending] = useState<Pending>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);

  const close = () => {
    setPending(null);
    setDialogError(null);
  };

  async function move(u: UpstreamSnapshot, toIndex: number) {
    if (!station) return;
    const result = await runCommand(
      controlKey(service, station.name, u.id, 'move'),
      'moveUpstream',
      {
        service,
        station: station.name,
        id: u.id,
        toIndex,
      },
    );
    if (!result) return;
    if (u.tagged) pushNotice(`State moved with ${displayName(u)}`);
    else pushNotice(`Station "${station.name}" state was reset by the move`, 'warn');
  }

  function requestMove(u: UpstreamSnapshot, toIndex: number) {
    if (!station || toIndex < 0 || toIndex >= station.upstreams.length || toIndex === u.index)
      return;
    // Untagged upstreams are identified by position: moving one resets the station (§2.2).
    if (u.tagged) void move(u, toIndex);
    else setPending({ kind: 'move', upstream: u, toIndex });
  }

  async function save(draft: UpstreamDraft, original: UpstreamSnapshot | null) {
    if (!station) return 'No station selected';
    try {
      if (original) {
        const patch = draftToPatch(draft, original);
        if (Object.keys(patch).length > 0) {
          await api.invoke('updateUpstream', {
            service,
            station: station.name,
            id: original.id,
            patch,
          });
        }
      } else {
        await api.invoke('addUpstream', {
          service,
          station: station.name,
          upstream: draftToInput(draft),
        });
      }
      close();
      return null;
    } catch (err) {
      return errorMessage(err);
    }
  }

  async function remove(u: UpstreamSnapshot) {
    if (!station) return;
    const key = controlKey(service, station.name, u.id, 'delete');
    const ok = await runCommand(key, 'removeUpstream', {
      service,
      station: station.name,
      id: u.id,
    });
    if (ok) close();
    else setDialogError(useStore.getState().errors[key] ?? 'Refused');
  }

  return (
    <section className="view" aria-label="Upstreams view">
      <div role="tablist" aria-label="Service" className="tabs">
        {SERVICES.map((svc) => (
          <button
            key={svc}
            type="button"
            role="tab"
            aria-selected={svc === service}
            tabIndex={svc === service ? 0 : -1}
            className="tab"
            onClick={() => setService(svc)}
            onKeyDown={(e) => {
              if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
              const other = SERVICES.find((x) => x !== svc) ?? svc;
              setService(other);
              const tabs =
                e.currentTarget.parentElement?.querySelectorAll<HTMLElement>('[role=tab]');
              tabs?.[SERVICES.indexOf(other)]?.focus();
            }}
          >
            {SERVICE_LABEL[svc]}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={SERVICE_LABEL[service]} className="panel">
        <StationBar service={service} stations={serviceSnap?.stations ?? []} current={station} />
        {station && station.nextPick.index === null && station.upstreams.length > 0 ? (
          <p className="note warn">
            No upstream can take the next request: every one is disabled, exhausted or cooling.
          </p>
        ) : null}
        <ul className="upstreams" aria-label="Upstreams">
          {station?.upstreams.map((u) => (
            <UpstreamRow
              key={u.id}
              station={station}
              upstream={u}
              count={station.upstreams.length}
              onMove={requestMove}
              onEdit={(upstream) => setPending({ kind: 'edit', upstream })}
              onDelete={(upstream) => setPending({ kind: 'delete', upstream })}
            />
          ))}
        </ul>
        {station && station.upstreams.length === 0 ? (
          <p className="empty">
            No upstreams yet — <strong>Add upstream</strong> below, or{' '}
            <button type="button" className="link" onClick={() => setView('overview')}>
              Import from the Overview
            </button>
          </p>
        ) : null}
        {!station ? <p className="empty">No station yet. Add one to start.</p> : null}
        <div className="list-actions">
          <button
            type="button"
            className="primary"
            disabled={!station}
            onClick={() => setPending({ kind: 'add' })}
          >
            Add upstream
          </button>
          <ControlError errorKey={`${service}:add`} />
        </div>
      </div>

      {pending?.kind === 'add' || pending?.kind === 'edit' ? (
        <UpstreamDialog
          original={pending.kind === 'edit' ? pending.upstream : null}
          onSave={(d) => save(d, pending.kind === 'edit' ? pending.upstream : null)}
          onClose={close}
        />
      ) : null}
      {pending?.kind === 'delete' ? (
        <ConfirmDialog
          title="Delete upstream"
          danger
          confirmLabel="Delete"
          error={dialogError}
          message={
            <p>
              Delete <strong>{displayName(pending.upstream)}</strong>{' '}
              <span className="mono">({pending.upstream.host})</span> from station {station?.name}?
            </p>
          }
          onCancel={close}
          onConfirm={() => void remove(pending.upstream)}
        />
      ) : null}
      {pending?.kind === 'move' ? (
        <ConfirmDialog
          title="Move upstream"
          confirmLabel="Move anyway"
          message={
            <p>
              {displayName(pending.upstream)} has no provider_id/endpoint_id tags, so its state is
              tied to its position: moving it resets the whole station&apos;s state (failure counts,
              cooldowns, exhaustion, last good). Add tags in Edit to keep state with it.
            </p>
          }
          onCancel={close}
          onConfirm={() => {
            const { upstream, toIndex } = pending;
            close();
            void move(upstream, toIndex);
          }}
        />
      ) : null}
    </section>
  );
}
