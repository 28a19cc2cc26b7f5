// The upstream dialog's price multiplier and Balance group (docs/behaviour.md §9).
// Compact: the interval and threshold appear once a kind is chosen, the endpoint fields only for
// http-json.
import type { BalanceKind } from '../../../../shared/config-types';
import type { MoneyDraft, MoneyField } from './balance-form';
import { useT } from '../../lib/i18n';
import { isMessageId, type MessageId } from '../../../../shared/i18n';

interface Props {
  idBase: string;
  draft: MoneyDraft;
  errors: Partial<Record<string, string>>;
  /** Whether a field's error should show yet (touched or submitted). */
  shown(field: MoneyField): boolean;
  onChange(field: MoneyField, value: string): void;
}

const KINDS: { value: '' | BalanceKind; label: MessageId }[] = [
  { value: '', label: 'dlg.kind.none' },
  { value: 'new-api', label: 'dlg.kind.new-api' },
  { value: 'openai-balance', label: 'dlg.kind.openai-balance' },
  { value: 'sub2api', label: 'dlg.kind.sub2api' },
  { value: 'http-json', label: 'dlg.kind.http-json' },
];

interface FieldSpec {
  field: MoneyField;
  label: MessageId;
  placeholder: MessageId | string;
  hint?: MessageId;
  mono?: boolean;
}

export function MoneyFields({ idBase, draft, errors, shown, onChange }: Props) {
  const t = useT();
  const text = (s: string) => (isMessageId(s) ? t(s) : s);
  const input = (spec: FieldSpec) => {
    const id = `${idBase}-${spec.field}`;
    const error = shown(spec.field) ? errors[spec.field] : undefined;
    const describedBy = [error ? `${id}-error` : null, spec.hint ? `${id}-hint` : null]
      .filter(Boolean)
      .join(' ');
    return (
      <div className="field" key={spec.field}>
        <label htmlFor={id}>{t(spec.label)}</label>
        <input
          id={id}
          type="text"
          autoComplete="off"
          spellCheck={false}
          className={spec.mono ? 'mono' : undefined}
          value={draft[spec.field]}
          placeholder={text(spec.placeholder)}
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
            {t(spec.hint)}
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
        label: 'dlg.priceMultiplier',
        placeholder: 'dlg.priceMultiplier.ph',
        hint: 'dlg.priceMultiplier.hint',
      })}
      <fieldset className="balance-group">
        <legend>{t('dlg.balance')}</legend>
        <div className="field-row">
          <div className="field">
            <label htmlFor={kindId}>{t('dlg.balanceSource')}</label>
            <select
              id={kindId}
              value={kind}
              onChange={(e) => onChange('balanceKind', e.target.value)}
            >
              {KINDS.map((k) => (
                <option key={k.value} value={k.value}>
                  {t(k.label)}
                </option>
              ))}
            </select>
          </div>
          {kind
            ? [
                input({ field: 'balanceInterval', label: 'dlg.checkEvery', placeholder: '300' }),
                input({
                  field: 'balanceThreshold',
                  label: 'dlg.exhaustedAt',
                  placeholder: '0',
                }),
              ]
            : null}
        </div>
        {kind === 'http-json' ? (
          <>
            {input({
              field: 'balanceEndpoint',
              label: 'dlg.balanceUrl',
              placeholder: 'dlg.balanceUrl.ph',
              mono: true,
            })}
            <div className="field-row">
              {input({
                field: 'balancePath',
                label: 'dlg.remainingPath',
                placeholder: 'dlg.remainingPath.ph',
                mono: true,
              })}
              {input({ field: 'balanceDivisor', label: 'dlg.divisor', placeholder: '1' })}
              {input({ field: 'balanceCurrency', label: 'dlg.currency', placeholder: 'USD' })}
            </div>
          </>
        ) : null}
      </fieldset>
    </>
  );
}
