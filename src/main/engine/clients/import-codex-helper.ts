// Importer from the Rust codex-helper (`$CODEX_HELPER_HOME`, config.toml else config.json). Only
// reads its files, never writes them; picks the layout the way that tool does.
import path from 'node:path';
import { AppError } from '../../../shared/contract';
import { readTextIfExists } from './fs-util';
import type { ReadResult } from './import-common';
import type { ImportSourceContext } from './import-codex';
import { flattenRouteGraph, flattenV2 } from './import-helper-graph';
import { flattenLegacy } from './import-helper-legacy';
import { isRecord, parseTomlOrRefuse } from './text';

export function readCodexHelperSource(ctx: ImportSourceContext): ReadResult {
  const tomlFile = path.join(ctx.codexHelperHome, 'config.toml');
  const jsonFile = path.join(ctx.codexHelperHome, 'config.json');
  let file = tomlFile;
  let doc: Record<string, unknown>;
  let isJson = false;
  const toml = readTextIfExists(tomlFile);
  if (toml !== null) {
    doc = parseTomlOrRefuse(toml, tomlFile);
  } else {
    const json = readTextIfExists(jsonFile);
    if (json === null) {
      throw new AppError(
        'not_found',
        `neither ${tomlFile} nor ${jsonFile} exists: nothing to import from codex-helper`,
      );
    }
    file = jsonFile;
    isJson = true;
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (err) {
      throw new AppError('refused', `${jsonFile} is not valid JSON (${(err as Error).message})`);
    }
    if (!isRecord(parsed)) throw new AppError('refused', `${jsonFile} must hold a JSON object`);
    doc = parsed;
  }
  const warnings: string[] = [];
  const svc = doc[ctx.service];
  if (!isRecord(svc))
    return { file, candidates: [], warnings: [`${file} has no [${ctx.service}] section`] };
  const version =
    typeof doc.version === 'number' && Number.isInteger(doc.version) ? doc.version : null;
  const routing = svc.routing;
  let layout: 'legacy' | 'v2' | 'graph' = 'legacy';
  if (!isJson) {
    if (version === 4 || version === 5) layout = 'graph';
    else if (version === 2) layout = 'v2';
    else if (version === null && isRecord(routing)) layout = 'graph';
  }
  const candidates =
    layout === 'graph'
      ? flattenRouteGraph(ctx.service, svc, warnings)
      : layout === 'v2'
        ? flattenV2(ctx.service, svc, warnings)
        : flattenLegacy(ctx.service, svc, warnings);
  return { file, candidates, warnings: [...new Set(warnings)] };
}
