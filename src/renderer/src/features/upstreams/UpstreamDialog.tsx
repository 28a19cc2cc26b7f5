import { useId, useState } from 'react';
import { ConfirmDialog } from '../../components/Dialog';
import type { UpstreamSnapshot } from '../../../../shared/snapshot';
import { Dialog } from '../../components/Dialog';
import { EMPTY_MONEY, hasMoneySettings } from './balance-form';
import { MoneyFields } from './MoneyFields';
import {
  EMPTY_DRAFT,
  baseUrlChanged,
  draftFromUpstream,
  validateDraft,
  type DraftField,
  type UpstreamDraft,
} from './upstream-form';
import { useT } from '../../lib/i18n';
import type { MessageId } from '../../../../shared/i18n';

interface Props {
  /** null = add a new upstream. */
  original: UpstreamSnapshot | null;
  /** Resolves to the server's error message, or null when saved. */
  onSave(draft: UpstreamDraft): Promise<string | null>;
  onClose(): void;
}

interface FieldSpec {
  field: DraftField;
  label: MessageId;
  placeholder?: MessageId;
  kind?: 'password' | 'textarea';
  mono?: boolean;
  /** Folded under "More settings" until opened. */
  advanced?: boolean;
}

// Placeholders start with "e.g." so an empty field never reads as one already filled in.
const FIELDS: FieldSpec[] = [
  {
    field: 'baseUrl',
    label: 'dlg.baseUrl',
    placeholder: 'dlg.baseUrl.ph',
    mono: true,
  },
  { field: 'alias', label: 'dlg.alias', placeholder: 'dlg.alias.ph' },
  {
    field: 'tokenEnv',
    label: 'dlg.tokenEnv',
    placeholder: 'dlg.tokenEnv.ph',
    mono: true,
  },
  { field: 'token', label: 'dlg.token', kind: 'password' },
  {
    field: 'apiKeyEnv',
    label: 'dlg.apiKeyEnv',
    placeholder: 'dlg.apiKeyEnv.ph',
    mono: true,
  },
  {
    field: 'supportedModels',
    label: 'dlg.supportedModels',
    placeholder: 'dlg.supportedModels.ph',
    mono: true,
  },
  {
    field: 'modelMapping',
    label: 'dlg.modelMapping',
    placeholder: 'dlg.modelMapping.ph',
    kind: 'textarea',
    mono: true,
    advanced: true,
  },
  {
    field: 'tags',
    label: 'dlg.tags',
    placeholder: 'dlg.tags.ph',
    mono: true,
    advanced: true,
  },
];

const ADVANCED: DraftField[] = [
  ...FIELDS.filter((f) => f.advanced).map((f) => f.field),
  ...(Object.keys(EMPTY_MONEY) as DraftField[]),
];

function hintFor(field: DraftField, original: UpstreamSnapshot | null): MessageId | null {
  switch (field) {
    case 'token':
      return original?.hasInlineToken ? 'dlg.hint.tokenStored' : 'dlg.hint.token';
    case 'apiKeyEnv':
      return 'dlg.hint.apiKeyEnv';
    case 'supportedModels':
      return 'dlg.hint.supportedModels';
    case 'modelMapping':
      return 'dlg.hint.modelMapping';
    case 'tags':
      return 'dlg.hint.tags';
    default:
      return null;
  }
}

