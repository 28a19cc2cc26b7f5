import { useId, useState } from 'react';
import type { ServiceName } from '../../../../shared/config-types';
import type { StationSnapshot } from '../../../../shared/snapshot';
import { ControlError } from '../../components/ControlError';
import { ConfirmDialog, Dialog } from '../../components/Dialog';
import { runCommand } from '../../lib/run-command';
import { useStore } from '../../store';
import { lockedProps, selectConfigLocked } from '../../store/selectors';

interface Props {
  service: ServiceName;
  stations: readonly StationSnapshot[];
  current: StationSnapshot | null;
}

type Open = 'add' | 'rename' | 'delete' | null;

export function checkStationName(name: string, taken: readonly string[]): string | null {
  if (!name) return 'A station needs a name';
  // '/' and '#' take part in upstream ids and signatures, so a name with them would be ambiguous.
  if (/[/#]/.test(name)) return 'A station name cannot contain "/" or "#"';
  if (taken.includes(name)) return `There is already a station named "${name}"`;
  return null;
}

function optionText(s: StationSnapshot): string {
  let text = s.name;
  if (s.alias) text += ` — ${s.alias}`;
  if (s.active) text += ' (active)';
  if (!s.enabled) text += ' (disabled)';
  return text;
}

export function StationBar({ service, stations, current }: Props) {
  const selectId = useId();
  const [open, setOpen] = useState<Open>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const selectStation = useStore((s) => s.selectStation);
  const locked = useStore(selectConfigLocked);
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
      setDialogError(useStore.getState().errors[dialogKey] ?? 'Refused');
      return;
    }
    after?.();
    close();
  }

  return (
    <div className="station-bar">
      <label htmlFor={selectId}>Station</label>
      <select
        id={selectId}
        aria-describedby={`${selectId}-hint`}
        value={current?.name ?? ''}
        disabled={stations.length === 0}
        onChange={(e) => selectStation(service, e.target.value)}
      >
        {stations.length === 0 ? <option value="">No stations</option> : null}
        {stations.map((s) => (
          <option key={s.name} value={s.name}>
            {optionText(s)}
          </option>
        ))}
      </select>
      {current?.active ? <span className="pill pill-good">Active</span> : null}
      <button
        type="button"
        disabled={!current || current.active}
        {...lockedProps(locked)}
        onClick={() =>
          current &&
          void runCommand(errorKey, 'setActiveStation', { service, station: current.name })
        }
      >
        Make active
      </button>
      <span className="spacer" />
      <button type="button" {...lockedProps(locked)} onClick={() => setOpen('add')}>
        Add station
      </button>
      <button
        type="button"
        disabled={!current}
        {...lockedProps(locked)}
        onClick={() => setOpen('rename')}
      >
        Rename station
      </button>
      <button
        type="button"
        disabled={!current}
        {...lockedProps(locked)}
        onClick={() => setOpen('delete')}
      >
        Delete station
      </button>
      <ControlError errorKey={errorKey} />
      <p id={`${selectId}-hint`} className="field-hint station-hint">
        A station is a named list of upstreams, tried from the top. The active station serves the
        requests; the others wait as alternatives.
      </p>

      {open === 'add' ? (
        <NameDialog
          title="Add station"
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
          title="Rename station"
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
          title="Delete station"
          danger
          confirmLabel="Delete"
          error={dialogError}
          message={
            <p>
              Delete station <strong>{current.name}</strong> and its {current.upstreams.length}{' '}
              upstream(s) from config.toml? A backup of the file is kept as config.toml.bak.
            </p>
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
  const problem = checkStationName(name.trim(), taken);
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
          <label htmlFor={id}>Station name</label>
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
            Cancel
          </button>
          <button type="submit" className="primary">
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
