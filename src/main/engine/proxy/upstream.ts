// One HTTP exchange with an upstream over undici: a keep-alive pool per origin, connect timeout,
// a timeout until the headers arrive, and transport errors reduced to a small set of classes.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import zlib from 'node:zlib';
import { Pool, ProxyAgent, type Dispatcher } from 'undici';
import type { ProxyConfig, UpstreamConfig } from '../../../shared/config-types';
import { outboundProxyFor } from './outbound';
import { decodableEncoding } from './headers';
import { readAll, UpstreamBody } from './body';
import type { UpstreamTarget } from './url';

export type TransportErrorClass =
  'connect' | 'connect-timeout' | 'timeout' | 'reset' | 'dns' | 'tls' | 'aborted' | 'error';

export class TransportError extends Error {
  constructor(
    readonly cls: TransportErrorClass,
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

interface CodedError {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The most telling error code: undici and happy-eyeballs wrap the socket's own error. */
function codeOf(err: unknown): string {
  const e = err as CodedError | null;
  if (typeof e?.code === 'string' && e.code !== '') return e.code;
  const inner = Array.isArray(e?.errors) ? (e.errors as unknown[])[0] : e?.cause;
  if (inner && inner !== err) return codeOf(inner);
  return '';
}

export interface TransportTimeouts {
  connectTimeoutMs: number;
  idleTimeoutMs: number;
}

export function transportErrorOf(err: unknown, t?: TransportTimeouts): TransportError {
  if (err instanceof TransportError) return err;
  const code = codeOf(err);
  const message = (err as CodedError | null)?.message;
  // undici's tunnel refusal: "Proxy response (407) !== 200 when HTTP Tunneling".
  const tunnel = typeof message === 'string' ? /Proxy response \((\d+)\)/.exec(message) : null;
  if (tunnel) {
    return new TransportError(
      'connect',
      `the outbound proxy refused the connection (${tunnel[1]})`,
    );
  }
  switch (code) {
    case 'ECONNREFUSED':
      return new TransportError('connect', 'connection refused');
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new TransportError(
        'connect-timeout',
        t ? `connect timed out after ${t.connectTimeoutMs} ms` : 'connect timed out',
      );
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'ETIMEDOUT':
      return new TransportError(
        'timeout',
        t ? `no answer within ${t.idleTimeoutMs} ms` : 'upstream timed out',
      );
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return new TransportError('reset', 'connection reset by upstream');
    case 'UND_ERR_SOCKET':
      return new TransportError('reset', 'upstream closed the connection before answering');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new TransportError('dns', 'upstream host name could not be resolved');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new TransportError('connect', 'upstream host unreachable');
    case 'UND_ERR_ABORTED':
    case 'ABORT_ERR':
      return new TransportError('aborted', 'request aborted');
    case 'UND_ERR_CLOSED':
    case 'UND_ERR_DESTROYED':
      return new TransportError('aborted', 'proxy listener closed');
    case 'UND_ERR_INVALID_ARG':
      // undici's argument messages name the header or option, never a value.
      return new TransportError(
        'error',
        `request refused by the HTTP client: ${typeof message === 'string' ? message : code}`,
      );
  }
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code.includes('SSL')) {
    return new TransportError('tls', `TLS error (${code})`);
  }
  if (code === 'EPROTO') return new TransportError('tls', 'TLS error (EPROTO)');
  if (code.startsWith('HPE_') || (err as CodedError | null)?.name === 'HTTPParserError') {
    const why = code ? ` (${code})` : '';
    return new TransportError('error', `upstream sent an invalid HTTP response${why}`);
  }
  return new TransportError('error', code ? `upstream error ${code}` : 'upstream error');
}

/** One undici pool per upstream origin, one proxy agent per outbound proxy; closed together. */
export class UpstreamPools {
  private readonly pools = new Map<string, Dispatcher>();

  constructor(private readonly connectTimeoutMs = 10_000) {}

  /** The dispatcher for `target`: direct, or through the forwarding proxy `outbound`. */
  get(target: UpstreamTarget, outbound: string | null = null): Dispatcher {
    const key = outbound === null ? target.origin : `proxy ${outbound}`;
    let pool = this.pools.get(key);
    if (!pool) {
      // No cap on connections: a capped pool queues request N+1 with nothing sent upstream, so
      // long SSE streams would starve new requests. The relay has its own idle watchdog, so
      // undici's body timeout is off. Idle connections stay a minute (undici's default is 4 s,
      // less when the server hints so): CLI requests come seconds apart, and each new TLS
      // connection costs a handshake.
      const options = {
        connections: null,
        connectTimeout: this.connectTimeoutMs,
        bodyTimeout: 0,
        keepAliveTimeout: 60_000,
      };
      pool =
        outbound === null
          ? new Pool(target.origin, options)
          : new ProxyAgent({
              uri: outbound,
              ...options,
              proxyTls: { timeout: this.connectTimeoutMs },
            });
      this.pools.set(key, pool);
    }
    return pool;
  }

  /**
   * The dispatcher for a call to one of an upstream's URLs (its base URL, a balance endpoint):
   * `outbound_proxy`, `[proxy] outbound`, or the environment's proxy (docs/behaviour.md §3.3).
   */
  forUpstream(
    target: UpstreamTarget,
    upstream: Pick<UpstreamConfig, 'outbound_proxy'>,
    proxy: Pick<ProxyConfig, 'outbound'>,
    env: Readonly<Record<string, string | undefined>>,
  ): Dispatcher {
    return this.get(target, outboundProxyFor(target, upstream.outbound_proxy, proxy, env));
  }

  destroy(): Promise<void> {
    const all = [...this.pools.values()];
    this.pools.clear();
    return Promise.all(all.map((p) => p.destroy().catch(() => undefined))).then(() => undefined);
  }
}

export interface UpstreamCallOptions {
  target: UpstreamTarget;
  path: string;
  method: string;
  /** An object, or name, value, name, value… (what the proxy sends: request-head.ts). */
  headers: OutgoingHttpHeaders | readonly string[];
  body: Buffer | null;
  /** From UpstreamPools.get / forUpstream: direct or through an outbound proxy. */
  pool: Dispatcher;
  /** Only for the error text: the pool applies its own connect timeout. */
  connectTimeoutMs: number;
  /** Silence allowed before the response headers arrive. */
  idleTimeoutMs: number;
}

export interface UpstreamResponse {
  status: number;
  /** Node's shape: duplicate fields joined with ", ", set-cookie always a list. */
  headers: IncomingHttpHeaders;
  body: UpstreamBody;
}

export interface UpstreamCall {
  /** Resolves with the response; rejects with a TransportError. */
  readonly response: Promise<UpstreamResponse>;
  /** Stops the exchange before or after the headers (the body's reader then hears 'aborted'). */
  abort(): void;
}

// Upstreams send the same few names on every answer: each is lowered once, not per answer.
const lowered = new Map<string, string>();
function lowerName(name: string): string {
  let low = lowered.get(name);
  if (low === undefined) {
    low = name.toLowerCase();
    if (lowered.size < 256) lowered.set(name, low);
  }
  return low;
}

/**
 * The answer's header lines as Node gives them: names in lower case, repeated fields joined with
 * ", ", set-cookie always a list; values as latin1, as undici reads them.
 */
function headersOf(raw: Buffer[]): IncomingHttpHeaders {
  const h: Record<string, string | string[]> = Object.create(null) as Record<
    string,
    string | string[]
  >;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = lowerName(raw[i]!.toString('latin1'));
    const value = raw[i + 1]!.toString('latin1');
    const had = h[name];
    if (name === 'set-cookie') {
      if (had === undefined) h[name] = [value];
      else (had as string[]).push(value);
    } else {
      h[name] = had === undefined ? value : `${had as string}, ${value}`;
    }
  }
  return h as IncomingHttpHeaders;
}

/**
 * A header list as an object with repeated lines joined by ", " (as Node joins them). undici's
 * ProxyAgent turns a list into an object itself and would keep only the last of repeated lines.
 */
export function joinRepeated(lines: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < lines.length; i += 2) {
    const name = lines[i]!;
    const had = out[name];
    out[name] = had === undefined ? lines[i + 1]! : `${had}, ${lines[i + 1]!}`;
  }
  return out;
}

