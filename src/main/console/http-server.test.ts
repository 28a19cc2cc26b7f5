import { COMMAND_ARG_NAMES } from '../../shared/command-args';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, COMMAND_NAMES, type CommandName } from '../../shared/contract';
import { ManualClock } from '../../../tests/fixtures/clock';
import { createFakeEngine, type FakeEngine } from '../../../tests/fixtures/fake-engine';
import { startConsoleServer, type ConsoleServer } from './http-server';
import { openSse, rawRequest } from '../../../tests/fixtures/console-http';

const TOKEN = 'test-token-0123456789abcdef';
const AUTH = { Authorization: `Bearer ${TOKEN}` };

let tmp: string;
let staticDir: string;
let engine: FakeEngine;
let server: ConsoleServer;
let logLines: string[];
let scheduler: ManualClock;

async function start(extra: { staticDir?: string | null } = {}): Promise<void> {
  server = await startConsoleServer({
    engine,
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    staticDir: extra.staticDir === undefined ? staticDir : extra.staticDir,
    scheduler,
    logger: {
      info: (m) => logLines.push(m),
      warn: (m) => logLines.push(m),
      error: (m) => logLines.push(m),
    },
  });
}

const port = (): number => server.address.port;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chd-console-'));
  staticDir = path.join(tmp, 'renderer');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>app shell</title>');
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log("app")');
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.css'), 'body{}');
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'TOP-SECRET');
  engine = createFakeEngine(1);
  logLines = [];
  scheduler = new ManualClock();
});

afterEach(async () => {
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('console API access', () => {
  it('prints a loopback URL carrying the token and never logs the token', async () => {
    await start();
    expect(server.url).toBe(`http://127.0.0.1:${port()}/?token=${TOKEN}`);
    await rawRequest(port(), { path: '/api/snapshot', headers: AUTH });
    await rawRequest(port(), { path: '/api/snapshot?token=wrong' });
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(TOKEN);
  });

  it('refuses every API route without the right token', async () => {
    await start();
    const routes = [
      { method: 'GET', path: '/api/snapshot' },
      { method: 'GET', path: '/api/events' },
      { method: 'POST', path: '/api/commands/moveUpstream' },
      { method: 'GET', path: '/api/nothing-here' },
    ];
    for (const route of routes) {
      const headerSets: Record<string, string>[] = [
        {},
        { Authorization: 'Bearer nope' },
        { Authorization: TOKEN },
      ];
      for (const headers of headerSets) {
        const res = await rawRequest(port(), { ...route, headers, body: '{}' });
        expect(res.status, `${route.path} ${JSON.stringify(headers)}`).toBe(401);
        expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'refused' } });
      }
      const wrongQuery = await rawRequest(port(), { ...route, path: `${route.path}?token=nope` });
      expect(wrongQuery.status).toBe(401);
    }
    expect(engine.calls).toEqual([]);
  });

  it('serves the snapshot with a bearer token or ?token=', async () => {
    await start();
    const viaHeader = await rawRequest(port(), { path: '/api/snapshot', headers: AUTH });
    expect(viaHeader.status).toBe(200);
    expect(JSON.parse(viaHeader.body)).toMatchObject({ instanceId: 'test-instance', version: 1 });
    const viaQuery = await rawRequest(port(), { path: `/api/snapshot?token=${TOKEN}` });
    expect(viaQuery.status).toBe(200);
  });

  it('answers 403 to a non-loopback Host on the API and on static files', async () => {
    await start();
    for (const p of ['/', '/assets/app.js', '/api/snapshot']) {
      const res = await rawRequest(port(), {
        path: p,
        headers: { ...AUTH, Host: 'evil.example:3212' },
      });
      expect(res.status, p).toBe(403);
    }
    const ok = await rawRequest(port(), {
      path: '/api/snapshot',
      headers: { ...AUTH, Host: 'localhost:3212' },
    });
    expect(ok.status).toBe(200);
  });

  it('answers 403 to a foreign Origin on the API', async () => {
    await start();
    const foreign = await rawRequest(port(), {
      method: 'POST',
      path: '/api/commands/resetUpstream',
      headers: { ...AUTH, Origin: 'http://evil.example' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    const same = await rawRequest(port(), {
      path: '/api/snapshot',
      headers: { ...AUTH, Origin: `http://127.0.0.1:${port()}` },
    });
    expect(same.status).toBe(200);
    expect(engine.calls).toEqual([]);
  });

  it('reports a taken port plainly', async () => {
    await start();
    const taken = port();
    await expect(
      startConsoleServer({ engine, host: '127.0.0.1', port: taken, token: TOKEN, staticDir: null }),
    ).rejects.toThrow(
      new AppError('io_error', `console port ${taken} on 127.0.0.1 is already in use`),
    );
  });
});

describe('console commands', () => {
  const post = (name: string, body: string) =>
    rawRequest(port(), { method: 'POST', path: `/api/commands/${name}`, headers: AUTH, body });

  it('routes every command in the contract to the engine with its named arguments', async () => {
    await start();
    const probe = (name: CommandName) => ({ [COMMAND_ARG_NAMES[name][0]!]: name });
    for (const name of COMMAND_NAMES) {
      const res = await post(name, JSON.stringify(probe(name)));
      expect(res.status, name).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ ok: true, value: { version: 1 } });
    }
    expect(engine.calls).toEqual(COMMAND_NAMES.map((name) => ({ name, args: probe(name) })));
  });

  it('answers 400 to a command name that is not valid percent-encoding', async () => {
    await start();
    const res = await post('%zz', '{}');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.code).toBe('invalid_argument');
  });

  it('answers HEAD on the event stream with headers only', async () => {
    await start();
    const res = await rawRequest(port(), { method: 'HEAD', path: '/api/events', headers: AUTH });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream');
  });

  it('refuses an argument the command does not take, naming it, and never calls the engine', async () => {
    await start();
    const res = await post(
      'moveUpstream',
      '{"service":"codex","station":"main","id":"a","toIndx":1}',
    );
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.message).toContain('moveUpstream has no argument "toIndx"');
    expect(engine.calls).toEqual([]);
  });

  it('answers 409 with the envelope when the engine throws a conflict', async () => {
    await start();
    engine.respond = () =>
      Promise.reject(new AppError('conflict', 'station "main" already exists', 'name'));
    const res = await post('addStation', '{"service":"codex","station":{"name":"main"}}');
    expect(res.status).toBe(409);
    expect(JSON.parse(res.body)).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'station "main" already exists', path: 'name' },
    });
  });

  it('maps a refused envelope from the engine to its HTTP status', async () => {
    await start();
    engine.respond = async () => ({
      ok: false,
      error: { code: 'not_found', message: 'no upstream x' },
    });
    const res = await post('resetUpstream', '{"service":"codex","station":"main","id":"x"}');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses invalid JSON, non-object bodies, unknown commands and oversized bodies', async () => {
    await start();
    const bad = await post('moveUpstream', '{"id": ');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    const arr = await post('moveUpstream', '[1,2]');
    expect(arr.status).toBe(400);
    const unknown = await post('formatDisk', '{}');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({
      ok: false,
      error: { code: 'unknown_command' },
    });
    const huge = await post('addUpstream', JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }));
    expect(huge.status).toBe(413);
    const wrongVerb = await rawRequest(port(), {
      path: '/api/commands/moveUpstream',
      headers: AUTH,
    });
    expect(wrongVerb.status).toBe(405);
    expect(engine.calls).toEqual([]);
  });
});

