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

interface Props {
  /** null = add a new upstream. */
  original: UpstreamSnapshot | null;
  /** Resolves to the server's error message, or null when saved. */
  onSave(draft: UpstreamDraft): Promise<string | null>;
  onClose(): void;
}

interface FieldSpec {
  field: DraftField;
  label: string;
  placeholder?: string;
  kind?: 'password' | 'textarea';
  mono?: boolean;
  /** Folded under "More settings" until opened. */
  advanced?: boolean;
}

// Placeholders start with "e.g." so an empty field never reads as one already filled in.
const FIELDS: FieldSpec[] = [
  {
    field: 'baseUrl',
    label: 'Base URL',
    placeholder: 'e.g. https://relay.example/v1',
    mono: true,
  },
  { field: 'alias', label: 'Display name', placeholder: 'e.g. My relay' },
  {
    field: 'tokenEnv',
    label: 'Token environment variable',
    placeholder: 'e.g. RELAY_KEY',
    mono: true,
  },
  { field: 'token', label: 'Token', kind: 'password' },
  {
    field: 'apiKeyEnv',
    label: 'API key environment variable',
    placeholder: 'e.g. ANTHROPIC_RELAY_KEY',
    mono: true,
  },
  {
    field: 'supportedModels',
    label: 'Supported models',
    placeholder: 'e.g. gpt-5*, o3 (empty: every model)',
    mono: true,
  },
  {
    field: 'modelMapping',
    label: 'Model mapping',
    placeholder: 'e.g. gpt-5 = gpt-5.4',
    kind: 'textarea',
    mono: true,
    advanced: true,
  },
  {
    field: 'tags',
    label: 'Tags',
    placeholder: 'e.g. provider_id=my-relay endpoint_id=default',
    mono: true,
    advanced: true,
  },
];

const ADVANCED: DraftField[] = [
  ...FIELDS.filter((f) => f.advanced).map((f) => f.field),
  ...(Object.keys(EMPTY_MONEY) as DraftField[]),
];

function hintFor(field: DraftField, original: UpstreamSnapshot | null): string | null {
  switch (field) {
    case 'token':
      if (original?.hasInlineToken) return 'A token is stored. Leave blank to keep it.';
      return 'Stored in config.toml. Prefer an environment variable.';
    case 'apiKeyEnv':
      return 'Optional: sent as x-api-key (Anthropic-style relays) in addition to the token.';
    case 'supportedModels':
      return 'Patterns separated by commas or spaces, at most one * each. Empty = every model.';
    case 'modelMapping':
      return 'One "from = to" per line; a * in both sides carries the matched part.';
    case 'tags':
      return 'Optional key=value pairs; provider_id and endpoint_id give the upstream its identity.';
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
  const errors = validateDraft(draft);
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
      placeholder: spec.placeholder,
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
        <label htmlFor={id}>{spec.label}</label>
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
            {hint}
          </span>
        ) : null}
      </div>
    );
  }

  return (
    <Dialog title={original ? 'Edit upstream' : 'Add upstream'} onClose={requestClose} wide>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        {FIELDS.filter((f) => !f.advanced).map(field)}
        <button
          type="button"
          className="link disclosure"
          aria-expanded={more}
          aria-controls={`${idBase}-more`}
          onClick={() => setMore((m) => !m)}
        >
          {more ? 'Fewer settings' : 'More settings: model mapping, tags, price, balance'}
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
            Both a token and an environment variable are set: the token wins.
          </p>
        ) : null}
        {urlChanged ? (
          <p className="warning" role="status">
            The base URL changed: this upstream&apos;s state will reset (failure count, cooldown and
            exhaustion start fresh).
          </p>
        ) : null}
        {serverError ? (
          <p className="field-error" role="status">
            {serverError}
          </p>
        ) : null}
        <div className="dialog-actions dialog-footer">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={saving}>
            Save
          </button>
        </div>
      </form>
      {askDiscard ? (
        <ConfirmDialog
          title="Discard changes?"
          message={<p>What you typed in this upstream has not been saved.</p>}
          cancelLabel="Keep editing"
          confirmLabel="Discard"
          danger
          onCancel={() => setAskDiscard(false)}
          onConfirm={onClose}
        />
      ) : null}
    </Dialog>
  );
}
