// Issue 13 item 10, the proxy's side: an absolute-form request target is refused, an oversized
// header block gets 431, and a key-shaped path segment never reaches the request log verbatim.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { json, startFakeUpstream } from '../../../../tests/fixtures/fake-upstream';
import { send } from '../../../../tests/fixtures/http-client';
import { configWith, startHarness, type Harness } from '../../../../tests/fixtures/proxy-harness';
import { redactPath } from './server';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function harness(): Promise<{ h: Harness; seen: () => number }> {
  const a = await startFakeUpstream((_r, res) => json(res, 200, { ok: true }));
  cleanup.push(() => a.close());
  const h = await startHarness({ config: configWith('codex', [a.url]) });
  cleanup.push(() => h.close());
  return { h, seen: () => a.requests.length };
}

/** Sends raw bytes and resolves with the status line of the answer. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.end(text));
    let got = '';
    s.on('data', (c: Buffer) => (got += c.toString()));
    s.on('close', () => resolve(got.split('\r\n')[0] ?? ''));
    s.on('error', reject);
  });
}

describe('request edges', () => {
  it('refuses an absolute-form request target with 400 and forwards nothing', async () => {
    const { h, seen } = await harness();
    const port = h.listener.address.port;
    const line = await raw(
      port,
      'GET http://evil.com/v1/models HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n',
    );
    expect(line).toBe('HTTP/1.1 400 Bad Request');
    expect(seen()).toBe(0);
  });

  it('answers a 60 KB header block with 431', async () => {
    const { h } = await harness();
    const line = await raw(
      h.listener.address.port,
      `GET /v1/models HTTP/1.1\r\nhost: 127.0.0.1\r\nx-big: ${'a'.repeat(60_000)}\r\n\r\n`,
    );
    expect(line).toBe('HTTP/1.1 431 Request Header Fields Too Large');
  });

  it('logs a key-shaped path segment redacted', async () => {
    const { h } = await harness();
    await send(`${h.url}/v1/sk-proj-abcdefghijklmnop1234567890/models?key=x`);
    expect((await h.record()).path).toBe('/v1/[redacted]/models');
    expect(redactPath('/v1/responses')).toBe('/v1/responses');
    expect(redactPath('/v1beta/models/gemini-2.5-pro:generateContent')).toBe(
      '/v1beta/models/gemini-2.5-pro:generateContent',
    );
    expect(redactPath('/k/AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUv')).toBe('/k/[redacted]');
  });
});
