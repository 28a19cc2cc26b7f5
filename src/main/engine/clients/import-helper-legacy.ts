// The Rust codex-helper's legacy layout (stations with ordered upstreams; docs/behaviour.md §5.3):
// the service's active station first, then the other stations by (level, name).
import {
  authNames,
  boolMap,
  inlineSecretWarning,
  str,
  stringMap,
  uniqueId,
  upstreamInput,
  type RawCandidate,
} from './import-common';
import { isRecord } from './text';

interface LegacyStation {
  name: string;
  enabled: boolean;
  level: number;
  upstreams: unknown[];
}

const AUTO_ACTIVE = new Set(['true', '1', 'yes', 'on']);

function byLevelName(a: LegacyStation, b: LegacyStation): number {
  return a.level - b.level || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

export function flattenLegacy(
  service: string,
  svc: Record<string, unknown>,
  warnings: string[],
): RawCandidate[] {
  const table = isRecord(svc.stations) ? svc.stations : isRecord(svc.configs) ? svc.configs : {};
  const key = isRecord(svc.stations) ? 'stations' : 'configs';
  const stations: LegacyStation[] = Object.entries(table)
    .filter((e): e is [string, Record<string, unknown>] => isRecord(e[1]))
    .map(([k, s]) => ({
      name: k,
      enabled: s.enabled !== false,
      level: typeof s.level === 'number' ? Math.min(10, Math.max(1, s.level)) : 1,
      upstreams: Array.isArray(s.upstreams) ? s.upstreams : [],
    }));
  const sorted = [...stations].sort(byLevelName);
  const activeName = str(svc.active)?.trim();
  let active = stations.find((s) => s.name === activeName);
  if (!active && (activeName === undefined || AUTO_ACTIVE.has(activeName.toLowerCase()))) {
    active = sorted.find((s) => s.enabled) ?? sorted[0];
  }
  const ordered = active ? [active, ...sorted.filter((s) => s !== active)] : sorted;
  const taken = new Set<string>();
  const out: RawCandidate[] = [];
  for (const st of ordered) {
    st.upstreams.forEach((u, i) => {
      const origin = `[${service}.${key}.${st.name}].upstreams[${i}]`;
      if (!isRecord(u)) return;
      const baseUrl = str(u.base_url);
      if (!baseUrl) {
        warnings.push(`${origin} has no base_url; skipped`);
        return;
      }
      const tags = stringMap(u.tags);
      const providerId = tags.provider_id ?? `${st.name}-${i + 1}`;
      const { id, endpointId } = uniqueId(taken, providerId, tags.endpoint_id ?? 'default');
      const auth = authNames(u.auth, u);
      if (auth.hasInlineSecret) warnings.push(inlineSecretWarning(`upstream ${id} (${origin})`));
      out.push({
        id,
        origin,
        upstream: upstreamInput({
          baseUrl,
          ...(str(u.alias) ? { alias: str(u.alias) } : {}),
          // A disabled station's upstreams come in disabled: importing must not start using them.
          enabled: st.enabled && u.enabled !== false,
          ...auth,
          tags: { ...tags, provider_id: providerId, endpoint_id: endpointId },
          supportedModels: boolMap(u.supported_models ?? u.supportedModels),
          modelMapping: stringMap(u.model_mapping ?? u.modelMapping),
        }),
      });
    });
  }
  return out;
}
