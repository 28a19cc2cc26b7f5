import { useId, useState } from 'react';
import type { ServiceName } from '../../../../shared/config-types';
import type { StationSnapshot } from '../../../../shared/snapshot';
import { ControlError } from '../../components/ControlError';
import { ConfirmDialog, Dialog } from '../../components/Dialog';
import { runCommand } from '../../lib/run-command';
import { useStore } from '../../store';
import { lockedProps, selectConfigLocked } from '../../store/selectors';
import { useT } from '../../lib/i18n';
import { translator, type Translate } from '../../../../shared/i18n';

interface Props {
  service: ServiceName;
  stations: readonly StationSnapshot[];
  current: StationSnapshot | null;
}

type Open = 'add' | 'rename' | 'delete' | null;

export function checkStationName(
  name: string,
  taken: readonly string[],
  t: Translate = translator('en'),
): string | null {
  if (!name) return 'A station needs a name';
  // '/' and '#' take part in upstream ids and signatures, so a name with them would be ambiguous.
  if (/[/#]/.test(name)) return t('st.noSlash');
  if (taken.includes(name)) return t('st.taken', { name });
  return null;
}

function optionText(s: StationSnapshot, t: Translate): string {
  let text = s.name;
  if (s.alias) text += ` — ${s.alias}`;
  if (s.active) text += ` ${t('st.activeSuffix')}`;
  if (!s.enabled) text += ` ${t('st.disabledSuffix')}`;
  return text;
}

export function StationBar({ service, stations, current }: Props) {
  const selectId = useId();
  const [open, setOpen] = useState<Open>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const selectStation = useStore((s) => s.selectStation);
  const locked = useStore(selectConfigLocked);
  const t = useT();
  const errorKey = `${service}:station`;
  const names = stations.map((s) => s.name);

  function close() {
    setOpen(null);
    setDialogError(null);
  }

  async function inDialog(run: () => Promise<unknown>, after?: () => void) {
    const dialogKey = `${service}:station-dialog`;
    const ok = await run();
    if (ok === undefined) {
      setDialogError(useStore.getState().errors[dialogKey] ?? t('up.refused'));
      return;
    }
    after?.();
    close();
  }

  return (
    <div className="station-bar">
      <label htmlFor={selectId}>{t('st.station')}</label>
      <select
        id={selectId}
        aria-describedby={`${selectId}-hint`}
        value={current?.name ?? ''}
        disabled={stations.length === 0}
        onChange={(e) => selectStation(service, e.target.value)}
      >
        {stations.length === 0 ? <option value="">{t('st.noStations')}</option> : null}
        {stations.map((s) => (
          <option key={s.name} value={s.name}>
            {optionText(s, t)}
          </option>
        ))}
      </select>
      {current?.active ? <span className="pill pill-good">{t('st.active')}</span> : null}
      <button
        type="button"
        disabled={!current || current.active}
        {...lockedProps(locked)}
        onClick={() =>
          current &&
          void runCommand(errorKey, 'setActiveStation', { service, station: current.name })
        }
      >
        {t('st.makeActive')}
      </button>
      <span className="spacer" />
      <button type="button" {...lockedProps(locked)} onClick={() => setOpen('add')}>
        {t('st.add')}
      </button>
      <button
        type="button"
        disabled={!current}
        {...lockedProps(locked)}
        onClick={() => setOpen('rename')}
      >
        {t('st.rename')}
      </button>
      <button
        type="button"
        disabled={!current}
        {...lockedProps(locked)}
        onClick={() => setOpen('delete')}
      >
        {t('st.delete')}
      </button>
      <ControlError errorKey={errorKey} />
      <p id={`${selectId}-hint`} className="field-hint station-hint">
        {t('st.hint')}
      </p>

      {open === 'add' ? (
        <NameDialog
          title={t('st.add')}
          initial=""
          taken={names}
          error={dialogError}
          onCancel={close}
          onSubmit={(name) =>
            void inDialog(
              () =>
                runCommand(`${service}:station-dialog`, 'addStation', {
                  service,
                  station: { name },
                }),
              () => selectStation(service, name),
            )
          }
        />
      ) : null}
      {open === 'rename' && current ? (
        <NameDialog
          title={t('st.rename')}
          initial={current.name}
          taken={names.filter((n) => n !== current.name)}
          error={dialogError}
          onCancel={close}
          onSubmit={(newName) =>
            void inDialog(
              () =>
                runCommand(`${service}:station-dialog`, 'renameStation', {
                  service,
                  station: current.name,
                  newName,
                }),
              () => selectStation(service, newName),
            )
          }
        />
      ) : null}
      {open === 'delete' && current ? (
        <ConfirmDialog
          title={t('st.delete')}
          danger
          confirmLabel={t('up.delete')}
          error={dialogError}
          message={
            <p>{t('st.deleteAsk', { name: current.name, count: current.upstreams.length })}</p>
          }
          onCancel={close}
          onConfirm={() =>
            void inDialog(
              () =>
                runCommand(`${service}:station-dialog`, 'removeStation', {
                  service,
                  station: current.name,
                }),
              () => selectStation(service, null),
            )
          }
        />
      ) : null}
    </div>
  );
}

interface NameDialogProps {
  title: string;
  initial: string;
  taken: readonly string[];
  error: string | null;
  onSubmit(name: string): void;
  onCancel(): void;
}

function NameDialog({ title, initial, taken, error, onSubmit, onCancel }: NameDialogProps) {
  const id = useId();
  const [name, setName] = useState(initial);
  const [touched, setTouched] = useState(false);
  const t = useT();
  const problem = checkStationName(name.trim(), taken, t);
  const shown = touched ? problem : null;
  return (
    <Dialog title={title} onClose={onCancel}>
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTouched(true);
          if (!problem) onSubmit(name.trim());
        }}
      >
        <div className="field">
          <label htmlFor={id}>{t('st.name')}</label>
          <input
            id={id}
            className="mono"
            value={name}
            aria-invalid={shown ? true : undefined}
            aria-describedby={shown ? `${id}-error` : undefined}
            onChange={(e) => {
              setName(e.target.value);
              setTouched(true);
            }}
          />
          {shown ? (
            <span id={`${id}-error`} className="field-error">
              {shown}
            </span>
          ) : null}
        </div>
        {error ? (
          <p className="field-error" role="status">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" onClick={onCancel}>
            {t('app.cancel')}
          </button>
          <button type="submit" className="primary">
            {t('st.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
