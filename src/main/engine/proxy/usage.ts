// Token usage from JSON bodies and SSE events (docs/behaviour.md §4): OpenAI Responses and Chat
// Completions (`usage` / `response.usage`), Anthropic `message_start` + `message_delta`.
import type { TokenUsage } from '../../../shared/snapshot';
import { isJsonWs } from './json-bytes';

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null;
}

/** Numbers may arrive as numeric strings. */
function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    if (Number.isFinite(n)) return n;
  }
  return undefined;
}

interface Partial {
  input?: number;
  output?: number;
  total?: number;
  reasoning?: number;
  cached?: number;
  cacheCreation?: number;
}

function fromUsageObject(u: Obj): Partial {
  const inDetails = obj(u['input_tokens_details']) ?? obj(u['prompt_tokens_details']);
  const outDetails = obj(u['output_tokens_details']) ?? obj(u['completion_tokens_details']);
  return {
    input: num(u['input_tokens']) ?? num(u['prompt_tokens']),
    output: num(u['output_tokens']) ?? num(u['completion_tokens']),
    total: num(u['total_tokens']),
    reasoning: num(outDetails?.['reasoning_tokens']) ?? num(u['reasoning_tokens']),
    cached: num(inDetails?.['cached_tokens']) ?? num(u['cache_read_input_tokens']),
    cacheCreation: num(u['cache_creation_input_tokens']),
  };
}

/** The usage object a JSON document or SSE event carries, if any. */
function usageOf(doc: Obj): Obj | null {
  const direct = obj(doc['usage']);
  if (direct) return direct;
  const response = obj(doc['response']);
  const nested = response && obj(response['usage']);
  if (nested) return nested;
  // Anthropic `message_start` carries it inside `message`.
  const message = obj(doc['message']);
  return (message && obj(message['usage'])) ?? null;
}

/** Collects usage over one response; later events override the fields they carry. */
export class UsageAccumulator {
  private acc: Partial = {};
  private seen = false;

  addDocument(doc: unknown): void {
    const o = obj(doc);
    if (!o) return;
    const u = usageOf(o);
    if (u) this.addUsage(u);
  }

  /** A usage object itself (`{"input_tokens": …}`). */
  addUsage(usage: unknown): void {
    const u = obj(usage);
    if (!u) return;
    const p = fromUsageObject(u);
    for (const k of Object.keys(p) as (keyof Partial)[]) {
      const v = p[k];
      if (v !== undefined) {
        this.acc[k] = v;
        this.seen = true;
      }
    }
  }

  /**
   * The JSON document in `buf[from, end)` (an SSE event's data): its last `"usage"` object is
   * parsed alone, the whole document only where that cannot be read (see `usageFromJsonBytes`).
   */
  addJsonBytes(buf: Buffer, from: number, end: number): void {
    const usage = lastUsageObject(buf, from, end);
    if (usage === undefined) this.addJsonText(buf.toString('utf8', from, end));
    else if (usage !== null) this.addUsage(usage);
  }

  /** Parses a JSON text and adds it; unparsable text is ignored (usage is best effort). */
  addJsonText(text: string): void {
    try {
      this.addDocument(JSON.parse(text));
    } catch {
      // not JSON: no usage to read
    }
  }

  result(): TokenUsage | null {
    if (!this.seen) return null;
    const a = this.acc;
    const input = a.input ?? 0;
    const output = a.output ?? 0;
    return {
      inputTokens: input,
      outputTokens: output,
      totalTokens: a.total ?? input + output,
      reasoningTokens: a.reasoning ?? 0,
      cachedInputTokens: a.cached ?? 0,
      cacheCreationTokens: a.cacheCreation ?? 0,
    };
  }
}

const USAGE_KEY = Buffer.from('"usage"');

/** Index of the `}` closing the object that opens at `start` (before `end`), or -1. UTF-8 bytes. */
function objectEnd(body: Buffer, start: number, end: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < end; i++) {
    const c = body[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return c === 0x7d ? i : -1;
    }
  }
  return -1;
}

/**
 * Usage of a whole JSON answer, read from its last `"usage": {…}` object alone: the answer itself
 * (which can be large) is not parsed. Where that is not found or not readable, the whole answer is
 * parsed as before (§4).
 */
export function usageFromJsonBytes(body: Buffer): TokenUsage | null {
  const acc = new UsageAccumulator();
  acc.addJsonBytes(body, 0, body.length);
  return acc.result();
}

/**
 * The last `"usage": {…}` object of the JSON text in `body[from, end)`, parsed alone (the text
 * around it can be large). Null when the text never mentions `"usage"` (nothing to read);
 * undefined when it does but no such object can be read alone (the caller parses the text).
 */
function lastUsageObject(body: Buffer, from: number, end: number): object | null | undefined {
  let at = body.lastIndexOf(USAGE_KEY, end - USAGE_KEY.length);
  if (at < from) return null;
  // A key inside a string is escaped (`\"usage\"`): not a key.
  while (at > from && body[at - 1] === 0x5c) at = body.lastIndexOf(USAGE_KEY, at - 1);
  if (at <= from) return undefined;
  let i = at + USAGE_KEY.length;
  while (i < end && isJsonWs(body[i])) i++;
  if (body[i] !== 0x3a) return undefined;
  i++;
  while (i < end && isJsonWs(body[i])) i++;
  const close = body[i] === 0x7b ? objectEnd(body, i, end) : -1;
  if (close === -1) return undefined;
  try {
    return JSON.parse(body.toString('utf8', i, close + 1)) as object;
  } catch {
    return undefined;
  }
}

export function usageFromJson(doc: unknown): TokenUsage | null {
  const acc = new UsageAccumulator();
  acc.addDocument(doc);
  return acc.result();
}
