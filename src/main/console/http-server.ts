// The headless console: the same engine API as the Electron window, over HTTP + Server-Sent
// Events, serving the built renderer. Loopback only by Host header, token-protected API.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callEngine, checkCommandName } from '../../shared/command-call';
import {
  AppError,
  HTTP,
  httpStatusForError,
  toCommandError,
  type CommandError,
  type CommandName,
  type EngineApi,
} from '../../shared/contract';
import { silentLogger, type Logger } from '../engine/types';
import { systemScheduler, type Scheduler } from '../engine/types';
import { readJsonBody } from './json-body';
import { hostRefusal, isAllowedHost, readMachineNames, type MachineNames } from '../engine/hosts';
import { SECURITY_HEADERS, isAllowedOrigin, presentedToken, tokenMatches } from './security';
import { openSnapshotStream } from './sse';
import { serveStatic } from './static-files';

export { generateToken } from './security';

export interface ConsoleServerOptions {
  engine: EngineApi;
  host: string;
  /** 0 picks a free port. */
  port: number;
  token: string;
  /** Built renderer (out/renderer); null → a tiny page saying "run npm run build". */
  staticDir: string | null;
  logger?: Logger;
  /** Gap between SSE keep-alive comments (default 15 s). */
  heartbeatMs?: number;
  scheduler?: Scheduler;
  /** `[console] allowed_hosts`, read per request (hot reload). Default none. */
  allowedHosts?: () => readonly string[];
  /** This machine's names and addresses (Host check with a wildcard listen host). */
  machineNames?: () => MachineNames;
}

export interface ConsoleServer {
  /** http://127.0.0.1:3212/?token=… — print it to the terminal, never to a log. */
  url: string;
  address: { host: string; port: number };
  close(): Promise<void>;
}

export const MAX_BODY_BYTES = 1024 * 1024;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, error: CommandError): void {
  sendJson(res, status, { ok: false, error });
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startConsoleServer(opts: ConsoleServerOptions): Promise<ConsoleServer> {
  const logger = opts.logger ?? silentLogger;
  const scheduler = opts.scheduler ?? systemScheduler;
  const sseOpts = {
    heartbeatMs: opts.heartbeatMs ?? 15_000,
    scheduler,
  };
  const streams = new Set<() => void>();

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!isAllowedOrigin(req.headers.origin, req.headers.host)) {
      sendError(res, 403, { code: 'refused', message: 'cross-origin requests are not allowed' });
      return;
    }
    if (!tokenMatches(presentedToken(req, url), opts.token)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      sendError(res, 401, {
        code: 'refused',
        message: 'missing or wrong console token (use the URL printed at start)',
      });
      return;
    }
    const path = url.pathname;
    if (path === HTTP.snapshot || path === HTTP.events) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', 'GET');
        sendError(res, 405, { code: 'invalid_argument', message: `${path} only accepts GET` });
        return;
      }
      if (path === HTTP.snapshot) {
        sendJson(res, 200, opts.engine.snapshot());
        return;
      }
      if (req.method === 'HEAD') {
        // Headers only: a HEAD must not open a stream that never ends.
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
        res.end();
        return;
      }
      const end = openSnapshotStream(res, opts.engine, sseOpts);
      streams.add(end);
      res.on('close', () => streams.delete(end));
      return;
    }
    if (path.startsWith(HTTP.commandPrefix)) {
      let asked: string;
      try {
        asked = decodeURIComponent(path.slice(HTTP.commandPrefix.length));
      } catch {
        sendError(res, 400, {
          code: 'invalid_argument',
          message: 'the command name in the URL is not valid percent-encoding',
        });
        return;
      }
      let name: CommandName;
      try {
        name = checkCommandName(asked);
      } catch (err) {
        sendError(res, 404, toCommandError(err));
        return;
      }
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        sendError(res, 405, { code: 'invalid_argument', message: `${name} must be sent as POST` });
        return;
      }
      const body = await readJsonBody(req, MAX_BODY_BYTES, `body of ${name}`);
      if (!body.ok) {
        sendError(res, body.status, body.error);
        return;
      }
      const result = await callEngine(opts.engine, name, body.value);
      sendJson(res, result.ok ? 200 : httpStatusForError(result.error.code), result);
      return;
    }
    sendError(res, 404, { code: 'not_found', message: `no API route ${path}` });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const hostPolicy = {
      listenHost: opts.host,
      allowed: opts.allowedHosts?.() ?? [],
      machine: opts.machineNames ?? readMachineNames,
    };
    if (!isAllowedHost(req.headers.host, hostPolicy)) {
      sendError(res, 403, { code: 'refused', message: hostRefusal(req.headers.host, 'console') });
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      sendError(res, 400, { code: 'invalid_argument', message: 'malformed request URL' });
      return;
    }
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      await handleApi(req, res, url);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendError(res, 405, { code: 'invalid_argument', message: 'static files only accept GET' });
      return;
    }
    const outcome = await serveStatic(req, res, url.pathname, opts.staticDir);
    if (outcome === 'served') return;
    const status = outcome === 'forbidden' ? 403 : outcome === 'bad_request' ? 400 : 404;
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(status === 404 ? 'Not found\n' : status === 403 ? 'Forbidden\n' : 'Bad request\n');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // The token never reaches this message: errors come from routing and engine calls, not auth.
      logger.error(`console: ${req.method ?? '?'} request failed: ${String(err)}`);
      if (!res.headersSent) {
        sendError(res, 500, { code: 'internal', message: 'internal error' });
      } else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      const where = `console port ${opts.port} on ${opts.host}`;
      if (err.code === 'EADDRINUSE') reject(new AppError('io_error', `${where} is already in use`));
      else if (err.code === 'EACCES') {
        reject(new AppError('io_error', `${where} needs permissions this user does not have`));
      } else reject(new AppError('io_error', `cannot listen on ${where}: ${err.message}`));
    };
    server.once('error', onError);
    server.listen(opts.port, opts.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (err) => logger.error(`console: server error: ${err.message}`));

  const port = (server.address() as AddressInfo).port;
  const base = `http://${urlHost(opts.host)}:${port}/`;
  logger.info(`console listening on ${base}`);

  return {
    url: `${base}?token=${encodeURIComponent(opts.token)}`,
    address: { host: opts.host, port },
    close: () =>
      new Promise<void>((resolve) => {
        // Open event streams would otherwise keep close() waiting forever.
        for (const end of streams) end();
        streams.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
