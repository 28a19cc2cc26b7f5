// Pointing Codex at the proxy (docs/behaviour.md §5.1): status, diff preview, switch on and off.
// The user's config.toml is edited surgically (codex-edit.ts) and validated before and after;
// the switch state beside it records exactly what to put back.
import fs from 'node:fs';
import path from 'node:path';
import { AppError, type SwitchPreview } from '../../../shared/contract';
import type { ClientSnapshot } from '../../../shared/snapshot';
import {
  applyCodexSwitch,
  PROXY_PROVIDER_ID,
  revertCodexSwitch,
  selectedProvider,
  type CodexPieces,
} from './codex-edit';
import { dialHost, isOwnAddress, SWITCH_STATE_FILE, type ClientContext } from './context';
import {
  readSwitchState,
  readTextIfExists,
  removeFile,
  writeFileAtomic,
  recordBeforeFirstChange,
} from './fs-util';
import { parseTomlOrRefuse, switchPreview } from './text';

export interface CodexSwitchState extends CodexPieces {
  client: 'codex';
  fileExisted: boolean;
}

function isCodexState(v: unknown): v is CodexSwitchState {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  const strOrNull = (x: unknown): boolean => x === null || typeof x === 'string';
  return (
    s.client === 'codex' &&
    typeof s.fileExisted === 'boolean' &&
    typeof s.blankBeforeTable === 'boolean' &&
    (s.lineEnding === '\n' || s.lineEnding === '\r\n') &&
    strOrNull(s.modelProviderLine) &&
    strOrNull(s.codexProxyTable)
  );
}

export function codexFiles(codexHome: string): { config: string; state: string; backup: string } {
  const config = path.join(codexHome, 'config.toml');
  return {
    config,
    state: path.join(codexHome, SWITCH_STATE_FILE),
    backup: `${config}.codex-helper-desktop.bak`,
  };
}

export function codexProxyBaseUrl(ctx: ClientContext): string {
  return `http://${dialHost(ctx.proxyHost)}:${ctx.codexPort}/v1`;
}

function ownAddresses(ctx: ClientContext): { host: string; port: number }[] {
  return [{ host: ctx.proxyHost, port: ctx.codexPort }];
}

/** Whether the selected provider of a parsed Codex config is one of our listeners. */
export function pointsAtAddresses(
  doc: Record<string, unknown>,
  addresses: readonly { host: string; port: number }[],
): boolean {
  const { baseUrl } = selectedProvider(doc);
  return baseUrl !== null && isOwnAddress(baseUrl, addresses);
}

export function codexStatus(ctx: ClientContext): ClientSnapshot {
  const files = codexFiles(ctx.codexHome);
  try {
    const state = readSwitchState(files.state, isCodexState);
    const text = readTextIfExists(files.config);
    const doc = text === null ? {} : parseTomlOrRefuse(text, files.config);
    if (state) {
      // A switch that is not (or no longer) routing Codex through a live proxy needs restoring.
      const ours = doc.model_provider === PROXY_PROVIDER_ID;
      return {
        status: ours && ctx.serving.codex ? 'on' : 'stale',
        file: files.config,
        error: null,
      };
    }
    const foreign = pointsAtAddresses(doc, ownAddresses(ctx));
    return { status: foreign ? 'foreign' : 'off', file: files.config, error: null };
  } catch (err) {
    const hasState = fs.existsSync(files.state);
    return {
      status: hasState ? 'stale' : 'off',
      file: files.config,
      error: err instanceof Error ? err.message : String(err),
    };
  }
}

interface Plan {
  before: string;
  after: string;
  fileExisted: boolean;
  state: CodexSwitchState | null;
  pieces: CodexPieces;
}

function planOn(ctx: ClientContext): Plan {
  const files = codexFiles(ctx.codexHome);
  const state = readSwitchState(files.state, isCodexState);
  const current = readTextIfExists(files.config);
  const before = current ?? '';
  const doc = parseTomlOrRefuse(before, files.config);
  if (!state && pointsAtAddresses(doc, ownAddresses(ctx))) {
    throw new AppError(
      'refused',
      `${files.config} already points Codex at this proxy (provider "${String(doc.model_provider)}") ` +
        'without a switch state; switching would make the proxy forward to itself. ' +
        'Point model_provider at your real provider first.',
    );
  }
  const baseUrl = codexProxyBaseUrl(ctx);
  let edited: ReturnType<typeof applyCodexSwitch>;
  try {
    edited = applyCodexSwitch(before, baseUrl);
  } catch (err) {
    throw new AppError(
      'refused',
      `cannot locate the pieces to edit in ${files.config}: ${(err as Error).message}`,
    );
  }
  const after = parseTomlOrRefuse(edited.text, `${files.config} (switched on)`);
  const sel = selectedProvider(after);
  if (sel.id !== PROXY_PROVIDER_ID || sel.baseUrl !== baseUrl) {
    throw new AppError(
      'refused',
      `${files.config} defines model_providers.${PROXY_PROVIDER_ID} in a way this app cannot edit safely; it was left untouched`,
    );
  }
  return {
    before,
    after: edited.text,
    fileExisted: current !== null,
    state,
    pieces: edited.pieces,
  };
}

export function previewCodexSwitch(ctx: ClientContext): SwitchPreview {
  const { config } = codexFiles(ctx.codexHome);
  return switchPreview('codex', config, 'config.toml', () => planOn(ctx));
}

export function switchCodexOn(ctx: ClientContext): void {
  const files = codexFiles(ctx.codexHome);
  const plan = planOn(ctx);
  // The state and backup are written before the first change and never overwritten by a
  // re-switch: they hold the user's originals.
  if (!plan.state) {
    recordBeforeFirstChange(files, plan.fileExisted, {
      client: 'codex',
      fileExisted: plan.fileExisted,
      ...plan.pieces,
    });
  }
  if (plan.after !== plan.before || !plan.fileExisted) writeFileAtomic(files.config, plan.after);
}

export function switchCodexOff(ctx: ClientContext): void {
  const files = codexFiles(ctx.codexHome);
  const state = readSwitchState(files.state, isCodexState);
  if (!state) return;
  const current = readTextIfExists(files.config);
  if (current !== null) {
    parseTomlOrRefuse(current, files.config);
    const restored = revertCodexSwitch(current, state);
    parseTomlOrRefuse(restored, `${files.config} (restored)`);
    if (!state.fileExisted && restored.trim() === '') removeFile(files.config);
    else if (restored !== current) writeFileAtomic(files.config, restored);
  }
  removeFile(files.state);
}
