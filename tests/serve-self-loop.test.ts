// Issue 13 item 1, against the real serve process: a relay URL that leads back to the proxy is
// refused in every spelling, and a loop the address check cannot see (a relay that forwards
// back) is stopped by the proxy's own mark with 508 Loop Detected.
import http from 'node:http';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { startServe, type Serve } from '../e2e/helpers/serve';
import { startFakeUpstream, type FakeUpstream } from './fixtures/fake-upstream';
import { postJson } from './fixtures/http-client';
import { codexStation, makeServeHome, type ServeHome } from './fixtures/serve-home';

let serve: Serve | null = null;
let home: ServeHome | null = null;
let relay: FakeUpstream | null = null;

afterEach(async () => {
  await serve?.stop();
  await relay?.close();
  home?.cleanup();
  serve = null;
  relay = null;
  home = null;
});

interface Envelope {
  ok: boolean;
  error?: { message: string };
}

describe('self-loop guard', () => {
  it('refuses a relay URL that reaches the proxy in any spelling', async () => {
    home = await makeServeHome({ rest: codexStation([]) });
    serve = await startServe(home.dir);
    const port = home.ports.codex;
    const forms = [
      `http://[::ffff:127.0.0.1]:${port}/v1`,
      `http://[0:0:0:0:0:ffff:7f00:1]:${port}/v1`,
      `http://localhost.:${port}/v1`,
      `http://0x7f.1:${port}/v1`,
      `http://${hostname()}:${port}/v1`,
      `http://127.0.0.1:${home.ports.console}/v1`,
    ];
    for (const baseUrl of forms) {
      const r = await serve.api<Envelope>('/api/commands/addUpstream', {
        service: 'codex',
        station: 'main',
        upstream: { baseUrl },
      });
      expect(r.ok, baseUrl).toBe(false);
      expect(r.error?.message, baseUrl).toContain('loop');
    }
    expect((await serve.snapshot()).services.codex.stations[0]?.upstreams).toHaveLength(0);
  });

  it('answers a request at once, without a storm, when config.toml points a relay back at the proxy', async () => {
    home = await makeServeHome();
    const url = `http://[::ffff:127.0.0.1]:${home.ports.codex}/v1`;
    const { appendFileSync } = await import('node:fs');
    appendFileSync(home.configFile, `\n${codexStation([url])}\n`);
    serve = await startServe(home.dir);
    const reply = await postJson(`${serve.codexProxy}/v1/responses`, { model: 'gpt-5' });
    expect(reply.status).toBeGreaterThanOrEqual(500);
    expect(reply.body).toContain('self-loop');
  });

  it('stops a loop through a forwarding relay with 508 on the second pass', async () => {
    home = await makeServeHome();
    const proxyPort = home.ports.codex;
    // A relay that sends everything back to the proxy, as a misconfigured chain would. It gives
    // up by itself after 5 passes so that a missing guard fails the test instead of storming.
    const seen: (string | undefined)[] = [];
    relay = await startFakeUpstream(async (req, res, n) => {
      if (n > 5) {
        res.writeHead(500);
        res.end('relay gave up: loop');
        return;
      }
      const back = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const out = http.request(
          {
            host: '127.0.0.1',
            port: proxyPort,
            path: req.url,
            method: req.method,
            headers: { ...req.headers, host: `127.0.0.1:${proxyPort}` },
            agent: false,
          },
          (r) => {
            const chunks: Buffer[] = [];
            r.on('data', (c: Buffer) => chunks.push(c));
            r.on('end', () =>
              resolve({ status: r.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
            );
          },
        );
        out.once('error', reject);
        out.end(req.body);
      });
      seen.push(String(back.status));
      res.writeHead(back.status, { 'content-type': 'application/json' });
      res.end(back.body);
    });
    const { appendFileSync } = await import('node:fs');
    appendFileSync(home.configFile, `\n${codexStation([relay.url])}\n`);
    serve = await startServe(home.dir);
    const reply = await postJson(`${serve.codexProxy}/v1/responses`, { model: 'gpt-5' });
    // Each pass through the relay comes straight back with 508; only the proxy's own retry budget
    // (balanced profile: 2 tries on one relay) sends it again.
    expect(relay.requests.length).toBeLessThanOrEqual(2);
    expect(seen).toEqual(relay.requests.map(() => '508'));
    expect(relay.requests[0]?.headers['x-codex-helper-loop']).toBeTruthy();
    expect(reply.status).toBe(508);
  });
});
