// An upstream's money on its row (docs/behaviour.md §9): the last polled balance,
// what it cost today, and the Check balance button.
import { useState } from 'react';
import type { UpstreamRef } from '../../../../shared/contract';
import type { UpstreamSnapshot } from '../../../../shared/snapshot';
import { formatAmount, formatUsd } from '../../lib/money';
import { runCommand } from '../../lib/run-command';
import { useT } from '../../lib/i18n';
import { translator, type Translate } from '../../../../shared/i18n';

export function balanceText(u: UpstreamSnapshot, t: Translate = translator('en')): string | null {
  const b = u.balance;
  if (!u.balanceSource) return null;
  if (!b) return t('up.balanceNotChecked');
  if (b.unlimited) return t('up.balanceUnlimited');
  if (b.remaining === null) return t('up.balanceUnknown');
  return t('up.balance', { amount: formatAmount(b.remaining, b.currency) });
}

export function BalanceMeta({ u }: { u: UpstreamSnapshot }) {
  const t = useT();
  const text = balanceText(u, t);
  const error = u.balance?.error ?? null;
  return (
    <>
      {text ? (
        <span className={error ? 'balance test-bad' : 'balance'}>
          {text}
          {error ? t('up.balanceCheckFailed', { error }) : ''}
        </span>
      ) : null}
      {u.costTodayUsd > 0 ? (
        <span className="muted" title={t('up.costTodayTitle')}>
          {t('up.costToday', { amount: formatUsd(u.costTodayUsd) })}
        </span>
      ) : null}
    </>
  );
}

export function CheckBalanceButton({
  target,
  errorKey,
}: {
  target: UpstreamRef;
  errorKey: string;
}) {
  const [checking, setChecking] = useState(false);
  const t = useT();
  async function check() {
    setChecking(true);
    await runCommand(errorKey, 'checkBalance', target);
    setChecking(false);
  }
  return (
    <button type="button" disabled={checking} onClick={() => void check()}>
      {t('up.checkBalance')}
    </button>
  );
}
