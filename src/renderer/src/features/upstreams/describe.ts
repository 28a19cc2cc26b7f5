// Short, human texts for an upstream row.
import type { UpstreamSnapshot, UpstreamTestResult } from '../../../../shared/snapshot';

export function displayName(u: Pick<UpstreamSnapshot, 'alias' | 'host'>): string {
  return u.alias?.trim() ? u.alias : u.host;
}

function shortList(items: string[], max = 2): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} +${items.length - max}`;
}

/** e.g. "gpt-5*, o3 · gpt-5→gpt-5.4", or null when the upstream takes every model as is. */
export function modelRulesSummary(
  u: Pick<UpstreamSnapshot, 'supportedModels' | 'modelMapping'>,
): string | null {
  const supported = Object.keys(u.supportedModels).filter((k) => u.supportedModels[k]);
  const mapping = Object.entries(u.modelMapping).map(([from, to]) => `${from}→${to}`);
  const parts: string[] = [];
  if (supported.length) parts.push(shortList(supported));
  if (mapping.length) parts.push(shortList(mapping));
  return parts.length ? parts.join(' · ') : null;
}

export function testSummary(t: Pick<UpstreamTestResult, 'ok' | 'status' | 'latencyMs' | 'error'>) {
  const latency = t.latencyMs !== null ? ` · ${Math.round(t.latencyMs)} ms` : '';
  if (t.ok) return `Test: ${t.status ?? 'ok'}${latency}`;
  const why = t.error ?? (t.status !== null ? `HTTP ${t.status}` : 'no answer');
  return `Test failed: ${t.status !== null && t.error ? `${t.status} ` : ''}${why}${latency}`;
}
