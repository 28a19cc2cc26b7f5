// The quick way to the config after one `moveUpstream` (docs/behaviour.md §1 "Saving"): the
// validated config of the text before the move, with that station's upstream list reordered.
// Every upstream validated on its own before, and nothing it is checked for depends on where it
// sits, except the ids of upstreams without provider_id/endpoint_id tags (their position), which
// are checked again here. Anything unusual gives null and the caller parses the new text in full.
import { upstreamId, type AppConfig } from '../../../shared/config-types';
import type { ConfigEdit } from '../types';

type Move = Extract<ConfigEdit, { kind: 'moveUpstream' }>;

/**
 * The config the text after `edit` parses to, given `config` and `warnings` parsed from the text
 * before it; null when only a full parse can tell.
 */
export function configAfterMove(
  config: AppConfig,
  warnings: readonly string[],
  edit: Move,
): AppConfig | null {
  // Warnings name upstreams by position: those would have to be renumbered.
  if (warnings.some((w) => w.includes('upstreams['))) return null;
  const service = config[edit.service];
  const at = service.stations.findIndex((s) => s.name === edit.station);
  const station = service.stations[at];
  if (station === undefined) return null;
  const list = station.upstreams;
  const { from, to } = edit;
  if (!Number.isInteger(from) || !Number.isInteger(to)) return null;
  if (from < 0 || to < 0 || from >= list.length || to >= list.length) return null;
  const upstreams = [...list];
  const [moved] = upstreams.splice(from, 1);
  upstreams.splice(to, 0, moved!);
  // The same duplicate-id rule as a full parse; a clash goes the full way for its error message.
  const seen = new Set<string>();
  for (let i = 0; i < upstreams.length; i++) {
    const id = upstreamId(station.name, i, upstreams[i]!.tags);
    if (seen.has(id)) return null;
    seen.add(id);
  }
  const stations = [...service.stations];
  stations[at] = { ...station, upstreams };
  return { ...config, [edit.service]: { ...service, stations } };
}
