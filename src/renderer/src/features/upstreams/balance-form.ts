// The upstream dialog's price multiplier and Balance group (docs/behaviour.md §9):
// their draft as typed, its validation, and its translation into the contract's input. Pure.
import type { BalanceKind } from '../../../../shared/config-types';
import type { BalanceInput } from '../../../../shared/contract';
import type { UpstreamSnapshot } from '../../../../shared/snapshot';
import { checkBalanceInput } from '../../../../shared/upstream-rules';
import { translator, type Translate } from '../../../../shared/i18n';

export interface MoneyDraft {
  priceMultiplier: string;
  /** '' = no balance source. */
  balanceKind: '' | BalanceKind;
  balanceInterval: string;
  balanceThreshold: string;
  balanceEndpoint: string;
  balancePath: string;
  balanceDivisor: string;
  balanceCurrency: string;
}

export type MoneyField = keyof MoneyDraft;

export const EMPTY_MONEY: MoneyDraft = {
  priceMultiplier: '',
  balanceKind: '',
  balanceInterval: '',
  balanceThreshold: '',
  balanceEndpoint: '',
  balancePath: '',
  balanceDivisor: '',
  balanceCurrency: '',
};

const text = (v: number | string | null | undefined) =>
  v === null || v === undefined ? '' : String(v);

/** Whether the upstream has a multiplier or a balance source (the dialog then shows them). */
export function hasMoneySettings(u: UpstreamSnapshot): boolean {
  return (u.priceMultiplier ?? 1) !== 1 || Boolean(u.balanceSource);
}

export function moneyDraftFrom(u: UpstreamSnapshot): MoneyDraft {
  const b = u.balanceSource ?? null;
  return {
    priceMultiplier: (u.priceMultiplier ?? 1) === 1 ? '' : String(u.priceMultiplier),
    balanceKind: b?.kind ?? '',
    balanceInterval: b && b.intervalSecs !== 300 ? String(b.intervalSecs) : '',
    balanceThreshold: b && b.exhaustBelow !== 0 ? String(b.exhaustBelow) : '',
    balanceEndpoint: text(b?.endpoint),
    balancePath: text(b?.remainingPath),
    balanceDivisor: text(b?.divisor),
    balanceCurrency: text(b?.currency),
  };
}

/** A number typed in a field, or undefined when blank; NaN when it is not a number. */
function num(s: string): number | undefined {
  const t = s.trim();
  return t === '' ? undefined : Number(t);
}

export function balanceInputOf(d: MoneyDraft): BalanceInput | undefined {
  if (d.balanceKind === '') return undefined;
  const out: BalanceInput = { kind: d.balanceKind };
  const interval = num(d.balanceInterval);
  if (interval !== undefined) out.intervalSecs = interval;
  const below = num(d.balanceThreshold);
  if (below !== undefined) out.exhaustBelow = below;
  const divisor = num(d.balanceDivisor);
  const httpJson = d.balanceKind === 'http-json';
  if (divisor !== undefined && (httpJson || d.balanceKind === 'new-api')) out.divisor = divisor;
  if (httpJson) {
    if (d.balanceEndpoint.trim()) out.endpoint = d.balanceEndpoint.trim();
    if (d.balancePath.trim()) out.remainingPath = d.balancePath.trim();
    if (d.balanceCurrency.trim()) out.currency = d.balanceCurrency.trim();
  }
  return out;
}

export function priceMultiplierOf(d: MoneyDraft): number | undefined {
  return num(d.priceMultiplier);
}

export function moneyErrors(
  d: MoneyDraft,
  t: Translate = translator('en'),
): Partial<Record<MoneyField, string>> {
  const errors: Partial<Record<MoneyField, string>> = {};
  const m = priceMultiplierOf(d);
  if (m !== undefined && !(Number.isFinite(m) && m >= 0)) {
    errors.priceMultiplier = t('dlg.priceError');
  }
  const b = balanceInputOf(d);
  if (!b) return errors;
  for (const [field, value] of [
    ['balanceInterval', b.intervalSecs],
    ['balanceThreshold', b.exhaustBelow],
    ['balanceDivisor', b.divisor],
  ] as const) {
    if (value !== undefined && !Number.isFinite(value)) errors[field] = t('dlg.mustBeNumber');
  }
  if (errors.balanceInterval || errors.balanceThreshold || errors.balanceDivisor) return errors;
  const problem = checkBalanceInput(b);
  if (problem) {
    const field: MoneyField = /interval/.test(problem)
      ? 'balanceInterval'
      : /threshold/.test(problem)
        ? 'balanceThreshold'
        : /divisor/.test(problem)
          ? 'balanceDivisor'
          : /path/.test(problem)
            ? 'balancePath'
            : 'balanceEndpoint';
    errors[field] = problem;
  }
  return errors;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The patch entries for what changed: absent = keep, null = remove. */
export function moneyPatch(
  d: MoneyDraft,
  original: UpstreamSnapshot,
): { priceMultiplier?: number | null; balance?: BalanceInput | null } {
  const before = moneyDraftFrom(original);
  const out: { priceMultiplier?: number | null; balance?: BalanceInput | null } = {};
  if (d.priceMultiplier.trim() !== before.priceMultiplier) {
    out.priceMultiplier = priceMultiplierOf(d) ?? null;
  }
  const next = balanceInputOf(d);
  if (!same(next, balanceInputOf(before))) out.balance = next ?? null;
  return out;
}