/**
 * One exchange through undici's handler interface (`dispatch`): the headers resolve the promise,
 * and the body's chunks go from the parser to the body's reader as they come (body.ts), without
 * the stream and the promises undici's `request()` puts around them (docs/benchmarks.md).
 */
export function callUpstream(o: UpstreamCallOptions): UpstreamCall {
  let abortExchange: ((err?: Error) => void) | null = null;
  let stopped = false;
  let body: UpstreamBody | null = null;
  let resolve!: (r: UpstreamResponse) => void;
  let reject!: (err: TransportError) => void;
  const response = new Promise<UpstreamResponse>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  // Callers always attach handlers; keep an early rejection from being reported as unhandled.
  response.catch(() => undefined);
  const stop = (): void => {
    stopped = true;
    abortExchange?.();
  };
  const handler: Dispatcher.DispatchHandler = {
    onConnect(abort) {
      abortExchange = abort;
      if (stopped) abort();
    },
    onHeaders(status, raw, resume) {
      // 1xx (informational) answers come before the real one.
      if (status < 200) return true;
      body = new UpstreamBody({ resume, abort: stop });
      resolve({ status, headers: headersOf(raw), body });
      return true;
    },
    onData(chunk) {
      return body === null || body.push(chunk);
    },
    onComplete() {
      body?.finish();
    },
    onError(err) {
      if (body !== null) body.fail(stopped ? 'aborted' : 'reset');
      else reject(transportErrorOf(err, o));
    },
  };
  o.pool.dispatch(
    {
      origin: o.target.origin,
      path: o.path,
      method: o.method as Dispatcher.HttpMethod,
      // Numbers (content-length) are coerced by undici; hop-by-hop fields were stripped before.
      headers: (isList(o.headers) && o.pool instanceof ProxyAgent
        ? joinRepeated(o.headers)
        : o.headers) as Record<string, string | string[] | undefined> | string[],
      body: o.body && o.body.length > 0 ? o.body : null,
      headersTimeout: o.idleTimeoutMs,
      bodyTimeout: 0,
    },
    handler,
  );
  return {
    response,
    abort() {
      if (body !== null) body.destroy();
      else stop();
    },
  };
}