describe('console snapshot events', () => {
  it('sends the current snapshot first, then each snapshot the engine publishes', async () => {
    await start();
    const sse = await openSse(port(), `/api/events?token=${TOKEN}`);
    expect(sse.status).toBe(200);
    expect(sse.headers['content-type']).toContain('text/event-stream');
    const first = await sse.next();
    expect(first.event).toBe('snapshot');
    expect(JSON.parse(first.data ?? '')).toMatchObject({ version: 1 });

    engine.push(2);
    expect(JSON.parse((await sse.next()).data ?? '').version).toBe(2);
    engine.push(3);
    engine.push(4);
    const third = await sse.next();
    expect(third.event).toBe('snapshot');
    expect(JSON.parse(third.data ?? '').version).toBe(3);
    expect(JSON.parse((await sse.next()).data ?? '').version).toBe(4);

    scheduler.advance(15_000);
    expect((await sse.next()).comment).toBe('keep-alive');
    sse.close();
    await engine.whenListenerCount(0);
  });

  it('accepts the bearer header for events too and ends streams on close', async () => {
    await start();
    const sse = await openSse(port(), '/api/events', AUTH);
    expect((await sse.next()).event).toBe('snapshot');
    expect(engine.listenerCount()).toBe(1);
    await server.close();
    expect(engine.listenerCount()).toBe(0);
  });
});

describe('console static files', () => {
  it('serves the app shell and assets with content types and security headers', async () => {
    await start();
    const index = await rawRequest(port(), { path: '/' });
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.body).toContain('app shell');
    expect(index.headers['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
    );
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['referrer-policy']).toBe('no-referrer');
    const js = await rawRequest(port(), { path: '/assets/app.js' });
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toBe('console.log("app")');
    const css = await rawRequest(port(), { path: '/assets/app.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('falls back to the app shell for client routes but not for missing assets', async () => {
    await start();
    const route = await rawRequest(port(), { path: '/requests/recent' });
    expect(route.status).toBe(200);
    expect(route.body).toContain('app shell');
    const missing = await rawRequest(port(), { path: '/assets/missing.js' });
    expect(missing.status).toBe(404);
  });

  it('never serves a file outside the static folder', async () => {
    await start();
    for (const p of [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
    ]) {
      const res = await rawRequest(port(), { path: p });
      expect(res.body, p).not.toContain('TOP-SECRET');
      expect([400, 403, 404], p).toContain(res.status);
    }
    const encoded = await rawRequest(port(), { path: '/..%2fsecret.txt' });
    expect(encoded.status).toBe(403);
  });

  it('says how to build the UI when there is no static folder', async () => {
    await start({ staticDir: null });
    const res = await rawRequest(port(), { path: '/' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('npm run build');
  });
});
