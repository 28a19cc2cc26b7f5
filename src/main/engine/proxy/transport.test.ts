import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closedPort, signal } from '../../../../tests/fixtures/fake-upstream';
import {
  callUpstream,
  readCapped,
  TransportError,
  transportErrorOf,
  UpstreamPools,
  type UpstreamCallOptions,
} from './upstream';
import { parseTarget } from './url';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** A raw TCP upstream: `onData` decides what (if anything) goes back on the socket. */
async function rawUpstream(onData: (socket: net.Socket) => void): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => onData(socket));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
  return (server.address() as net.AddressInfo).port;
}

function call(baseUrl: string, extra: Partial<UpstreamCallOptions> = {}) {
  const pools = new UpstreamPools(2_000);
  cleanup.push(() => pools.destroy());
  const target = parseTarget(baseUrl);
  return callUpstream({
    target,
    path: '/v1/responses',
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': '2' },
    body: Buffer.from('{}'),
    pool: pools.get(target),
    connectTimeoutMs: 2_000,
    idleTimeoutMs: 5_000,
    ...extra,
  });
}

async function failure(p: Promise<unknown>): Promise<TransportError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TransportError);
  return err as TransportError;
}

describe('upstream transport', () => {
  it('names an upstream that accepts but never answers a timeout after the idle time', async () => {
    const port = await rawUpstream(() => undefined);
    const err = await failure(call(`http://127.0.0.1:${port}`, { idleTimeoutMs: 150 }).response);
    expect(err.cls).toBe('timeout');
    expect(err.message).toBe('no answer within 150 ms');
  });

  it('names a refused connection a connect error', async () => {
    const port = await closedPort();
    const err = await failure(call(`http://127.0.0.1:${port}`).response);
    expect(err.cls).toBe('connect');
  });

  it('names an upstream that hangs up before answering a reset', async () => {
    const port = await rawUpstream((s) => s.destroy());
    const err = await failure(call(`http://127.0.0.1:${port}`).response);
    expect(err.cls).toBe('reset');
  });

  it('names an upstream that answers with garbage an invalid response', async () => {
    const port = await rawUpstream((s) => s.end('SMTP ready\r\n\r\n'));
    const err = await failure(call(`http://127.0.0.1:${port}`).response);
    expect(err.cls).toBe('error');
    expect(err.message).toContain('invalid HTTP response');
  });

  it('aborts before the headers, closing the upstream socket', async () => {
    const closed = signal();
    const got = signal();
    const port = await rawUpstream((s) => {
      s.once('close', () => closed.resolve());
      got.resolve();
    });
    const c = call(`http://127.0.0.1:${port}`);
    await got.promise;
    c.abort();
    expect((await failure(c.response)).cls).toBe('aborted');
    await closed.promise;
  });

  it('joins repeated response fields the way Node does and keeps set-cookie a list', async () => {
    const port = await rawUpstream((s) =>
      s.write(
        'HTTP/1.1 200 OK\r\nx-a: 1\r\nx-a: 2\r\nset-cookie: k=v\r\ncontent-length: 2\r\n\r\nok',
      ),
    );
    const res = await call(`http://127.0.0.1:${port}`).response;
    expect(res.status).toBe(200);
    expect(res.headers['x-a']).toBe('1, 2');
    expect(res.headers['set-cookie']).toEqual(['k=v']);
    expect((await readCapped(res.body, 1024)).toString()).toBe('ok');
  });

  it('errors the body when the upstream dies before the declared length', async () => {
    const port = await rawUpstream((s) =>
      s.end('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\npartial'),
    );
    const res = await call(`http://127.0.0.1:${port}`).response;
    const err = await failure(readCapped(res.body, 1024));
    expect(err.cls).toBe('reset');
  });

  it('speaks TLS to an https upstream and refuses a certificate nobody vouches for', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chd-tls-'));
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost',
      '-keyout', key, '-out', cert, '-days', '1',
    ], { stdio: 'ignore' }); // prettier-ignore
    const handshakes = signal();
    const server = https.createServer(
      { key: fs.readFileSync(key), cert: fs.readFileSync(cert) },
      (_req, res) => res.end('{}'),
    );
    server.on('tlsClientError', () => handshakes.resolve());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise<void>((r) => server.close(() => r())));
    const port = (server.address() as net.AddressInfo).port;
    const err = await failure(call(`https://localhost:${port}`).response);
    expect(err.cls).toBe('tls');
    await handshakes.promise;
  });

  it('maps wrapped and undici-specific error codes to their classes', () => {
    const coded = (code: string) => Object.assign(new Error('x'), { code });
    const t = { connectTimeoutMs: 10_000, idleTimeoutMs: 300_000 };
    expect(transportErrorOf(coded('UND_ERR_CONNECT_TIMEOUT'), t)).toMatchObject({
      cls: 'connect-timeout',
      message: 'connect timed out after 10000 ms',
    });
    expect(transportErrorOf(coded('ENOTFOUND')).cls).toBe('dns');
    expect(transportErrorOf(coded('EAI_AGAIN')).cls).toBe('dns');
    expect(transportErrorOf(coded('UND_ERR_SOCKET')).cls).toBe('reset');
    expect(transportErrorOf(coded('ECONNRESET')).cls).toBe('reset');
    expect(transportErrorOf(coded('DEPTH_ZERO_SELF_SIGNED_CERT')).cls).toBe('tls');
    expect(transportErrorOf(coded('UND_ERR_ABORTED')).cls).toBe('aborted');
    const happyEyeballs = Object.assign(new AggregateError([coded('ECONNREFUSED')]), {});
    expect(transportErrorOf(happyEyeballs).cls).toBe('connect');
    expect(transportErrorOf(new Error('odd')).cls).toBe('error');
  });
});
