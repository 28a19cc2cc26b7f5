// How amounts of money read in the console (docs/behaviour.md §9.1). Costs: below $1 always four
// decimals ("$0.0171", "$0.0086", "$0.4200"), from $1 cents ("$12.35") — one rule for a total and
// the rows under it, so a total is never shown coarser than its parts. Balances: cents ("$0.50"),
// four decimals under a cent; "12.5 CNY" for other currencies.

export function formatUsd(n: number): string {
  if (n === 0) return '$0.00';
  const abs = Math.abs(n);
  return `${n < 0 ? '-' : ''}$${abs.toFixed(abs >= 1 ? 2 : 4)}`;
}

export function formatAmount(n: number, currency: string): string {
  if (currency !== 'USD') return `${Number(n.toFixed(4))} ${currency}`;
  const abs = Math.abs(n);
  return `${n < 0 ? '-' : ''}$${abs.toFixed(abs === 0 || abs >= 0.01 ? 2 : 4)}`;
}
