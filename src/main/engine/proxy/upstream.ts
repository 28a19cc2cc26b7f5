// One HTTP exchange with an upstream: keep-alive agents per origin, connect timeout, an idle
// timer until the headers arrive, and transport errors reduced to a small set of classes.
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import type { UpstreamTarget } from './url';
import { decodableEncoding } from './headers';

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

export function transportErrorOf(err: unknown): TransportError {
  if (err instanceof TransportError) return err;
  const e = err as NodeJS.ErrnoException;
  const code = e?.code ?? '';
  switch (code) {
    case 'ECONNREFUSED':
      return new TransportError('connect', 'connection refused');
    case 'ECONNRESET':
    case 'EPIPE':
      return new TransportError('reset', 'connection reset by upstream');
    case 'ETIMEDOUT':
      return new TransportError('timeout', 'upstream timed out');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new TransportError('dns', 'upstream host name could not be resolved');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new TransportError('connect', 'upstream host unreachable');
  }
  if (code.startsWith('ERR_TLS') || code.includes('CERT')) {
    return new TransportError('tls', `TLS error (${code})`);
  }
  if (e?.message === 'socket hang up') {
    return new TransportError('reset', 'upstream closed the connection before answering');
  }
  return new TransportError('error', code ? `upstream error ${code}` : 'upstream error');
}

export class AgentPool {
  private readonly agents = new Map<string, http.Agent>();

  get(target: UpstreamTarget): http.Agent {
    let agent = this.agents.get(target.origin);
    if (!agent) {
      // No cap on concurrent sockets: a capped agent queues request 257+ inside Node with nothing
      // sent upstream, so long SSE streams would starve new requests.
      const opts = {
        keepAlive: true,
        keepAliveMsecs: 1000,
        maxSockets: Infinity,
        maxFreeSockets: 64,
      };
      agent = target.protocol === 'https:' ? new https.Agent(opts) : new http.Agent(opts);
      this.agents.set(target.origin, agent);
    }
    return agent;
  }

  destroy(): void {
    for (const a of this.agents.values()) a.destroy();
    this.agents.clear();
  }
}

export interface UpstreamCallOptions {
  target: UpstreamTarget;
  path: string;
  method: string;
  headers: http.OutgoingHttpHeaders;
  body: Buffer | null;
  agent: http.Agent;
  connectTimeoutMs: number;
  /** Silence allowed before the response headers arrive. */
  idleTimeoutMs: number;
}

export interface UpstreamCall {
  readonly request: http.ClientRequest;
  /** Resolves with the response; rejects with a TransportError. */
  readonly response: Promise<http.IncomingMessage>;
}

export function callUpstream(o: UpstreamCallOptions): UpstreamCall {
  const mod = o.target.protocol === 'https:' ? https : http;
  const request = mod.request({
    protocol: o.target.protocol,
    hostname: o.target.hostname,
    port: o.target.port,
    method: o.method,
    path: o.path,
    headers: o.headers,
    agent: o.agent,
  });
  request.setNoDelay(true);
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    const idle = setTimeout(() => {
      request.destroy(new TransportError('timeout', `no answer within ${o.idleTimeoutMs} ms`));
    }, o.idleTimeoutMs);
    request.on('socket', (socket) => {
      if (!socket.connecting) return;
      const t = setTimeout(() => {
        request.destroy(
          new TransportError('connect-timeout', `connect timed out after ${o.connectTimeoutMs} ms`),
        );
      }, o.connectTimeoutMs);
      socket.once('connect', () => clearTimeout(t));
      socket.once('close', () => clearTimeout(t));
    });
    request.once('response', (res) => {
      clearTimeout(idle);
      resolve(res);
    });
    request.once('error', (err) => {
      clearTimeout(idle);
      reject(transportErrorOf(err));
    });
    request.once('close', () => clearTimeout(idle));
  });
  // Callers always attach handlers; keep an early rejection from being reported as unhandled.
  response.catch(() => undefined);
  if (o.body && o.body.length > 0) request.end(o.body);
  else request.end();
  return { request, response };
}

/** The response body, decoded when it is gzip/deflate/br (so usage can be read). */
export function decodedBody(res: http.IncomingMessage): { stream: Readable; decoded: boolean } {
  const enc = decodableEncoding(res.headers);
  if (enc === null) return { stream: res, decoded: false };
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
  res.pipe(decoder);
  return { stream: decoder, decoded: true };
}

/** Reads a whole (error) body, keeping at most `cap` bytes. */
export function readCapped(stream: Readable, cap: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (c: Buffer) => {
      if (size >= cap) return;
      const part = size + c.length > cap ? c.subarray(0, cap - size) : c;
      chunks.push(part);
      size += part.length;
    });
    stream.once('end', () => resolve(Buffer.concat(chunks, size)));
    stream.once('error', (err) => reject(transportErrorOf(err)));
    stream.once('close', () => resolve(Buffer.concat(chunks, size)));
  });
}
