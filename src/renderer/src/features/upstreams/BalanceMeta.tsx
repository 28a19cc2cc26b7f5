// An upstream's money on its row (docs/behaviour.md §9): the last polled balance,
// what it cost today, and the Check balance button.
import { useState } from 'react';
import type { UpstreamRef } from '../../../../shared/contract';
import type { UpstreamSnapshot } from '../../../../shared/snapshot';
import { formatAmount, formatUsd } from '../../lib/money';
import { runCommand } from '../../lib/run-command';

export function balanceText(u: UpstreamSnapshot): string | null {
  const b = u.balance;
  if (!u.balanceSource) return null;
  if (!b) return 'Balance not checked yet';
  if (b.unlimited) return 'Balance unlimited';
  if (b.remaining === null) return 'Balance unknown';
  return `Balance ${formatAmount(b.remaining, b.currency)}`;
}

export function BalanceMeta({ u }: { u: UpstreamSnapshot }) {
  const text = balanceText(u);
  const error = u.balance?.error ?? null;
  return (
    <>
      {text ? (
        <span className={error ? 'balance test-bad' : 'balance'}>
          {text}
          {error ? ` · check failed: ${error}` : ''}
        </span>
      ) : null}
      {u.costTodayUsd > 0 ? (
        <span className="muted" title="Estimated cost today at this upstream’s price">
          {formatUsd(u.costTodayUsd)} today
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
  async function check() {
    setChecking(true);
    await runCommand(errorKey, 'checkBalance', target);
    setChecking(false);
  }
  return (
    <button type="button" disabled={checking} onClick={() => void check()}>
      Check balance
    </button>
  );
}
