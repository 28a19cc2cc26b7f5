// Importer from Codex's own config.toml (docs/behaviour.md §5.3): each [model_providers.<id>]
// except our codex_proxy becomes an upstream, the selected provider first. Never copies a secret.
import path from 'node:path';
import { AppError } from '../../../shared/contract';
import type { ServiceName } from '../../../shared/config-types';
import { PROXY_PROVIDER_ID, revertCodexSwitch, type CodexPieces } from './codex-edit';
import { isOwnAddress, SWITCH_STATE_FILE } from './context';
import { readSwitchState, readTextIfExists } from './fs-util';
import { str, upstreamInput, type ReadResult } from './import-common';
import { isRecord, parseTomlOrRefuse } from './text';

export interface ImportSourceContext {
  codexHome: string;
  /** $CODEX_HELPER_HOME or ~/.codex-helper. */
  codexHelperHome: string;
  service: ServiceName;
  ownAddresses: readonly { host: string; port: number }[];
}

function isPieces(v: unknown): v is CodexPieces {
  return (
    isRecord(v) &&
    typeof v.blankBeforeTable === 'boolean' &&
    (v.modelProviderLine === null || typeof v.modelProviderLine === 'string') &&
    (v.codexProxyTable === null || typeof v.codexProxyTable === 'string')
  );
}

export function readCodexSource(ctx: ImportSourceContext): ReadResult {
  const file = path.join(ctx.codexHome, 'config.toml');
  const raw = readTextIfExists(file);
  if (raw === null)
    throw new AppError(
      'not_found',
      `${file} does not exist: there is nothing to import from Codex`,
    );
  parseTomlOrRefuse(raw, file);
  // While our switch is on, read the file as it was before it (the switch virtually undone).
  const state = readSwitchState(path.join(ctx.codexHome, SWITCH_STATE_FILE), isPieces);
  const doc = parseTomlOrRefuse(state ? revertCodexSwitch(raw, state) : raw, file);
  const providers = isRecord(doc.model_providers) ? doc.model_providers : {};
  const selected = str(doc.model_provider) ?? null;
  const selectedDef = selected !== null ? providers[selected] : undefined;
  if (selected !== null && isRecord(selectedDef)) {
    const url = str(selectedDef.base_url);
    if (url && isOwnAddress(url, ctx.ownAddresses)) {
      throw new AppError(
        'refused',
        `${file} points Codex at this proxy (provider "${selected}"); importing it would make the proxy forward to itself`,
      );
    }
  }
  const warnings: string[] = [];
  if (selected !== null && !isRecord(selectedDef) && selected !== PROXY_PROVIDER_ID) {
    warnings.push(
      `the selected provider "${selected}" is built into Codex (no [model_providers.${selected}] table); not imported`,
    );
  }
  const ids = Object.keys(providers).filter((id) => id !== PROXY_PROVIDER_ID);
  ids.sort((a, b) => (a === selected ? -1 : b === selected ? 1 : 0));
  const result: ReadResult = { file, candidates: [], warnings };
  for (const id of ids) {
    const p = providers[id];
    const origin = `[model_providers.${id}]`;
    if (!isRecord(p)) continue;
    const baseUrl = str(p.base_url);
    if (!baseUrl) {
      warnings.push(`provider ${id} has no base_url; skipped`);
      continue;
    }
    if (isOwnAddress(baseUrl, ctx.ownAddresses)) {
      warnings.push(`provider ${id} points at this proxy; skipped`);
      continue;
    }
    if (str(p.experimental_bearer_token))
      warnings.push(`provider ${id} has an inline secret; set it again in the app`);
    const name = str(p.name);
    result.candidates.push({
      id: `${id}/default`,
      origin,
      upstream: upstreamInput({
        baseUrl,
        ...(name && name !== id ? { alias: name } : {}),
        ...(str(p.env_key) ? { authTokenEnv: str(p.env_key) } : {}),
        tags: { provider_id: id, endpoint_id: 'default' },
      }),
    });
  }
  return result;
}
