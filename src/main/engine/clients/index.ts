// Public API of the client switches and importers (docs/behaviour.md §5).
import type { ImportCandidate, ImportSource, SwitchPreview } from '../../../shared/contract';
import { upstreamId, type UpstreamConfig } from '../../../shared/config-types';
import type { ClientName, ClientSnapshot } from '../../../shared/snapshot';
import {
  claudeStatus,
  previewClaudeSwitch,
  switchClaudeOff,
  switchClaudeOn,
} from './claude-switch';
import { codexStatus, previewCodexSwitch, switchCodexOff, switchCodexOn } from './codex-switch';
import { isOwnAddress, type ClientContext } from './context';
import { readCodexSource, type ImportSourceContext } from './import-codex';
import { readCodexHelperSource } from './import-codex-helper';
import type { RawCandidate, ReadResult } from './import-common';

export type { ClientContext } from './context';
export type { ImportSourceContext } from './import-codex';
export type { RawCandidate } from './import-common';

export function clientStatus(client: ClientName, ctx: ClientContext): ClientSnapshot {
  return client === 'codex' ? codexStatus(ctx) : claudeStatus(ctx);
}

/** Unified diff of what switching on would change, and whether it is allowed now. */
export function previewSwitch(client: ClientName, ctx: ClientContext): SwitchPreview {
  return client === 'codex' ? previewCodexSwitch(ctx) : previewClaudeSwitch(ctx);
}

/** Throws AppError: 'refused' (foreign/self-reference, malformed file), 'io_error' (unreadable). */
export function switchOn(client: ClientName, ctx: ClientContext): void {
  if (client === 'codex') switchCodexOn(ctx);
  else switchClaudeOn(ctx);
}

/** Restores what switchOn changed; a no-op when the client is not switched on. */
export function switchOff(client: ClientName, ctx: ClientContext): void {
  if (client === 'codex') switchCodexOff(ctx);
  else switchClaudeOff(ctx);
}

/**
 * Reads the source and returns candidate upstreams in import order (no duplicate check).
 * Never copies a secret: only env var names.
 */
export function readImportSource(source: ImportSource, ctx: ImportSourceContext): ReadResult {
  const read = source === 'codex' ? readCodexSource(ctx) : readCodexHelperSource(ctx);
  // An upstream that is one of our own listeners would make the proxy call itself.
  const candidates = read.candidates.filter((c) => {
    if (!isOwnAddress(c.upstream.baseUrl, ctx.ownAddresses)) return true;
    read.warnings.push(`${c.origin} points at this proxy (${c.upstream.baseUrl}); skipped`);
    return false;
  });
  return { ...read, candidates };
}

/** Base URL compared without trailing slashes and with the scheme and host lower-cased. */
export function normalizeBaseUrl(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  try {
    const u = new URL(trimmed);
    const rest = trimmed.slice(trimmed.indexOf('//') + 2);
    const pathStart = rest.indexOf('/');
    const tail = pathStart >= 0 ? rest.slice(pathStart) : '';
    return `${u.protocol}//${u.host}${tail}`.replace(/\/+$/, '');
  } catch {
    return trimmed;
  }
}

/**
 * Marks candidates that duplicate an existing upstream of the station (same base URL after
 * normalising, or the same provider_id/endpoint_id identity) with duplicateOf = existing id.
 */
export function markDuplicates(
  candidates: readonly RawCandidate[],
  existing: readonly UpstreamConfig[],
  stationName: string,
): ImportCandidate[] {
  const known = existing.map((u, i) => ({
    id: upstreamId(stationName, i, u.tags),
    url: normalizeBaseUrl(u.base_url),
  }));
  return candidates.map((c) => {
    const url = normalizeBaseUrl(c.upstream.baseUrl);
    const dup = known.find((k) => k.url === url || k.id === c.id);
    return { id: c.id, origin: c.origin, upstream: c.upstream, duplicateOf: dup ? dup.id : null };
  });
}
