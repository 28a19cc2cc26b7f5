// Pure text edits of Codex's config.toml for the switch (docs/behaviour.md §5.1). Only two pieces
// are ever touched — the top-level `model_provider` key/value and the
// `[model_providers.codex_proxy]` table — located by source range so every other byte (comments,
// CRLF, the final newline) stays.
import { parseTomlText } from '../config/toml-long';
import type { AST } from 'toml-eslint-parser';
import { detectLineEnding, type LineEnding } from './text';

export const PROXY_PROVIDER_ID = 'codex_proxy';
const MODEL_PROVIDER_LINE = `model_provider = "${PROXY_PROVIDER_ID}"`;

/** What switching on changed, so that off can put it back (kept in the switch-state file). */
export interface CodexPieces {
  /** The original top-level `model_provider = ...` text, or null when there was none. */
  modelProviderLine: string | null;
  /** The original `[model_providers.codex_proxy]` table text, or null when there was none. */
  codexProxyTable: string | null;
  /** Whether a blank separator line was inserted before an appended table. */
  blankBeforeTable: boolean;
  lineEnding: LineEnding;
}

interface Span {
  start: number;
  end: number;
}

interface Located {
  modelProvider: (Span & { value: string | null }) | null;
  proxyTable: Span | null;
  firstTableStart: number | null;
}

function keyName(k: AST.TOMLBare | AST.TOMLQuoted): string {
  return k.type === 'TOMLBare' ? k.name : k.value;
}

function locate(text: string): Located {
  const ast = parseTomlText(text);
  const top = ast.body[0];
  const found: Located = { modelProvider: null, proxyTable: null, firstTableStart: null };
  if (!top) return found;
  for (const node of top.body) {
    if (node.type === 'TOMLKeyValue') {
      const keys = node.key.keys.map(keyName);
      if (keys.length === 1 && keys[0] === 'model_provider') {
        const v = node.value;
        const value = v.type === 'TOMLValue' && v.kind === 'string' ? v.value : null;
        found.modelProvider = { start: node.range[0], end: node.range[1], value };
      }
    } else {
      found.firstTableStart ??= node.range[0];
      const keys = node.resolvedKey;
      if (
        node.kind === 'standard' &&
        keys.length === 2 &&
        keys[0] === 'model_providers' &&
        keys[1] === PROXY_PROVIDER_ID
      ) {
        found.proxyTable = { start: node.range[0], end: node.range[1] };
      }
    }
  }
  return found;
}

export function proxyTableLines(baseUrl: string): string[] {
  return [
    `[model_providers.${PROXY_PROVIDER_ID}]`,
    'name = "codex-helper-desktop"',
    `base_url = ${JSON.stringify(baseUrl)}`,
    'wire_api = "responses"',
    'request_max_retries = 0',
    'supports_websockets = false',
  ];
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

/**
 * Appends a block of lines. The file's own ending is kept: a file without a final newline still
 * has none afterwards (the newline goes before the block instead); an empty file gets one.
 */
function appendBlock(text: string, block: string, eol: LineEnding, blank: boolean): string {
  if (text === '') return block + eol;
  const sep = blank ? eol : '';
  if (text.endsWith('\n')) return text + sep + block + eol;
  return text + eol + sep + block;
}

/** Removes the whole lines holding [start, end), with their line break. */
function removeLines(text: string, start: number, end: number): string {
  const ls = lineStart(text, start);
  const nl = text.indexOf('\n', end);
  if (nl >= 0) return splice(text, ls, nl + 1, '');
  // Last line without a final newline: drop the break before it so the file still ends bare.
  let cut = ls;
  if (cut > 0 && text[cut - 1] === '\n') cut -= text[cut - 2] === '\r' ? 2 : 1;
  return splice(text, cut, text.length, '');
}

/** Removes one empty line just before the line at `pos`, when there is one. */
function removeBlankLineBefore(text: string, pos: number): string {
  const ls = lineStart(text, pos);
  if (ls === 0) return text;
  const prevStart = lineStart(text, ls - 1);
  const prev = text.slice(prevStart, ls);
  return prev === '\n' || prev === '\r\n' ? splice(text, prevStart, ls, '') : text;
}

/** Applies the switch to `text` (valid TOML). Idempotent: a switched file is re-pointed in place. */
export function applyCodexSwitch(
  text: string,
  baseUrl: string,
): { text: string; pieces: CodexPieces } {
  const eol = detectLineEnding(text);
  let out = text;
  const first = locate(out);
  let modelProviderLine: string | null = null;
  if (first.modelProvider) {
    modelProviderLine = out.slice(first.modelProvider.start, first.modelProvider.end);
    out = splice(out, first.modelProvider.start, first.modelProvider.end, MODEL_PROVIDER_LINE);
  } else if (first.firstTableStart !== null) {
    // Top-level keys must precede the first table header, or TOML reads them into that table.
    const at = lineStart(out, first.firstTableStart);
    out = splice(out, at, at, MODEL_PROVIDER_LINE + eol);
  } else {
    out = appendBlock(out, MODEL_PROVIDER_LINE, eol, false);
  }
  const second = locate(out);
  const table = proxyTableLines(baseUrl).join(eol);
  let codexProxyTable: string | null = null;
  let blankBeforeTable = false;
  if (second.proxyTable) {
    codexProxyTable = out.slice(second.proxyTable.start, second.proxyTable.end);
    out = splice(out, second.proxyTable.start, second.proxyTable.end, table);
  } else {
    blankBeforeTable = out !== '';
    out = appendBlock(out, table, eol, blankBeforeTable);
  }
  return {
    text: out,
    pieces: { modelProviderLine, codexProxyTable, blankBeforeTable, lineEnding: eol },
  };
}

/**
 * Puts the original pieces back into the current text. Anything else — including edits Codex or
 * the user made while switched on — is kept. A `model_provider` the user changed away from ours
 * meanwhile is their choice and stays.
 */
export function revertCodexSwitch(text: string, pieces: CodexPieces): string {
  let out = text;
  const first = locate(out);
  if (first.proxyTable) {
    const { start, end } = first.proxyTable;
    if (pieces.codexProxyTable !== null) {
      out = splice(out, start, end, pieces.codexProxyTable);
    } else {
      const before = out.length;
      if (pieces.blankBeforeTable) out = removeBlankLineBefore(out, start);
      const shift = before - out.length;
      out = removeLines(out, start - shift, end - shift);
    }
  }
  const second = locate(out);
  const mp = second.modelProvider;
  if (mp && mp.value === PROXY_PROVIDER_ID) {
    out =
      pieces.modelProviderLine !== null
        ? splice(out, mp.start, mp.end, pieces.modelProviderLine)
        : removeLines(out, mp.start, mp.end);
  }
  return out;
}

/** The provider id selected at top level and each provider's base_url, from parsed TOML. */
export function selectedProvider(doc: Record<string, unknown>): {
  id: string | null;
  baseUrl: string | null;
} {
  const id = typeof doc.model_provider === 'string' ? doc.model_provider : null;
  const providers = doc.model_providers;
  let baseUrl: string | null = null;
  if (id !== null && typeof providers === 'object' && providers !== null) {
    const p = (providers as Record<string, unknown>)[id];
    if (typeof p === 'object' && p !== null) {
      const b = (p as Record<string, unknown>).base_url;
      baseUrl = typeof b === 'string' ? b : null;
    }
  }
  return { id, baseUrl };
}
