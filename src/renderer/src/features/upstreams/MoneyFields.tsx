// The upstream dialog's price multiplier and Balance group (docs/behaviour.md §9).
// Compact: the interval and threshold appear once a kind is chosen, the endpoint fields only for
// http-json.
import type { BalanceKind } from '../../../../shared/config-types';
import type { MoneyDraft, MoneyField } from './balance-form';

interface Props {
  idBase: string;
  draft: MoneyDraft;
  errors: Partial<Record<string, string>>;
  /** Whether a field's error should show yet (touched or submitted). */
  shown(field: MoneyField): boolean;
  onChange(field: MoneyField, value: string): void;
}

const KINDS: { value: '' | BalanceKind; label: string }[] = [
  { value: '', label: 'None' },
  { value: 'new-api', label: 'New API / One API token' },
  { value: 'openai-balance', label: '/user/balance (DeepSeek style)' },
  { value: 'sub2api', label: 'Sub2API key usage' },
  { value: 'http-json', label: 'Any JSON endpoint' },
];

interface FieldSpec {
  field: MoneyField;
  label: string;
  placeholder: string;
  hint?: string;
  mono?: boolean;
}

export function MoneyFields({ idBase, draft, errors, shown, onChange }: Props) {
  const input = (spec: FieldSpec) => {
    const id = `${idBase}-${spec.field}`;
    const error = shown(spec.field) ? errors[spec.field] : undefined;
    const describedBy = [error ? `${id}-error` : null, spec.hint ? `${id}-hint` : null]
      .filter(Boolean)
      .join(' ');
    return (
      <div className="field" key={spec.field}>
        <label htmlFor={id}>{spec.label}</label>
        <input
          id={id}
          type="text"
          autoComplete="off"
          spellCheck={false}
          className={spec.mono ? 'mono' : undefined}
          value={draft[spec.field]}
          placeholder={spec.placeholder}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy || undefined}
          onChange={(e) => onChange(spec.field, e.target.value)}
        />
        {error ? (
          <span id={`${id}-error`} className="field-error">
            {error}
          </span>
        ) : null}
        {spec.hint ? (
          <span id={`${id}-hint`} className="field-hint">
            {spec.hint}
          </span>
        ) : null}
      </div>
    );
  };
  const kindId = `${idBase}-balanceKind`;
  const kind = draft.balanceKind;
  return (
    <>
      {input({
        field: 'priceMultiplier',
        label: 'Price multiplier',
        placeholder: 'e.g. 0.3 (empty: list price)',
        hint: 'This relay’s price as a fraction of the list price, for cost estimates.',
      })}
      <fieldset className="balance-group">
        <legend>Balance</legend>
        <div className="field-row">
          <div className="field">
            <label htmlFor={kindId}>Balance source</label>
            <select
              id={kindId}
              value={kind}
              onChange={(e) => onChange('balanceKind', e.target.value)}
            >
              {KINDS.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
          </div>
          {kind
            ? [
                input({ field: 'balanceInterval', label: 'Check every (s)', placeholder: '300' }),
                input({
                  field: 'balanceThreshold',
                  label: 'Exhausted at or below',
                  placeholder: '0',
                }),
              ]
            : null}
        </div>
        {kind === 'http-json' ? (
          <>
            {input({
              field: 'balanceEndpoint',
              label: 'Balance URL',
              placeholder: 'e.g. {origin}/api/balance',
              mono: true,
            })}
            <div className="field-row">
              {input({
                field: 'balancePath',
                label: 'Remaining amount path',
                placeholder: 'e.g. data.balance',
                mono: true,
              })}
              {input({ field: 'balanceDivisor', label: 'Divisor', placeholder: '1' })}
              {input({ field: 'balanceCurrency', label: 'Currency', placeholder: 'USD' })}
            </div>
          </>
        ) : null}
      </fieldset>
    </>
  );
}
