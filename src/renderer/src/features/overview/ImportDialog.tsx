import { useId, useState } from 'react';
import type { ServiceName } from '../../../../shared/config-types';
import type {
  ImportCandidate,
  ImportPreview,
  ImportResult,
  ImportSource,
} from '../../../../shared/contract';
import { ControlError } from '../../components/ControlError';
import { Dialog } from '../../components/Dialog';
import { runCommand } from '../../lib/run-command';
import { nameForId } from '../../lib/upstream-names';
import { useStore } from '../../store';
import { useT } from '../../lib/i18n';
import type { MessageId } from '../../../../shared/i18n';

const SOURCES: { id: ImportSource; label: MessageId }[] = [
  { id: 'codex', label: 'imp.source.codex' },
  { id: 'codex-helper', label: 'imp.source.codex-helper' },
];

function candidateName(c: ImportCandidate): string {
  if (c.upstream.alias?.trim()) return c.upstream.alias;
  try {
    return new URL(c.upstream.baseUrl).host;
  } catch {
    return c.upstream.baseUrl;
  }
}

function candidateNames(p: ImportPreview): Record<string, string> {
  return Object.fromEntries(p.candidates.map((c) => [c.id, candidateName(c)]));
}

/** Preview first, then merge the checked candidates; duplicates start unchecked. */
export function ImportDialog({ service, onClose }: { service: ServiceName; onClose(): void }) {
  const idBase = useId();
  const t = useT();
  const services = useStore((s) => s.snapshot?.services);
  const stations = services?.[service].stations;
  const active = useStore((s) => s.snapshot?.services[service].active ?? null);
  const [source, setSource] = useState<ImportSource>('codex');
  const [station, setStation] = useState<string>(active ?? stations?.[0]?.name ?? '');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [result, setResult] = useState<ImportResult | null>(null);
  // The names of what was offered, so the result reads in names rather than ids.
  const [names, setNames] = useState<Record<string, string>>({});
  const errorKey = 'import';

  async function loadPreview() {
    setResult(null);
    const p = await runCommand(errorKey, 'importPreview', { source, service, station });
    if (!p) return;
    setPreview(p);
    setChecked(new Set(p.candidates.filter((c) => c.duplicateOf === null).map((c) => c.id)));
  }

  async function apply() {
    const r = await runCommand(errorKey, 'importApply', {
      source,
      service,
      station,
      ids: [...checked],
    });
    if (r) {
      if (preview) setNames(candidateNames(preview));
      setResult(r);
      setPreview(null);
    }
  }

  function toggle(id: string, on: boolean) {
    setChecked((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  return (
    <Dialog title={t('ov.import')} onClose={onClose} wide>
      <div className="form">
        <div className="field">
          <label htmlFor={`${idBase}-source`}>{t('imp.from')}</label>
          <select
            id={`${idBase}-source`}
            value={source}
            onChange={(e) => {
              setSource(e.target.value as ImportSource);
              setPreview(null);
            }}
          >
            {SOURCES.map((s) => (
              <option key={s.id} value={s.id}>
                {t(s.label)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${idBase}-station`}>{t('imp.into')}</label>
          <select
            id={`${idBase}-station`}
            value={station}
            onChange={(e) => {
              setStation(e.target.value);
              setPreview(null);
            }}
          >
            {(stations ?? []).map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <button type="button" disabled={!station} onClick={() => void loadPreview()}>
          {t('imp.preview')}
        </button>
      </div>
      <ControlError errorKey={errorKey} />
      {preview ? (
        <fieldset className="candidates">
          <legend className="mono">{preview.file}</legend>
          {preview.candidates.length === 0 ? <p className="muted">{t('imp.nothing')}</p> : null}
          {preview.candidates.map((c) => (
            <label key={c.id} className="candidate">
              <input
                type="checkbox"
                checked={checked.has(c.id)}
                onChange={(e) => toggle(c.id, e.target.checked)}
              />
              <span>
                <strong title={c.id}>{candidateName(c)}</strong>{' '}
                <span className="mono">{c.upstream.baseUrl}</span>
                <span className="muted mono"> {c.origin}</span>
                {c.upstream.authTokenEnv ? (
                  <span className="muted mono"> env:{c.upstream.authTokenEnv}</span>
                ) : null}
                {c.duplicateOf ? (
                  <span className="pill pill-warn" title={c.duplicateOf}>
                    {t('imp.alreadyThere', {
                      name: nameForId(services, c.duplicateOf, { service, station }),
                    })}
                  </span>
                ) : null}
              </span>
            </label>
          ))}
          {preview.warnings.map((w) => (
            <p key={w} className="warning">
              {w}
            </p>
          ))}
        </fieldset>
      ) : null}
      {result ? (
        <div role="status">
          <p>{t('imp.imported', { count: result.imported.length })}</p>
          <ul>
            {result.imported.map((id) => (
              <li key={id} title={id}>
                {nameForId(services, id, { service, station }, names[id])}
              </li>
            ))}
          </ul>
          {result.skipped.map((s) => (
            <p key={s.id} className="muted" title={s.id}>
              {t('imp.skipped', { name: names[s.id] ?? s.id, reason: s.reason })}
            </p>
          ))}
        </div>
      ) : null}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {result ? t('imp.close') : t('app.cancel')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={!preview || checked.size === 0}
          onClick={() => void apply()}
        >
          {t('ov.import')}
        </button>
      </div>
    </Dialog>
  );
}
