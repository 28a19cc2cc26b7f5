// Pointing Claude Code at the proxy (docs/behaviour.md §5.2): env.ANTHROPIC_BASE_URL in
// settings.json, edited in place (json-edit.ts) and restored from the switch state on off.
import fs from 'node:fs';
import path from 'node:path';
import { AppError, type SwitchPreview } from '../../../shared/contract';
import type { ClientSnapshot } from '../../../shared/snapshot';
import { dialHost, isOwnAddress, SWITCH_STATE_FILE, type ClientContext } from './context';
import {
  readSwitchState,
  readTextIfExists,
  removeFile,
  writeFileAtomic,
  recordBeforeFirstChange,
} from './fs-util';
import {
  detectIndent,
  findDuplicateKey,
  insertMember,
  removeMember,
  rootObject,
  scanObject,
  splice,
} from './json-edit';
import { detectLineEnding, isRecord, switchPreview } from './text';

const KEY = 'ANTHROPIC_BASE_URL';

export interface ClaudeSwitchState {
  client: 'claude';
  fileExisted: boolean;
  envExisted: boolean;
  /** The previous value's JSON text, or null when the key was absent. */
  previousValue: string | null;
}

function isClaudeState(v: unknown): v is ClaudeSwitchState {
  if (!isRecord(v)) return false;
  return (
    v.client === 'claude' &&
    typeof v.fileExisted === 'boolean' &&
    typeof v.envExisted === 'boolean' &&
    (v.previousValue === null || typeof v.previousValue === 'string')
  );
}

export function claudeFiles(dir: string): { config: string; state: string; backup: string } {
  const config = path.join(dir, 'settings.json');
  return {
    config,
    state: path.join(dir, SWITCH_STATE_FILE),
    backup: `${config}.codex-helper-desktop.bak`,
  };
}

export function claudeProxyUrl(ctx: ClientContext): string {
  return `http://${dialHost(ctx.proxyHost)}:${ctx.claudePort}`;
}

function parseSettings(text: string, file: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new AppError(
      'refused',
      `${file} is not valid JSON (${(err as Error).message}); it was left untouched`,
    );
  }
  if (!isRecord(doc))
    throw new AppError('refused', `${file} must hold a JSON object; it was left untouched`);
  const dup = findDuplicateKey(text);
  if (dup) {
    throw new AppError(
      'refused',
      `${file}, line ${dup.line}: key "${dup.path}" is written twice; remove one and try again (the file was left untouched)`,
    );
  }
  if (doc.env !== undefined && !isRecord(doc.env)) {
    throw new AppError('refused', `${file}: "env" must be an object; it was left untouched`);
  }
  return doc;
}

function currentUrl(doc: Record<string, unknown>): unknown {
  return isRecord(doc.env) ? doc.env[KEY] : undefined;
}

export function claudeStatus(ctx: ClientContext): ClientSnapshot {
  const files = claudeFiles(ctx.claudeConfigDir);
  try {
    const state = readSwitchState(files.state, isClaudeState);
    const text = readTextIfExists(files.config);
    const doc = text === null ? {} : parseSettings(text, files.config);
    const url = currentUrl(doc);
    const ours =
      typeof url === 'string' && isOwnAddress(url, [{ host: ctx.proxyHost, port: ctx.claudePort }]);
    if (state)
      return {
        status: ours && ctx.serving.claude ? 'on' : 'stale',
        file: files.config,
        error: null,
      };
    return { status: ours ? 'foreign' : 'off', file: files.config, error: null };
  } catch (err) {
    return {
      status: fs.existsSync(files.state) ? 'stale' : 'off',
      file: files.config,
      error: (err as Error).message,
    };
  }
}

