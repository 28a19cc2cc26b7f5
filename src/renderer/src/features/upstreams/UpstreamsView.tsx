import { useState } from 'react';
import type { UpstreamSnapshot } from '../../../../shared/snapshot';
import { ControlError } from '../../components/ControlError';
import { ConfirmDialog } from '../../components/Dialog';
import { SERVICE_LABEL, ServiceTabs } from '../../components/ServiceTabs';
import { errorMessage, runCommand } from '../../lib/run-command';
import { api } from '../../lib/api';
import { useStore } from '../../store';
import { lockedProps, resolveStation, selectConfigLocked } from '../../store/selectors';
import { controlKey } from './control-key';
import { displayName } from './describe';
import { ConnectNudge, FirstRunOffer } from './FirstRun';
import { shiftedUntagged } from './identity';
import { ListToolbar } from './ListToolbar';
import { MoveWarning } from './MoveWarning';
import { StationBar } from './StationBar';
import { UpstreamDialog } from './UpstreamDialog';
import { MemoUpstreamRow, useStableCallback } from './row-memo';
import { draftToInput, draftToPatch, type UpstreamDraft } from './upstream-form';
import { useT } from '../../lib/i18n';

type Pending =
  | { kind: 'add' }
  | { kind: 'edit'; upstream: UpstreamSnapshot }
  | { kind: 'delete'; upstream: UpstreamSnapshot }
  | { kind: 'move'; upstream: UpstreamSnapshot; toIndex: number; shifted: UpstreamSnapshot[] }
  | { kind: 'tags' }
  | null;

export function UpstreamsView() {
  const service = useStore((s) => s.service);
  const setService = useStore((s) => s.setService);
  const locked = useStore(selectConfigLocked);
  const serviceSnap = useStore((s) => s.snapshot?.services[s.service]);
  const selected = useStore((s) => s.selectedStation[s.service]);
  const pushNotice = useStore((s) => s.pushNotice);
  const t = useT();
  const station = resolveStation(serviceSnap, selected);
  const [pending, setPending] = useState<Pending>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);

  const close = () => {
    setPending(null);
    setDialogError(null);
  };

  async function addTags(): Promise<boolean> {
    if (!station) return false;
    const r = await runCommand(`${service}:tags`, 'addIdentityTags', {
      service,
      station: station.name,
    });
    if (!r) setDialogError(useStore.getState().errors[`${service}:tags`] ?? 'Refused');
    return r !== undefined;
  }

  async function move(u: UpstreamSnapshot, toIndex: number, resets: boolean) {
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
    if (!resets) pushNotice(t('up.stateMoved', { name: displayName(u) }));
    else pushNotice(t('up.movedReset'), 'warn');
  }

  function requestMove(u: UpstreamSnapshot, toIndex: number) {
    if (!station || toIndex < 0 || toIndex >= station.upstreams.length || toIndex === u.index)
      return;
    // Untagged upstreams are identified by position: shifting one resets its state (§2.2).
    const shifted = shiftedUntagged(station.upstreams, u, toIndex);
    if (shifted.length === 0) void move(u, toIndex, false);
    else setPending({ kind: 'move', upstream: u, toIndex, shifted });
  }

  // Stable identities, so a memoised row is not re-rendered for a new closure.
  const onMove = useStableCallback(requestMove);
  const onEdit = useStableCallback((upstream: UpstreamSnapshot) =>
    setPending({ kind: 'edit', upstream }),
  );
  const onDelete = useStableCallback((upstream: UpstreamSnapshot) =>
    setPending({ kind: 'delete', upstream }),
  );

  async function save(draft: UpstreamDraft, original: UpstreamSnapshot | null) {
    if (!station) return t('up.noStationSelected');
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
    else setDialogError(useStore.getState().errors[key] ?? t('up.refused'));
  }

  return (
    <section className="view" aria-label={t('up.view')}>
      <ServiceTabs label={t('up.service')} service={service} onChange={setService} />
      <div role="tabpanel" aria-label={SERVICE_LABEL[service]} className="panel">
        <StationBar service={service} stations={serviceSnap?.stations ?? []} current={station} />
        {station ? (
          <ListToolbar
            service={service}
            station={station}
            onAddTags={() => setPending({ kind: 'tags' })}
          />
        ) : null}
        <ul className="upstreams" aria-label={t('up.list')}>
          {station?.upstreams.map((u) => (
            <MemoUpstreamRow
              key={u.id}
              station={station}
              upstream={u}
              count={station.upstreams.length}
              onMove={onMove}
              onEdit={onEdit}
              onDelete={onDelete}
            />
          ))}
        </ul>
        {station && station.upstreams.length === 0 ? (
          <FirstRunOffer service={service} station={station.name} />
        ) : null}
        {!station ? <p className="empty">{t('up.noStationYet')}</p> : null}
        <div className="list-actions">
          <button
            type="button"
            className="primary"
            disabled={!station}
            {...lockedProps(locked)}
            onClick={() => setPending({ kind: 'add' })}
          >
            {t('up.add')}
          </button>
          <ControlError errorKey={`${service}:add`} />
        </div>
        {service === 'codex' && station && station.upstreams.length > 0 ? <ConnectNudge /> : null}
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
          title={t('up.deleteTitle')}
          danger
          confirmLabel={t('up.delete')}
          error={dialogError}
          message={
            <p>
              {t('up.deleteAsk', {
                name: displayName(pending.upstream),
                host: pending.upstream.host,
                station: station?.name ?? '',
              })}
            </p>
          }
          onCancel={close}
          onConfirm={() => void remove(pending.upstream)}
        />
      ) : null}
      {pending?.kind === 'move' ? (
        <MoveWarning
          moving={pending.upstream}
          shifted={pending.shifted}
          error={dialogError}
          onCancel={close}
          onMoveAnyway={() => {
            const { upstream, toIndex } = pending;
            close();
            void move(upstream, toIndex, true);
          }}
          onTagAndMove={async () => {
            const { upstream, toIndex } = pending;
            if (!(await addTags())) return;
            close();
            // Tagging changed the moving upstream's id: find it again by position.
            const fresh = useStore
              .getState()
              .snapshot?.services[service].stations.find((s) => s.name === station?.name)
              ?.upstreams[upstream.index];
            if (fresh) void move(fresh, toIndex, false);
          }}
        />
      ) : null}
      {pending?.kind === 'tags' && station ? (
        <ConfirmDialog
          title={t('up.addTags')}
          confirmLabel={t('up.addTags')}
          error={dialogError}
          message={<p>{t('up.addTagsExplain')}</p>}
          onCancel={close}
          onConfirm={() => void addTags().then((ok) => ok && close())}
        />
      ) : null}
    </section>
  );
}
