import { useId, useState } from 'react';
import type { UpstreamSnapshot } from '../../../../shared/snapshot';
import { Dialog } from '../../components/Dialog';
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
}

const FIELDS: FieldSpec[] = [
  { field: 'baseUrl', label: 'Base URL', placeholder: 'https://relay.example/v1', mono: true },
  { field: 'alias', label: 'Display name', placeholder: 'Relay A' },
  {
    field: 'tokenEnv',
    label: 'Token environment variable',
    placeholder: 'RELAY_A_KEY',
    mono: true,
  },
  { field: 'token', label: 'Token', kind: 'password' },
  {
    field: 'apiKeyEnv',
    label: 'API key environment variable',
    placeholder: 'ANTHROPIC_RELAY_KEY',
    mono: true,
  },
  { field: 'supportedModels', label: 'Supported models', placeholder: 'gpt-5*, o3', mono: true },
  {
    field: 'modelMapping',
    label: 'Model mapping',
    placeholder: 'gpt-5 = gpt-5.4',
    kind: 'textarea',
    mono: true,
  },
  {
    field: 'tags',
    label: 'Tags',
    placeholder: 'provider_id=relay-a endpoint_id=default',
    mono: true,
  },
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
  const [draft, setDraft] = useState<UpstreamDraft>(() =>
    original ? draftFromUpstream(original) : EMPTY_DRAFT,
  );
  const [touched, setTouched] = useState<Partial<Record<DraftField, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const errors = validateDraft(draft);
  const urlChanged = baseUrlChanged(draft, original);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setSubmitted(true);
    if (Object.keys(errors).length > 0) return;
    setSaving(true);
    const error = await onSave(draft);
    setSaving(false);
    setServerError(error);
  }

  return (
    <Dialog title="Upstream" onClose={onClose} wide>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        {FIELDS.map((spec) => {
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
        })}
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
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={saving}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
