import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../shared/snapshot';
import { ApiError, createHttpApi, createIpcApi, takeToken, type EventSourceLike } from './api';

// This file is type-checked with the renderer's DOM-only config, so Node's http module is reached
// at run time (vitest runs in Node) through a minimal local type instead of @types/node.
interface Req {
  method?: string;
  url?: string;
  headers: Record<string, string | undefined>;
  on(event: 'data', cb: (chunk: { toString(): string }) => void): void;
  on(event: 'end', cb: () => void): void;
}
interface Res {
  writeHead(status: number, headers: Record<string, string>): void;
  end(body: string): void;
}
interface Server {
  listen(port: number, host: string, cb: () => void): void;
  address(): { port: number };
  close(cb: () => void): void;
}
const http = (
  globalThis as unknown as { process: { getBuiltinModule(id: string): unknown } }
).process.getBuiltinModule('node:http') as {
  createServer(handler: (req: Req, res: Res) => void): Server;
};

const TOKEN = 'tok-123';
const seen: { method: string; url: string; auth: string | undefined; body: string }[] = [];
let server: Server;
let origin: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c.toString()));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        auth: req.headers.authorization,
        body,
      });
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end('{"error":"unauthorized"}');
      } else if (req.url === '/api/snapshot') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ instanceId: 'i', version: 7 }));
      } else if (req.url === '/api/commands/moveUpstream') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, value: { version: 8 } }));
      } else {
        res.writeHead(409, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            ok: false,
            error: { code: 'conflict', message: 'station main is active', path: 'station' },
          }),
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('HTTP console client', () => {
  it('fetches the snapshot with the bearer token', async () => {
    const api = createHttpApi({ origin, token: TOKEN });
    await expect(api.getSnapshot()).resolves.toMatchObject({ version: 7 });
    expect(seen.at(-1)).toMatchObject({ method: 'GET', auth: `Bearer ${TOKEN}` });
  });

  it('posts named arguments as JSON and unwraps the result', async () => {
    const api = createHttpApi({ origin, token: TOKEN });
    const args = { service: 'codex' as const, station: 'main', id: 'a/b', toIndex: 2 };
    await expect(api.invoke('moveUpstream', args)).resolves.toEqual({ version: 8 });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/api/commands/moveUpstream' });
    expect(JSON.parse(seen.at(-1)?.body ?? '')).toEqual(args);
  });

  it('re-throws a refused command as an ApiError with code and path', async () => {
    const api = createHttpApi({ origin, token: TOKEN });
    const err = await api
      .invoke('removeStation', { service: 'codex', station: 'main' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      code: 'conflict',
      message: 'station main is active',
      path: 'station',
    });
  });

  it('reports a wrong token as unauthorized and tells the app', async () => {
    let told = 0;
    const api = createHttpApi({ origin, token: 'wrong', onUnauthorized: () => told++ });
    await expect(api.getSnapshot()).rejects.toMatchObject({ code: 'unauthorized' });
    expect(told).toBe(1);
  });

  it('says the server cannot be reached when nothing listens', async () => {
    const api = createHttpApi({ origin: 'http://127.0.0.1:1', token: TOKEN });
    await expect(api.getSnapshot()).rejects.toMatchObject({ code: 'network' });
  });

  it('subscribes to snapshot events with the token in the query and unsubscribes', () => {
    const listeners = new Map<string, (e: MessageEvent) => void>();
    let url = '';
    let closed = false;
    const source: EventSourceLike = {
      readyState: 1,
      addEventListener: (type, l) => listeners.set(type, l),
      close: () => (closed = true),
    };
    const states: string[] = [];
    const api = createHttpApi({
      origin,
      token: 'a b',
      createEventSource: (u) => ((url = u), source),
      onStream: (s) => states.push(s),
    });
    const got: Snapshot[] = [];
    const stop = api.onSnapshot((s) => got.push(s));
    listeners.get('snapshot')?.({ data: '{"instanceId":"x","version":3}' } as MessageEvent);
    listeners.get('snapshot')?.({ data: 'not json' } as MessageEvent);
    expect(url).toBe(`${origin}/api/events?token=a%20b`);
    expect(got.map((s) => s.version)).toEqual([3]);
    listeners.get('error')?.({} as MessageEvent);
    expect(states).toEqual(['error']);
    stop();
    expect(closed).toBe(true);
  });
});

describe('Electron client', () => {
  it('unwraps the preload envelope and re-throws refusals', async () => {
    const api = createIpcApi({
      getSnapshot: async () => ({ ok: true, value: { version: 1 } as Snapshot }),
      onSnapshot: () => () => undefined,
      command: async (name) =>
        name === 'resetUpstream'
          ? ({ ok: true, value: { version: 2 } } as never)
          : ({ ok: false, error: { code: 'not_found', message: 'no upstream x' } } as never),
    });
    expect(api.openPath).toBeUndefined();
    await expect(
      api.invoke('resetUpstream', { service: 'codex', station: 'm', id: 'x' }),
    ).resolves.toEqual({ version: 2 });
    await expect(
      api.invoke('removeUpstream', { service: 'codex', station: 'm', id: 'x' }),
    ).rejects.toMatchObject({ code: 'not_found', message: 'no upstream x' });
    await expect(api.getSnapshot()).resolves.toMatchObject({ version: 1 });
  });

  it('re-throws a refused getSnapshot or openPath as an ApiError with its code', async () => {
    const refused = { ok: false as const, error: { code: 'refused' as const, message: 'no' } };
    const api = createIpcApi({
      getSnapshot: async () => refused,
      onSnapshot: () => () => undefined,
      command: async () => refused as never,
      openPath: async (which) => (which === 'logs' ? { ok: true, value: undefined } : refused),
    });
    await expect(api.getSnapshot()).rejects.toMatchObject({ code: 'refused', message: 'no' });
    await expect(api.openPath!('logs')).resolves.toBeUndefined();
    await expect(api.openPath!('config')).rejects.toBeInstanceOf(ApiError);
  });
});

describe('console token', () => {
  function fakeWindow(href: string) {
    const store = new Map<string, string>();
    const replaced: string[] = [];
    return {
      replaced,
      win: {
        location: { href } as Location,
        history: {
          state: null,
          replaceState: (_s: unknown, _t: string, u: string) => replaced.push(u),
        } as unknown as History,
        sessionStorage: {
          getItem: (k: string) => store.get(k) ?? null,
          setItem: (k: string, v: string) => void store.set(k, v),
        } as unknown as Storage,
      },
    };
  }

  it('takes the token from the URL, keeps it for the session and removes it from the address bar', () => {
    const { win, replaced } = fakeWindow('http://127.0.0.1:3212/?token=s3cret&x=1#top');
    expect(takeToken(win)).toBe('s3cret');
    expect(replaced).toEqual(['/?x=1#top']);
    win.location = { href: 'http://127.0.0.1:3212/' } as Location;
    expect(takeToken(win)).toBe('s3cret');
  });
});
