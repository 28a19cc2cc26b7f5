// Request preparation (docs/behaviour.md §3.2): body with a size limit, model and session id.
import type { IncomingMessage } from 'node:http';
import type { ServiceName } from '../../../shared/config-types';
import { isJsonWs } from './json-bytes';

export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export class BodyTooLarge extends Error {
  constructor() {
    super(`request body is larger than ${MAX_BODY_BYTES} bytes (10 MiB)`);
  }
}

/**
 * The request body, whole. `expected`: the length the client declared (request-head.ts), when it
 * declared one: the body is whole as soon as that many bytes arrived, without waiting for the
 * stream's end, a turn later (Node's parser never hands a message more than its length).
 */
export function readBody(
  req: IncomingMessage,
  limit = MAX_BODY_BYTES,
  expected: number | null = null,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const whole = (): Buffer => (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        // Keep reading (and discarding) so the client finishes sending and sees the 413.
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
      if (size === expected) {
        done = true;
        resolve(whole());
      }
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(whole());
    });
    req.on('error', (err) => {
      if (done) return;
      done = true;
      reject(err);
    });
  });
}

export interface ParsedBody {
  model: string | null;
  /** Parsed on first use only: needed when no session header was sent. */
  promptCacheKey(): string | null;
  /** Claude Code: `session_id` inside the JSON string `metadata.user_id`, on first use only. */
  metadataSessionId(): string | null;
  /** The JSON object, parsed on first use only (a model rewrite needs it). */
  json(): Record<string, unknown> | null;
}

const NO_BODY: ParsedBody = {
  model: null,
  promptCacheKey: () => null,
  metadataSessionId: () => null,
  json: () => null,
};

/** `{"session_id":"…"}` as a JSON string (Claude Code's `metadata.user_id`). */
function sessionInUserId(userId: unknown): string | null {
  if (typeof userId !== 'string' || !userId.startsWith('{')) return null;
  try {
    const doc: unknown = JSON.parse(userId);
    const id =
      typeof doc === 'object' && doc !== null
        ? (doc as Record<string, unknown>)['session_id']
        : null;
    return typeof id === 'string' && id !== '' ? id : null;
  } catch {
    return null;
  }
}

const MODEL_KEY = Buffer.from('"model"');

/**
 * Codex and Claude Code write `model` as the first key. Reading it from the first bytes spares
 * a JSON.parse of a conversation that can run to megabytes; anything unusual (escapes, another
 * first key) returns undefined and the caller parses.
 */
export function leadingModel(body: Buffer): string | null | undefined {
  let i = 0;
  const at = (k: number) => body[k];
  while (isJsonWs(at(i))) i++;
  if (at(i) !== 0x7b) return undefined;
  i++;
  while (isJsonWs(at(i))) i++;
  for (let k = 0; k < MODEL_KEY.length; k++) if (at(i + k) !== MODEL_KEY[k]) return undefined;
  i += MODEL_KEY.length;
  while (isJsonWs(at(i))) i++;
  if (at(i) !== 0x3a) return undefined;
  i++;
  while (isJsonWs(at(i))) i++;
  if (at(i) !== 0x22) return undefined;
  const start = i + 1;
  const end = body.indexOf(0x22, start);
  if (end === -1 || end - start > 256) return undefined;
  if (body.indexOf(0x5c, start) !== -1 && body.indexOf(0x5c, start) < end) return undefined;
  return body.toString('utf8', start, end);
}

// Searched for as bytes (a string needle would be encoded again on every request).
const PROMPT_CACHE_KEY = Buffer.from('"prompt_cache_key"');
const USER_ID = Buffer.from('"user_id"');

/** Reads only `model` (and, on demand, `prompt_cache_key`) from JSON bodies. */
export function parseBody(contentType: string | undefined, body: Buffer): ParsedBody {
  if (body.length === 0 || !contentType || !contentType.includes('json')) return NO_BODY;
  let parsed: Record<string, unknown> | null | undefined;
  const json = (): Record<string, unknown> | null => {
    if (parsed !== undefined) return parsed;
    parsed = null;
    try {
      const doc: unknown = JSON.parse(body.toString('utf8'));
      if (typeof doc === 'object' && doc !== null && !Array.isArray(doc)) {
        parsed = doc as Record<string, unknown>;
      }
    } catch {
      // not JSON: forwarded as is, nothing to read
    }
    return parsed;
  };
  let model = leadingModel(body);
  if (model === undefined) {
    const m = json()?.['model'];
    model = typeof m === 'string' ? m : null;
  }
  return {
    model,
    json,
    promptCacheKey: () => {
      // Most bodies have none: finding that out must not cost a parse of the whole conversation.
      if (body.indexOf(PROMPT_CACHE_KEY) === -1) return null;
      const k = json()?.['prompt_cache_key'];
      return typeof k === 'string' ? k : null;
    },
    metadataSessionId: () => {
      if (body.indexOf(USER_ID) === -1) return null;
      const meta = json()?.['metadata'];
      if (typeof meta !== 'object' || meta === null) return null;
      return sessionInUserId((meta as Record<string, unknown>)['user_id']);
    },
  };
}

/**
 * The request's session id (docs/behaviour.md §3.2): the session header (request-head.ts reads it
 * by the service's order), else from the body: Codex's `prompt_cache_key`, Claude Code's
 * `metadata.user_id`.
 */
export function sessionIdOf(
  service: ServiceName,
  sessionHeader: string | null,
  parsed: Pick<ParsedBody, 'promptCacheKey' | 'metadataSessionId'>,
): string | null {
  if (sessionHeader !== null) return sessionHeader;
  return service === 'claude' ? parsed.metadataSessionId() : parsed.promptCacheKey();
}