function isList(h: OutgoingHttpHeaders | readonly string[]): h is readonly string[] {
  return Array.isArray(h);
}

/** The response body, decoded when it is gzip/deflate/br (so usage can be read). */
export function decodedBody(res: UpstreamResponse): { body: UpstreamBody; decoded: boolean } {
  const enc = decodableEncoding(res.headers);
  if (enc === null) return { body: res.body, decoded: false };
  // Flush on every input chunk so a compressed SSE stream still arrives event by event.
  const flush = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  const decoder =
    enc === 'br'
      ? zlib.createBrotliDecompress({
          flush: zlib.constants.BROTLI_OPERATION_FLUSH,
          finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
        })
      : enc === 'gzip'
        ? zlib.createGunzip(flush)
        : zlib.createInflate(flush);
  const raw = res.body;
  const out = new UpstreamBody({
    resume: () => decoder.resume(),
    abort: () => {
      decoder.destroy();
      raw.destroy();
    },
  });
  decoder.on('data', (c: Buffer) => {
    if (!out.push(c)) decoder.pause();
  });
  decoder.once('end', () => out.finish());
  // `on`, not `once`: a destroyed decoder may report again, and an unheard 'error' would throw.
  decoder.on('error', () => {
    out.fail('decode');
    raw.destroy();
  });
  raw.read({
    data(c) {
      if (decoder.destroyed) return;
      if (!decoder.write(c)) {
        raw.pause();
        decoder.once('drain', () => raw.resume());
      }
    },
    end: () => decoder.end(),
    error(why) {
      if (why !== 'aborted') out.fail('reset');
      decoder.destroy();
    },
  });
  return { body: out, decoded: true };
}

/** Reads a whole (error) body, keeping at most `cap` bytes; a broken body rejects (reset). */
export function readCapped(body: UpstreamBody, cap: number): Promise<Buffer> {
  return readAll(body, cap).catch(() => {
    throw new TransportError('reset', 'connection reset by upstream');
  });
}
