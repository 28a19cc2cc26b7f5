// The Rust codex-helper's providers layouts (docs/behaviour.md §5.3): v4/v5 route graph, v3 policy
// routing and v2 stations with members, flattened into one ordered upstream list: the routing in
// order, then providers it does not reach, by name. Disabled providers/endpoints come in disabled.
import {
  authNames,
  boolMap,
  inlineSecretWarning,
  str,
  stringMap,
  upstreamInput,
  type RawCandidate,
} from './import-common';
import { isRecord } from './text';

interface Leaf {
  provider: string;
  endpoint: string;
  priority: number;
  def: Record<string, unknown>;
}

type Obj = Record<string, unknown>;

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function providerLeaves(name: string, p: Obj): Leaf[] {
  const leaves: Leaf[] = [];
  if (str(p.base_url)) leaves.push({ provider: name, endpoint: 'default', priority: 0, def: p });
  if (isRecord(p.endpoints)) {
    for (const [e, def] of Object.entries(p.endpoints)) {
      if (!isRecord(def)) continue;
      const priority = typeof def.priority === 'number' ? def.priority : 0;
      leaves.push({ provider: name, endpoint: e, priority, def });
    }
  }
  return leaves.sort(
    (a, b) =>
      a.priority - b.priority ||
      byName(a.endpoint, b.endpoint) ||
      byName(str(a.def.base_url) ?? '', str(b.def.base_url) ?? ''),
  );
}

function matchesTags(p: Obj, filters: unknown): boolean {
  if (!Array.isArray(filters)) return false;
  const tags = stringMap(p.tags);
  return filters.some((f) => isRecord(f) && Object.entries(f).every(([k, v]) => tags[k] === v));
}

class Walker {
  readonly order: Leaf[] = [];
  private readonly seen = new Set<string>();
  private readonly visiting = new Set<string>();
  constructor(
    private readonly providers: Obj,
    private readonly routes: Obj,
    private readonly warnings: string[],
  ) {}