function planOn(ctx: ClientContext): {
  before: string;
  after: string;
  state: ClaudeSwitchState | null;
  fresh: ClaudeSwitchState;
} {
  const files = claudeFiles(ctx.claudeConfigDir);
  const state = readSwitchState(files.state, isClaudeState);
  const current = readTextIfExists(files.config);
  const url = claudeProxyUrl(ctx);
  if (current === null) {
    const after = `{\n  "env": {\n    ${JSON.stringify(KEY)}: ${JSON.stringify(url)}\n  }\n}\n`;
    return {
      before: '',
      after,
      state,
      fresh: { client: 'claude', fileExisted: false, envExisted: false, previousValue: null },
    };
  }
  const doc = parseSettings(current, files.config);
  const existing = currentUrl(doc);
  if (
    !state &&
    typeof existing === 'string' &&
    isOwnAddress(existing, [{ host: ctx.proxyHost, port: ctx.claudePort }])
  ) {
    throw new AppError(
      'refused',
      `${files.config} already points Claude Code at this proxy (${existing}) without a switch state; ` +
        'switching would make the proxy forward to itself',
    );
  }
  const indent = detectIndent(current);
  const eol = detectLineEnding(current);
  const root = rootObject(current);
  const envMember = root.members.find((m) => m.key === 'env');
  let after: string;
  let previousValue: string | null = null;
  if (!envMember) {
    const inner = `{${eol}${indent.repeat(2)}${JSON.stringify(KEY)}: ${JSON.stringify(url)}${eol}${indent}}`;
    after = insertMember(current, root, 'env', inner, 0, indent, eol);
  } else {
    const env = scanObject(current, envMember.valueStart);
    const m = env.members.find((x) => x.key === KEY);
    if (m) {
      previousValue = current.slice(m.valueStart, m.valueEnd);
      after = splice(current, m.valueStart, m.valueEnd, JSON.stringify(url));
    } else {
      after = insertMember(current, env, KEY, JSON.stringify(url), 1, indent, eol);
    }
  }
  parseSettings(after, `${files.config} (switched on)`);
  return {
    before: current,
    after,
    state,
    fresh: {
      client: 'claude',
      fileExisted: true,
      envExisted: envMember !== undefined,
      previousValue,
    },
  };
}

export function previewClaudeSwitch(ctx: ClientContext): SwitchPreview {
  const { config } = claudeFiles(ctx.claudeConfigDir);
  return switchPreview('claude', config, 'settings.json', () => planOn(ctx));
}

export function switchClaudeOn(ctx: ClientContext): void {
  const files = claudeFiles(ctx.claudeConfigDir);
  const plan = planOn(ctx);
  if (!plan.state) recordBeforeFirstChange(files, plan.fresh.fileExisted, plan.fresh);
  if (plan.after !== plan.before || !plan.fresh.fileExisted)
    writeFileAtomic(files.config, plan.after);
}

export function switchClaudeOff(ctx: ClientContext): void {
  const files = claudeFiles(ctx.claudeConfigDir);
  const state = readSwitchState(files.state, isClaudeState);
  if (!state) return;
  const current = readTextIfExists(files.config);
  if (current !== null) {
    const doc = parseSettings(current, files.config);
    const url = currentUrl(doc);
    let out = current;
    // A value the user changed away from ours meanwhile is their choice and stays.
    if (
      typeof url === 'string' &&
      isOwnAddress(url, [{ host: ctx.proxyHost, port: ctx.claudePort }])
    ) {
      const root = rootObject(current);
      const envMember = root.members.find((m) => m.key === 'env');
      if (envMember) {
        const env = scanObject(current, envMember.valueStart);
        const m = env.members.find((x) => x.key === KEY);
        if (m && state.previousValue !== null) {
          out = splice(current, m.valueStart, m.valueEnd, state.previousValue);
        } else if (!state.envExisted && env.members.length === 1) {
          out = removeMember(current, root, 'env');
        } else {
          out = removeMember(current, env, KEY);
        }
      }
    }
    const restored = parseSettings(out, `${files.config} (restored)`);
    if (!state.fileExisted && Object.keys(restored).length === 0) removeFile(files.config);
    else if (out !== current) writeFileAtomic(files.config, out);
  }
  removeFile(files.state);
}
