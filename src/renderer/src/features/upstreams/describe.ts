// Short, human texts for an upstream row.
import type { UpstreamSnapshot } from '../../../../shared/snapshot';

export { displayName } from '../../lib/upstream-names';

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
