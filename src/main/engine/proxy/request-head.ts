// The client's request head, read once (docs/behaviour.md §3.2–§3.3): one pass over the header
// lines as they came (`req.rawHeaders`) gives what the listener checks (Host, Origin, loop marks),
// what prepares the request (content type, session header, the client's own credentials) and the
// lines that go upstream. Read from the raw lines rather than `req.headers`: Node builds that
// object on first use, and its shape follows the client's header order, so code that reads it
// runs at full speed for one client and falls back to slower paths when another client calls
// (docs/architecture.md, "Per-request work").
import type { ServiceName } from '../../../shared/config-types';
import { connectionNamed, isHopByHop, limitAcceptEncoding, LOOP_HEADER } from './headers';

/** Where a request's session id comes from, per service, first match wins (§3.2). */
const SESSION_HEADERS: Record<ServiceName, readonly string[]> = {
  codex: ['session-id', 'session_id', 'conversation_id', 'thread-id'],
  claude: ['x-claude-code-session-id'],
};

export interface RequestHead {
  /** The first Host line. */
  host: string | undefined;
  /** The first Origin line (a browser sent it). */
  origin: string | undefined;
  contentType: string | undefined;
  /** The client declared a body (content-length or transfer-encoding). */
  declaresBody: boolean;
  /**
   * The body's length when the client gave one (a single valid content-length and no
   * transfer-encoding), else null: the body is whole once that many bytes arrived.
   */
  contentLength: number | null;
  /** Every loop mark the request carries (each x-codex-helper-loop line, comma lists split). */
  loopMarks: readonly string[];
  /** The session header by the service's order, or null (the body may still name one). */
  sessionHeader: string | null;
  /** The client's own keys: a relay may echo them back in an error text. */
  clientSecrets: readonly string[];
  /**
   * What goes upstream, as name, value, name, value… with lower-case names: the client's lines
   * minus host, content-length, expect, hop-by-hop and Connection-named ones, Accept-Encoding
   * limited to what can be decoded, and the loop line with this proxy's mark added.
   */
  upstream: readonly string[];
}

export function readRequestHead(
  raw: readonly string[],
  service: ServiceName,
  loopMark: string,
): RequestHead {
  // Connection may name fields sent before it: read first (nearly always absent or keep-alive).
  let named: ReadonlySet<string> | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.length === 10 && raw[i]!.toLowerCase() === 'connection') {
      const more = connectionNamed(raw[i + 1]);
      named = named === null ? more : new Set([...named, ...(more ?? [])]);
    }
  }
  const sessionNames = SESSION_HEADERS[service];
  let host: string | undefined;
  let origin: string | undefined;
  let contentType: string | undefined;
  let declaresBody = false;
  let contentLength: number | null = null;
  let lengthLines = 0;
  let chunked = false;
  let sessionHeader: string | null = null;
  let sessionRank = sessionNames.length;
  const loopMarks: string[] = [];
  const clientSecrets: string[] = [];
  const upstream: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    switch (name) {
      case 'host':
        host ??= value;
        continue;
      case 'content-length':
        declaresBody = true;
        lengthLines++;
        contentLength = /^\d{1,15}$/.test(value) ? Number(value) : null;
        continue;
      case 'transfer-encoding':
        declaresBody = true;
        chunked = true;
        continue;
      // `expect: 100-continue` is answered by our own server; the body is already in hand.
      case 'expect':
        continue;
      case LOOP_HEADER:
        for (const m of value.split(',')) if (m.trim() !== '') loopMarks.push(m.trim());
        continue;
      case 'accept-encoding': {
        if (named?.has(name)) continue;
        const limited = limitAcceptEncoding(value);
        if (limited !== null) upstream.push(name, limited);
        continue;
      }
      case 'content-type':
        contentType ??= value;
        break;
      case 'origin':
        origin ??= value;
        break;
      case 'authorization':
        clientSecrets.push(value.replace(/^Bearer\s+/i, ''));
        break;
      case 'x-api-key':
        clientSecrets.push(value);
        break;
    }
    if (isHopByHop(name) || named?.has(name)) continue;
    const rank = sessionNames.indexOf(name);
    if (rank !== -1 && rank < sessionRank && value !== '') {
      sessionHeader = value;
      sessionRank = rank;
    }
    upstream.push(name, value);
  }
  upstream.push(LOOP_HEADER, [...loopMarks, loopMark].join(', '));
  return {
    host,
    origin,
    contentType,
    declaresBody,
    contentLength: lengthLines === 1 && !chunked ? contentLength : null,
    loopMarks,
    sessionHeader,
    clientSecrets,
    upstream,
  };
}
