// addIdentityTags (docs/behaviour.md §2.2): an untagged upstream is identified by its position, so
// a move resets its state. Tagging every such upstream once (provider_id from its alias, else its
// host; endpoint_id "default") lets state follow it; the balancer state is carried over to the new
// signatures, as a station rename does.
import {
  ENDPOINT_ID_TAG,
  PROVIDER_ID_TAG,
  upstreamId,
  type StationConfig,
  type UpstreamConfig,
} from '../../../shared/config-types';
import type { ConfigEdit } from '../types';
import { service, str } from './args';
import { findStation, viewOf, type Handler } from './context';
import { slug } from './upstream-input';

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/** The tags each upstream gets (unchanged for the ones already tagged), ids unique in the station. */
export function identityTags(station: StationConfig): Record<string, string>[] {
  const tagged = (u: UpstreamConfig) =>
    u.tags[PROVIDER_ID_TAG] !== undefined && u.tags[ENDPOINT_ID_TAG] !== undefined;
  const taken = new Set(
    station.upstreams.flatMap((u, i) => (tagged(u) ? [upstreamId(station.name, i, u.tags)] : [])),
  );
  return station.upstreams.map((u) => {
    if (tagged(u)) return u.tags;
    const endpoint = u.tags[ENDPOINT_ID_TAG] ?? 'default';
    let provider = u.tags[PROVIDER_ID_TAG];
    if (provider === undefined || taken.has(`${provider}/${endpoint}`)) {
      const base = slug(u.alias?.trim() ? u.alias : hostOf(u.base_url));
      provider = base;
      for (let n = 2; taken.has(`${provider}/${endpoint}`); n++) provider = `${base}-${n}`;
    }
    taken.add(`${provider}/${endpoint}`);
    return { ...u.tags, [PROVIDER_ID_TAG]: provider, [ENDPOINT_ID_TAG]: endpoint };
  });
}

export const addIdentityTags: Handler<'addIdentityTags'> = (ctx, args) => {
  const svc = service(args);
  const station = findStation(ctx, svc, str(args, 'station'));
  const next = identityTags(station);
  const edits: ConfigEdit[] = [];
  const tagged: string[] = [];
  next.forEach((tags, i) => {
    const u = station.upstreams[i];
    if (!u || tags === u.tags) return;
    edits.push({
      kind: 'set',
      path: [svc, 'stations', station.name, 'upstreams', i, 'tags'],
      value: tags,
    });
    tagged.push(upstreamId(station.name, i, tags));
  });
  if (edits.length === 0) return { version: ctx.changed(), tagged };
  const before = viewOf(svc, station);
  const oldIds = station.upstreams.map((u, i) => upstreamId(station.name, i, u.tags));
  ctx.save(edits);
  const after = findStation(ctx, svc, station.name);
  ctx.balancer.carryState(before, viewOf(svc, after));
  ctx.activity.renameUpstreams(
    svc,
    station.name,
    oldIds.map((from, i) => [from, upstreamId(station.name, i, after.upstreams[i]?.tags ?? {})]),
  );
  return { version: ctx.changed(), tagged };
};
