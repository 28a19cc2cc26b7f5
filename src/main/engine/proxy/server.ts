// One proxy listener (docs/behaviour.md §3.1): every method and path is forwarded; browsers are
// refused.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/contract';
import type { ProxyRecord } from '../types';
import { errorBody, sendJson } from './answers';
import type { ForwardResult, ProxyListenerDeps } from './deps';
import { forward } from './forward';
import { hostRefusal, isAllowedHost, isWildcardHost, readMachineNames } from '../hosts';
import { memoize } from '../memo';
import { findPortHolder } from './port-holder';
import { BodyTooLarge, parseBody, readBody, sessionIdOf, MAX_BODY_BYTES } from './prepare';
import { readRequestHead } from './request-head';
import { UpstreamPools } from './upstream';

export interface ProxyListener {
  readonly address: { host: string; port: number };
  close(): Promise<void>;
}

function pathOnly(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/**
 * A path for the request log with key-shaped segments replaced: some clients put the key in the
 * URL (`/v1/sk-…/models`), and a log must never hold a secret. Key-shaped: a known key prefix, or
 * 24+ characters of letters, digits, `-` and `_` mixing letters and digits.
 */
export const redactPath = memoize((path: string): string =>
  path
    .split('/')
    .map((seg) => (looksLikeKey(seg) ? '[redacted]' : seg))
    .join('/'),
);

function looksLikeKey(seg: string): boolean {
  if (/^(sk|pk|rk|ak)-[A-Za-z0-9_-]{8,}$/.test(seg)) return true;
  return seg.length >= 24 && /^[A-Za-z0-9_-]+$/.test(seg) && /\d/.test(seg) && /[A-Za-z]/.test(seg);
}

// A listener's clients send the same Host line on every request: its verdict is kept, per
// listener, until `allowed_hosts` changes (a new config replaces the list). Not kept for a
// wildcard listen host, whose answer follows the machine's names and addresses as they change.
interface HostVerdicts {
  readonly cached: boolean;
  allowed: readonly string[] | null;
  readonly byHeader: Map<string, boolean>;
}

function hostAllowed(
  deps: ListenerDeps,
  allowed: readonly string[],
  header: string | undefined,
): boolean {
  const v = deps.hostVerdicts;
  let ok = header === undefined || !v.cached ? undefined : v.byHeader.get(header);
  if (ok !== undefined && v.allowed === allowed) return ok;
  ok = isAllowedHost(header, {
    listenHost: deps.host,
    allowed,
    machine: deps.machineNames ?? readMachineNames,
  });
  if (header !== undefined && v.cached) {
    if (v.allowed !== allowed || v.byHeader.size >= 256) v.byHeader.clear();
    v.allowed = allowed;
    v.byHeader.set(header, ok);
  }
  return ok;
}

type ListenerDeps = ProxyListenerDeps & { loopMark: string; hostVerdicts: HostVerdicts };

async function handle(
  deps: ListenerDeps,
  pools: UpstreamPools,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const start = deps.clock.now();
  const url = req.url ?? '/';
  const method = req.method ?? 'GET';
  let clientGone = false;
  let abortInFlight: (() => void) | null = null;
  res.once('close', () => {
    if (res.writableFinished) return;
    clientGone = true;
    // A client that disconnects aborts the upstream request at once: no leaked sockets.
    abortInFlight?.();
  });

  let sessionId: string | null = null;
  let model: string | null = null;
  let outcome: ForwardResult;
  const local = (status: number, error: string): ForwardResult => ({
    status,
    error,
    station: null,
    upstream: null,
    mappedModel: null,
    usage: null,
    firstByteAt: null,
    attempts: [],
  });

  const head = readRequestHead(req.rawHeaders, deps.service, deps.loopMark);
  const runtime = deps.getRuntime();
  const proxyConfig = runtime.config.proxy;
  if (!url.startsWith('/')) {
    // `GET http://evil.com/…` (absolute form) would be forwarded as a path: this is no open proxy.
    const message =
      'codex-helper-desktop: the request target must be a path (this is not a forwarding proxy)';
    sendJson(res, 400, errorBody('invalid_request_target', message), { connection: 'close' });
    outcome = local(400, message);
  } else if (!hostAllowed(deps, proxyConfig.allowed_hosts, head.host)) {
    // DNS rebinding: a page whose name now resolves to this machine must not spend the tokens.
    const message = hostRefusal(head.host, 'proxy');
    sendJson(res, 403, errorBody('forbidden_host', message));
    outcome = local(403, message);
  } else if (head.loopMarks.includes(deps.loopMark)) {
    // The request already passed through this proxy (its loop header lists our mark).
    const message =
      'codex-helper-desktop: this request already passed through this proxy (a relay URL leads back here); refused to stop a loop';
    sendJson(res, 508, errorBody('loop_detected', message), { connection: 'close' });
    outcome = local(508, message);
  } else if (head.origin !== undefined && !proxyConfig.allow_browser_origins) {
    // A web page must not spend the user's tokens.
    const message =
      'codex-helper-desktop: requests from browsers (Origin header) are refused; set [proxy] allow_browser_origins = true to allow them';
    sendJson(res, 403, errorBody('forbidden_origin', message));
    outcome = local(403, message);
  } else if (runtime.paused) {
    const message =
      'codex-helper-desktop: the proxy is paused; resume it from the app (tray: Pause proxy) to send requests';
    sendJson(res, 503, errorBody('proxy_paused', message), { connection: 'close' });
    outcome = local(503, message);
  } else {
    let body: Buffer | null = null;
    try {
      body = await readBody(req, MAX_BODY_BYTES, head.contentLength);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        const message = `codex-helper-desktop: request body exceeds ${MAX_BODY_BYTES} bytes (10 MiB)`;
        sendJson(res, 413, errorBody('request_too_large', message), { connection: 'close' });
        outcome = local(413, message);
      } else {
        outcome = local(499, 'client disconnected while sending the body');
      }
    }
    if (body !== null) {
      const parsed = parseBody(head.contentType, body);
      model = parsed.model;
      sessionId = sessionIdOf(deps.service, head.sessionHeader, parsed);
      try {
        outcome = await forward(
          deps,
          pools,
          {
            req,
            res,
            pathAndQuery: url,
            body,
            parsed,
            sessionId,
            head,
            hasBody: body.length > 0 || head.declaresBody,
            clientGone: () => clientGone,
            setInFlight: (abort) => {
              abortInFlight = abort;
            },
          },
          runtime,
        );
      } catch (err) {
        deps.logger.error(
          `proxy ${deps.service}: ${err instanceof Error ? err.message : String(err)}`,
        );
        sendJson(res, 500, errorBody('proxy_error', 'codex-helper-desktop: internal proxy error'));
        if (!res.writableEnded) res.destroy();
        outcome = local(500, 'internal proxy error');
      }
    } else {
      outcome ??= local(499, 'client disconnected');
    }
  }

  const end = deps.clock.now();
  // Built once and handed on as it is: the engine prices it in place, nothing copies it.
  const record: { -readonly [K in keyof ProxyRecord]: ProxyRecord[K] } = {
    time: start,
    requestId: randomUUID(),
    service: deps.service,
    method,
    path: redactPath(pathOnly(url)),
    status: outcome.status,
    durationMs: end - start,
    ttfbMs: outcome.firstByteAt === null ? null : outcome.firstByteAt - start,
    sessionId,
    model,
    mappedModel: outcome.mappedModel,
    station: outcome.station,
    upstream: outcome.upstream,
    usage: outcome.usage,
    costUsd: null,
    attempts: outcome.attempts,
    error: outcome.error,
  };
  if (outcome.affinity) {
    record.affinity = outcome.affinity.affinity;
    record.affinityReason = outcome.affinity.affinityReason;
  }
  try {
    deps.onRequest(record);
  } catch (err) {
    deps.logger.error(
      `request listener failed: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

export async function startProxyListener(given: ProxyListenerDeps): Promise<ProxyListener> {
  const deps: ListenerDeps = {
    ...given,
    loopMark: given.loopMark ?? randomUUID(),
    hostVerdicts: { cached: !isWildcardHost(given.host), allowed: null, byHeader: new Map() },
  };
  const pools = new UpstreamPools(deps.connectTimeoutMs ?? 10_000);
  const server = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    void handle(deps, pools, req, res);
  });
  // Streams are relayed chunk by chunk; Nagle would hold small SSE events back.
  server.on('connection', (socket) => socket.setNoDelay(true));
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    const status =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\n\r\n`);
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') {
        void findPortHolder(deps.port).then((holder) => {
          const by = holder
            ? ` (by pid ${holder.pid}${holder.name ? `, ${holder.name}` : ''})`
            : '';
          reject(
            new AppError('io_error', `port ${deps.port} on ${deps.host} is already in use${by}`),
          );
        });
      } else if (err.code === 'EADDRNOTAVAIL') {
        reject(
          new AppError(
            'io_error',
            `cannot listen on ${deps.host}:${deps.port}: address not available on this machine`,
          ),
        );
      } else if (err.code === 'EACCES') {
        reject(
          new AppError('io_error', `cannot listen on ${deps.host}:${deps.port}: permission denied`),
        );
      } else {
        reject(
          new AppError('io_error', `cannot listen on ${deps.host}:${deps.port}: ${err.message}`),
        );
      }
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(deps.port, deps.host);
  });

  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : deps.port;
  server.on('error', (err) => deps.logger.error(`proxy ${deps.service}: ${err.message}`));
  let closing: Promise<void> | null = null;
  return {
    address: { host: deps.host, port },
    close() {
      closing ??= new Promise<void>((resolve) => {
        let pending = 2;
        const done = () => {
          if (--pending === 0) resolve();
        };
        server.close(done);
        server.closeAllConnections();
        void pools.destroy().then(done);
      });
      return closing;
    },
  };
}