export function UpstreamDialog({ original, onSave, onClose }: Props) {
  const idBase = useId();
  const [initial] = useState<UpstreamDraft>(() =>
    original ? draftFromUpstream(original) : EMPTY_DRAFT,
  );
  const [draft, setDraft] = useState<UpstreamDraft>(initial);
  const [touched, setTouched] = useState<Partial<Record<DraftField, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const [more, setMore] = useState(
    () =>
      Object.keys(original?.modelMapping ?? {}).length > 0 ||
      (original !== null && hasMoneySettings(original)),
  );
  const [askDiscard, setAskDiscard] = useState(false);
  const t = useT();
  const errors = validateDraft(draft, t);
  const urlChanged = baseUrlChanged(draft, original);
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setSubmitted(true);
    if (Object.keys(errors).length > 0) {
      if (ADVANCED.some((f) => errors[f])) setMore(true);
      return;
    }
    setSaving(true);
    const error = await onSave(draft);
    setSaving(false);
    setServerError(error);
  }

  // Escape or a click beside the dialog must not throw away what was typed without asking.
  const requestClose = () => (dirty ? setAskDiscard(true) : onClose());

  function field(spec: FieldSpec) {
    const id = `${idBase}-${spec.field}`;
    const error = touched[spec.field] || submitted ? errors[spec.field] : undefined;
    const hint = hintFor(spec.field, original);
    const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null]
      .filter(Boolean)
      .join(' ');
    const common = {
      id,
      value: draft[spec.field],
      placeholder: spec.placeholder ? t(spec.placeholder) : undefined,
      className: spec.mono ? 'mono' : undefined,
      'aria-invalid': error ? true : undefined,
      'aria-describedby': describedBy || undefined,
      onBlur: () => setTouched((t) => ({ ...t, [spec.field]: true })),
      onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
        const value = e.target.value;
        setDraft((d) => ({ ...d, [spec.field]: value }));
        // Validate as the user types once they have started on a field.
        setTouched((t) => ({ ...t, [spec.field]: true }));
      },
    };
    return (
      <div className="field" key={spec.field}>
        <label htmlFor={id}>{t(spec.label)}</label>
        {spec.kind === 'textarea' ? (
          <textarea rows={3} {...common} />
        ) : (
          <input
            type={spec.kind === 'password' ? 'password' : 'text'}
            autoComplete={spec.kind === 'password' ? 'new-password' : 'off'}
            spellCheck={false}
            {...common}
          />
        )}
        {error ? (
          <span id={`${id}-error`} className="field-error">
            {error}
          </span>
        ) : null}
        {hint ? (
          <span id={`${id}-hint`} className="field-hint">
            {t(hint)}
          </span>
        ) : null}
      </div>
    );
  }

  return (
    <Dialog title={original ? t('dlg.editTitle') : t('dlg.addTitle')} onClose={requestClose} wide>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        {FIELDS.filter((f) => !f.advanced).map(field)}
        <button
          type="button"
          className="link disclosure"
          aria-expanded={more}
          aria-controls={`${idBase}-more`}
          onClick={() => setMore((m) => !m)}
        >
          {more ? t('dlg.fewer') : t('dlg.more')}
        </button>
        {more ? (
          <div id={`${idBase}-more`} className="more-fields">
            {FIELDS.filter((f) => f.advanced).map(field)}
            <MoneyFields
              idBase={idBase}
              draft={draft}
              errors={errors}
              shown={(f) => Boolean(touched[f] || submitted)}
              onChange={(f, value) => {
                setDraft((d) => ({ ...d, [f]: value }));
                setTouched((t) => ({ ...t, [f]: true }));
              }}
            />
          </div>
        ) : null}
        {draft.token && draft.tokenEnv.trim() ? (
          <p className="warning" role="status">
            {t('dlg.bothToken')}
          </p>
        ) : null}
        {urlChanged ? (
          <p className="warning" role="status">
            {t('dlg.urlChanged')}
          </p>
        ) : null}
        {serverError ? (
          <p className="field-error" role="status">
            {serverError}
          </p>
        ) : null}
        <div className="dialog-actions dialog-footer">
          <button type="button" onClick={onClose}>
            {t('app.cancel')}
          </button>
          <button type="submit" className="primary" disabled={saving}>
            {t('dlg.save')}
          </button>
        </div>
      </form>
      {askDiscard ? (
        <ConfirmDialog
          title={t('dlg.discardTitle')}
          message={<p>{t('dlg.discardMessage')}</p>}
          cancelLabel={t('dlg.keepEditing')}
          confirmLabel={t('dlg.discard')}
          danger
          onCancel={() => setAskDiscard(false)}
          onConfirm={onClose}
        />
      ) : null}
    </Dialog>
  );
}
