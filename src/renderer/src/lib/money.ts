// How amounts of money read in the console: "$0.42", "$0.0031" (amounts under a cent keep four
// decimals so one request's cost is not shown as $0.00), "12.5 CNY" for other currencies.

export function formatUsd(n: number): string {
  if (n === 0) return '$0.00';
  const abs = Math.abs(n);
  const digits = abs >= 0.01 ? 2 : 4;
  return `${n < 0 ? '-' : ''}$${abs.toFixed(digits)}`;
}

export function formatAmount(n: number, currency: string): string {
  if (currency === 'USD') return formatUsd(n);
  return `${Number(n.toFixed(4))} ${currency}`;
}
