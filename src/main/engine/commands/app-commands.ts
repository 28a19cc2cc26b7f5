// Settings, client switches and importers.
import { upstreamId } from '../../../shared/config-types';
import { AppError, type ImportSource, type SettingsPatch } from '../../../shared/contract';
import { resolveActiveStation } from '../../../shared/stations';
import {
  markDuplicates,
  previewSwitch as previewClientSwitch,
  readImportSource,
  switchOff,
  switchOn,
} from '../clients';
import type { ConfigEdit, TomlValue } from '../types';
import { bool, client, obj, optStr, service, type Args } from './args';
import { findStation, type CommandContext, type Handler } from './context';
import { toUpstreamConfig } from './upstream-input';

/** Settings view name → config.toml key path. */
const SETTINGS_PATHS = {
  proxy: {
    host: ['proxy', 'host'],
    codexPort: ['proxy', 'codex_port'],
    claudePort: ['proxy', 'claude_port'],
    streamIdleTimeoutSecs: ['proxy', 'stream_idle_timeout_secs'],
    allowBrowserOrigins: ['proxy', 'allow_browser_origins'],
    outbound: ['proxy', 'outbound'],
  },
  console: { host: ['console', 'host'], port: ['console', 'port'] },
  retry: {
    profile: ['retry', 'profile'],
    failureThreshold: ['retry', 'failure_threshold'],
    failureCooldownSecs: ['retry', 'failure_cooldown_secs'],
    transportCooldownSecs: ['retry', 'transport_cooldown_secs'],
    cooldownBackoffFactor: ['retry', 'cooldown_backoff_factor'],
    cooldownBackoffMaxSecs: ['retry', 'cooldown_backoff_max_secs'],
    exhaustedFallback: ['retry', 'exhausted_fallback'],
    returnToPreferredSecs: ['retry', 'return_to_preferred_secs'],
    sessionAffinity: ['retry', 'session_affinity'],
    sessionAffinityTtlSecs: ['retry', 'session_affinity_ttl_secs'],
  },
  notifications: {
    trip: ['notifications', 'trip'],
    exhausted: ['notifications', 'exhausted'],
    allDown: ['notifications', 'all_down'],
    recovered: ['notifications', 'recovered'],
  },
  app: { startAtLogin: ['app', 'start_at_login'], language: ['app', 'language'] },
} as const;

export function settingsEdits(patch: SettingsPatch): ConfigEdit[] {
  const edits: ConfigEdit[] = [];
  for (const [section, keys] of Object.entries(SETTINGS_PATHS)) {
    const given = (patch as Record<string, Record<string, unknown> | undefined>)[section];
    if (given === undefined) continue;
    if (given === null || typeof given !== 'object') {
      throw new AppError(
        'invalid_argument',
        `"patch.${section}" must be an object`,
        `patch.${section}`,
      );
    }
    for (const [name, value] of Object.entries(given)) {
      const path = (keys as Record<string, readonly string[]>)[name];
      if (!path) {
        throw new AppError(
          'invalid_argument',
          `unknown setting "${section}.${name}"`,
          `patch.${section}.${name}`,
        );
      }
      if (value === undefined) continue;
      if (value === null) edits.push({ kind: 'delete', path: [...path] });
      else if (
        typeof value === 'string' ||
        typeof value === 'number' ||
        typeof value === 'boolean'
      ) {
        edits.push({ kind: 'set', path: [...path], value: value as TomlValue });
      } else {
        throw new AppError(
          'invalid_argument',
          `"${section}.${name}" has the wrong type`,
          `patch.${section}.${name}`,
        );
      }
    }
  }
  return edits;
}

export const updateSettings: Handler<'updateSettings'> = async (ctx, args) => {
  const edits = settingsEdits(obj(args, 'patch') as SettingsPatch);
  if (edits.length) await ctx.saveSettings(edits);
  return { version: ctx.changed() };
};

export const setPaused: Handler<'setPaused'> = (ctx, args) => {
  ctx.setPaused(bool(args, 'paused'));
  return { version: ctx.changed() };
};

export const switchClient: Handler<'switchClient'> = (ctx, args) => {
  const which = client(args);
  if (bool(args, 'on')) switchOn(which, ctx.clientContext());
  else switchOff(which, ctx.clientContext());
  ctx.refreshClients();
  return { version: ctx.changed() };
};

export const previewSwitch: Handler<'previewSwitch'> = (ctx, args) =>
  previewClientSwitch(client(args), ctx.clientContext());

function importSource(args: Args): ImportSource {
  const s = args.source;
  if (s !== 'codex' && s !== 'codex-helper') {
    throw new AppError('invalid_argument', '"source" must be codex or codex-helper', 'source');
  }
  return s;
}

function targetStation(ctx: CommandContext, args: Args) {
  const svc = args.service === undefined ? 'codex' : service(args);
  const name = optStr(args, 'station');
  const station = name ? findStation(ctx, svc, name) : resolveActiveStation(ctx.config()[svc]);
  if (!station) {
    throw new AppError(
      'not_found',
      `${svc} has no station to import into: add one first`,
      'station',
    );
  }
  return { svc, station };
}

export const importPreview: Handler<'importPreview'> = (ctx, args) => {
  const source = importSource(args);
  const { svc, station } = targetStation(ctx, args);
  let read;
  try {
    read = readImportSource(source, ctx.importContext(svc));
  } catch (err) {
    // The first-run offer asks every source: one that is not there is nothing found (§5.3).
    if (args.ifPresent !== true || !(err instanceof AppError) || err.code !== 'not_found')
      throw err;
    return { source, file: '', candidates: [], warnings: [err.message] };
  }
  return {
    source,
    file: read.file,
    candidates: markDuplicates(read.candidates, station.upstreams, station.name),
    warnings: read.warnings,
  };
};

export const importApply: Handler<'importApply'> = (ctx, args) => {
  const source = importSource(args);
  const { svc, station } = targetStation(ctx, args);
  const wanted = Array.isArray(args.ids) ? new Set(args.ids.map(String)) : null;
  const read = readImportSource(source, ctx.importContext(svc));
  const candidates = markDuplicates(read.candidates, station.upstreams, station.name);
  const imported: string[] = [];
  const skipped: { id: string; reason: string }[] = [];
  // Grow a working copy so later candidates see earlier ones (ids stay unique).
  const working = { ...station, upstreams: [...station.upstreams] };
  const edits: ConfigEdit[] = [];
  for (const c of candidates) {
    if (wanted && !wanted.has(c.id)) continue;
    if (c.duplicateOf) {
      skipped.push({ id: c.id, reason: `duplicate of ${c.duplicateOf}` });
      continue;
    }
    try {
      const upstream = toUpstreamConfig(c.upstream, working);
      edits.push({ kind: 'appendUpstream', service: svc, station: station.name, upstream });
      working.upstreams.push(upstream);
      imported.push(upstreamId(station.name, working.upstreams.length - 1, upstream.tags));
    } catch (err) {
      skipped.push({ id: c.id, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  if (edits.length) ctx.save(edits);
  return { imported, skipped, version: ctx.changed() };
};