  emit(leaves: Leaf[]): void {
    for (const l of leaves) {
      const key = `${l.provider}.${l.endpoint}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.order.push(l);
    }
  }

  ref(name: string): void {
    const p = this.providers[name];
    if (isRecord(p)) return this.emit(providerLeaves(name, p));
    const node = this.routes[name];
    if (isRecord(node)) return this.node(name, node);
    const dot = name.indexOf('.');
    const prov = dot > 0 ? this.providers[name.slice(0, dot)] : undefined;
    if (isRecord(prov)) {
      const leaf = providerLeaves(name.slice(0, dot), prov).find(
        (l) => l.endpoint === name.slice(dot + 1),
      );
      if (leaf) return this.emit([leaf]);
    }
    this.warnings.push(`routing references missing route or provider '${name}'; ignored`);
  }

  node(name: string, node: Obj): void {
    if (this.visiting.has(name)) {
      this.warnings.push(`routing graph has a cycle through '${name}'; stopped there`);
      return;
    }
    this.visiting.add(name);
    const children = Array.isArray(node.children)
      ? node.children.filter((c): c is string => typeof c === 'string')
      : [];
    let refs = children;
    if (node.strategy === 'tag-preferred') {
      const preferred = children.filter((c) => {
        const p = this.providers[c];
        return isRecord(p) && matchesTags(p, node.prefer_tags);
      });
      refs = [...preferred, ...children.filter((c) => !preferred.includes(c))];
    } else if (node.strategy === 'manual-sticky') {
      const target = str(node.target) ?? children[0];
      refs = target ? [target, ...children.filter((c) => c !== target)] : children;
    } else if (node.strategy === 'conditional') {
      refs = [str(node.then), str(node.default)].filter((c): c is string => c !== undefined);
    }
    for (const r of refs) this.ref(r);
    this.visiting.delete(name);
  }
}

function toCandidate(
  leaf: Leaf,
  providers: Obj,
  service: string,
  warnings: string[],
): RawCandidate | null {
  const p = providers[leaf.provider] as Obj;
  const isDefault = leaf.def === p;
  const origin = isDefault
    ? `[${service}.providers.${leaf.provider}]`
    : `[${service}.providers.${leaf.provider}.endpoints.${leaf.endpoint}]`;
  const baseUrl = str(leaf.def.base_url);
  if (!baseUrl) {
    warnings.push(`${origin} has an empty base_url; skipped`);
    return null;
  }
  const auth = authNames(p, p.auth);
  if (auth.hasInlineSecret) warnings.push(inlineSecretWarning(`provider ${leaf.provider}`));
  const tags = isDefault
    ? stringMap(p.tags)
    : { ...stringMap(p.tags), ...stringMap(leaf.def.tags) };
  return {
    id: `${leaf.provider}/${leaf.endpoint}`,
    origin,
    upstream: upstreamInput({
      baseUrl,
      ...(str(p.alias) ? { alias: str(p.alias) } : {}),
      enabled: p.enabled !== false && (isDefault || leaf.def.enabled !== false),
      ...auth,
      tags: { ...tags, provider_id: leaf.provider, endpoint_id: leaf.endpoint },
      supportedModels: {
        ...boolMap(p.supported_models),
        ...(isDefault ? {} : boolMap(leaf.def.supported_models)),
      },
      modelMapping: {
        ...stringMap(p.model_mapping),
        ...(isDefault ? {} : stringMap(leaf.def.model_mapping)),
      },
    }),
  };
}

function finish(w: Walker, providers: Obj, service: string, warnings: string[]): RawCandidate[] {
  for (const name of Object.keys(providers).sort(byName)) w.ref(name);
  for (const name of Object.keys(providers)) {
    const p = providers[name];
    if (isRecord(p) && providerLeaves(name, p).length === 0)
      warnings.push(`provider '${name}' has no base_url or endpoints; skipped`);
  }
  return w.order
    .map((l) => toCandidate(l, providers, service, warnings))
    .filter((c): c is RawCandidate => c !== null);
}

/** v4/v5 (and v3 `policy` routing, mapped onto one entry node). */
export function flattenRouteGraph(service: string, svc: Obj, warnings: string[]): RawCandidate[] {
  const providers = isRecord(svc.providers) ? svc.providers : {};
  const routing = isRecord(svc.routing) ? svc.routing : null;
  const routes = routing && isRecord(routing.routes) ? routing.routes : {};
  const w = new Walker(providers, routes, warnings);
  if (routing && isRecord(routing.routes)) {
    const entry = str(routing.entry) ?? 'main';
    const node = routes[entry];
    if (isRecord(node)) w.node(entry, node);
    else warnings.push(`routing entry references missing route node '${entry}'`);
  } else if (routing) {
    const pools = isRecord(routing.pools) ? routing.pools : {};
    const chain = Array.isArray(routing.chain) ? routing.chain : Object.keys(pools);
    const fromPools = chain.flatMap((c) => {
      const pool = typeof c === 'string' ? pools[c] : undefined;
      return isRecord(pool) && Array.isArray(pool.providers) ? pool.providers : [];
    });
    const order = Array.isArray(routing.order) ? routing.order : [];
    const strategy = routing.policy === 'pool-fallback' ? 'ordered-failover' : routing.policy;
    w.node('main', {
      strategy,
      children: [...order, ...fromPools],
      target: routing.target,
      prefer_tags: routing.prefer_tags,
    });
  }
  return finish(w, providers, service, warnings);
}

/** v2: stations with members; the active station first, then others by (level, name). */
export function flattenV2(service: string, svc: Obj, warnings: string[]): RawCandidate[] {
  const providers = isRecord(svc.providers) ? svc.providers : {};
  const table = isRecord(svc.stations) ? svc.stations : isRecord(svc.groups) ? svc.groups : {};
  const active = str(svc.active_station) ?? str(svc.active_group);
  const names = Object.keys(table).sort((a, b) => {
    const la = isRecord(table[a]) && typeof table[a].level === 'number' ? table[a].level : 1;
    const lb = isRecord(table[b]) && typeof table[b].level === 'number' ? table[b].level : 1;
    return (a === active ? -1 : 0) - (b === active ? -1 : 0) || la - lb || byName(a, b);
  });
  const w = new Walker(providers, {}, warnings);
  for (const name of names) {
    const st = table[name];
    const members = isRecord(st) && Array.isArray(st.members) ? st.members.filter(isRecord) : [];
    const sorted = [...members].sort(
      (a, b) => Number(b.preferred === true) - Number(a.preferred === true),
    );
    for (const m of sorted) {
      const prov = str(m.provider);
      const p = prov ? providers[prov] : undefined;
      if (!prov || !isRecord(p)) continue;
      const wanted = Array.isArray(m.endpoint_names)
        ? m.endpoint_names
        : Array.isArray(m.endpoints)
          ? m.endpoints
          : [];
      const leaves = providerLeaves(prov, p);
      w.emit(wanted.length === 0 ? leaves : leaves.filter((l) => wanted.includes(l.endpoint)));
    }
  }
  return finish(w, providers, service, warnings);
}
