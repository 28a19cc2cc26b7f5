// Request preparation (BEHAVIOUR §3.2): body with a size limit, model and session id.
import type { IncomingMessage } from 'node:http';

export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export class BodyTooLarge extends Error {
  constructor() {
    super(`request body is larger than ${MAX_BODY_BYTES} bytes (10 MiB)`);
  }
}

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
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
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    req.on('error', (err) => {
      if (done) return;
      done = true;
      reject(err);
    });
  });
}

export interface ParsedBody {
  /** The parsed JSON document, when the body is a JSON object (needed to rewrite the model). */
  json: Record<string, unknown> | null;
  model: string | null;
  promptCacheKey: string | null;
}

const NO_BODY: ParsedBody = { json: null, model: null, promptCacheKey: null };

/** Parses only JSON bodies, only to read `model` and `prompt_cache_key`. */
export function parseBody(contentType: string | undefined, body: Buffer): ParsedBody {
  if (body.length === 0 || !contentType || !contentType.includes('json')) return NO_BODY;
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    return NO_BODY;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return NO_BODY;
  const o = doc as Record<string, unknown>;
  const model = o['model'];
  const key = o['prompt_cache_key'];
  return {
    json: o,
    model: typeof model === 'string' ? model : null,
    promptCacheKey: typeof key === 'string' ? key : null,
  };
}

const SESSION_HEADERS = ['session-id', 'session_id', 'conversation_id', 'thread-id'] as const;

export function sessionIdOf(
  headers: IncomingMessage['headers'],
  promptCacheKey: string | null,
): string | null {
  for (const name of SESSION_HEADERS) {
    const v = headers[name];
    if (typeof v === 'string' && v !== '') return v;
  }
  return promptCacheKey;
}
