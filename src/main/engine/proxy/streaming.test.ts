import http from 'node:http';
import { createGzip } from 'node:zlib';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  json,
  responsesReply,
  signal,
  sseEvent,
  startFakeUpstream,
  type FakeUpstream,
} from '../../../../tests/fixtures/fake-upstream';
import { drain, open } from '../../../../tests/fixtures/http-client';
import { configWith, startHarness, type Harness } from '../../../../tests/fixtures/proxy-harness';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function fake(handler: Parameters<typeof startFakeUpstream>[0]): Promise<FakeUpstream> {
  const f = await startFakeUpstream(handler);
  cleanup.push(() => f.close());
  return f;
}

async function harness(urls: string[], idleTimeoutMsOverride?: number): Promise<Harness> {
  const h = await startHarness({
    config: configWith('codex', urls),
    ...(idleTimeoutMsOverride !== undefined ? { idleTimeoutMsOverride } : {}),
  });
  cleanup.push(() => h.close());
  return h;
}

const reqBody = JSON.stringify({ model: 'gpt-5', stream: true, input: 'hi' });
const post = (url: string) =>
  open(`${url}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: reqBody,
  });

function sseHead(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
}

// The first content event: opening events alone are held back (failures inside a 200).
const event1 = sseEvent('response.output_text.delta', { delta: 'he' });
const created = sseEvent('response.created', { response: { id: 'r1' } });

/**
 * A client that reads the first chunk, stops reading until `resumeWhen`, then reads to the end:
 * every numbered delta arrives once, in order, then the final event, with its usage recorded.
 */
async function readsWholeAfterPause(
  upstreamUrl: string,
  events: number,
  resumeWhen: Promise<void>,
): Promise<void> {
  const h = await harness([upstreamUrl]);
  const { res } = await post(h.url);
  const first = await new Promise<Buffer>((r) => res.once('data', r));
  res.pause();
  await resumeWhen;
  res.resume();
  const out = await drain(res);
  expect(out.broken).toBe(false);
  const body = first.toString('utf8') + out.body;
  const seen = [...body.matchAll(/"delta":"(\d+):/g)].map((m) => Number(m[1]));
  expect(seen).toEqual(Array.from({ length: events }, (_, i) => i));
  expect(body.endsWith(responsesReply('done'))).toBe(true);
  expect((await h.record()).usage?.totalTokens).toBe(18);
}

describe('streaming', () => {
  it('delivers each event to the client before the upstream sends the next', async () => {
    const clientGotFirst = signal();
    const a = await fake(async (_req, res) => {
      sseHead(res);
      res.write(event1);
      await clientGotFirst.promise;
      res.end(responsesReply('hello'));
    });
    const h = await harness([a.url]);
    const { res } = await post(h.url);
    expect(res.headers['content-type']).toBe('text/event-stream');
    const first = await new Promise<string>((r) =>
      res.once('data', (c: Buffer) => r(c.toString())),
    );
    expect(first).toBe(event1);
    clientGotFirst.resolve();
    const rest = await drain(res);
    expect(rest.broken).toBe(false);
    expect(rest.body).toBe(responsesReply('hello'));
    const rec = await h.record();
    expect(rec.usage).toEqual({
      inputTokens: 11,
      outputTokens: 7,
      totalTokens: 18,
      reasoningTokens: 3,
      cachedInputTokens: 2,
      cacheCreationTokens: 0,
    });
    expect(rec.ttfbMs).not.toBeNull();
  });

  it('holds the headers and opening events until the first content event, then sends them together', async () => {
    const clientGotFirst = signal();
    const a = await fake(async (_req, res) => {
      sseHead(res);
      res.flushHeaders();
      res.write(created);
      await new Promise((r) => setImmediate(r));
      res.write(event1);
      await clientGotFirst.promise;
      res.end(responsesReply('hello'));
    });
    const h = await harness([a.url]);
    const { res } = await post(h.url);
    expect(res.headers['content-type']).toBe('text/event-stream');
    const first = await new Promise<string>((r) =>
      res.once('data', (c: Buffer) => r(c.toString())),
    );
    expect(first).toBe(created + event1);
    clientGotFirst.resolve();
    expect((await drain(res)).body).toBe(responsesReply('hello'));
  });

  it('fails over when a stream goes silent after its opening events (the idle watchdog holds)', async () => {
    const a = await fake((_req, res) => {
      sseHead(res);
      res.write(created);
    });
    const b = await fake((_r, res) => {
      sseHead(res);
      res.end(event1);
    });
    const h = await harness([a.url, b.url], 150);
    const { res } = await post(h.url);
    expect((await drain(res)).body).toBe(event1);
    const rec = await h.record();
    expect(
      rec.attempts.map((x) => x.decision),
      JSON.stringify(rec.attempts),
    ).toEqual(['failover', 'success']);
    expect(rec.attempts[0]?.error).toContain('idle');
  });

  it('decodes a gzip SSE stream event by event', async () => {
    const clientGotFirst = signal();
    const a = await fake(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
      const gz = createGzip();
      gz.pipe(res);
      gz.write(event1);
      gz.flush();
      await clientGotFirst.promise;
      gz.end(responsesReply('zipped'));
    });
    const h = await harness([a.url]);
    const { res } = await post(h.url);
    expect(res.headers['content-encoding']).toBeUndefined();
    const first = await new Promise<string>((r) =>
      res.once('data', (c: Buffer) => r(c.toString())),
    );
    expect(first).toBe(event1);
    clientGotFirst.resolve();
    const rest = await drain(res);
    expect(rest.body).toBe(responsesReply('zipped'));
    expect((await h.record()).usage?.totalTokens).toBe(18);
  });

  it('delivers a 16 MiB stream whole and in order to a client that stops reading for a while', async () => {
    const payload = 'x'.repeat(64 * 1024);
    const events = 256;
    const upstreamWaited = signal();
    let waits = 0;
    const a = await fake(async (_req, res) => {
      sseHead(res);
      for (let n = 0; n < events; n++) {
        const more = res.write(
          sseEvent('response.output_text.delta', { delta: `${n}:${payload}` }),
        );
        if (!more) {
          if (++waits === 20) upstreamWaited.resolve();
          await new Promise((r) => res.once('drain', r));
        }
      }
      res.end(responsesReply('done'));
    });
    await readsWholeAfterPause(a.url, events, upstreamWaited.promise);
  });

  it('delivers a gzip stream that decodes to 16 MiB whole and in order to a client that stops reading for a while', async () => {
    const payload = 'x'.repeat(64 * 1024);
    const events = 256;
    const upstreamDone = signal();
    const a = await fake((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
      const gz = createGzip();
      gz.pipe(res);
      res.once('finish', () => upstreamDone.resolve());
      // Small on the wire, 16 MiB once decoded: the decoder outruns the client.
      for (let n = 0; n < events; n++) {
        gz.write(sseEvent('response.output_text.delta', { delta: `${n}:${payload}` }));
      }
      gz.end(responsesReply('done'));
    });
    await readsWholeAfterPause(a.url, events, upstreamDone.promise);
  });

  it('breaks the client stream when a gzip stream turns to bytes that do not decode', async () => {
    const clientGotFirst = signal();
    const a = await fake(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
      const gz = createGzip();
      gz.on('data', (c: Buffer) => res.write(c));
      gz.write(event1);
      gz.flush();
      await clientGotFirst.promise;
      // Not the rest of the gzip stream: the decoder fails on it.
      res.end(Buffer.from('this is not deflate data at all, not even close'));
    });
    const h = await harness([a.url]);
    const { res } = await post(h.url);
    res.once('data', () => clientGotFirst.resolve());
    const out = await drain(res);
    expect(out.broken).toBe(true);
    expect(out.body).toBe(event1);
    const rec = await h.record();
    expect(rec.error).toBe('stream broke (decode)');
  });

  it('breaks the client stream and cools the upstream when it resets mid-stream, without failover', async () => {
    const clientGotFirst = signal();
    const a = await fake(async (req, res) => {
      sseHead(res);
      res.write(event1);
      await clientGotFirst.promise;
      req.socket.destroy();
    });
    const b = await fake((_r, res) => json(res, 200, {}));
    const h = await harness([a.url, b.url]);
    const { res } = await post(h.url);
    res.once('data', () => clientGotFirst.resolve());
    const out = await drain(res);
    expect(out.broken).toBe(true);
    expect(b.requests).toHaveLength(0);
    expect(h.balancer.state(h.view()).cooldownUntil[0]).toBe(h.clock.now() + 30_000);
    const rec = await h.record();
    expect(rec.error).toContain('stream broke');
  });

  it('ends a stream that stays silent longer than the idle timeout', async () => {
    const upstreamClosed = signal();
    const a = await fake((req, res) => {
      req.socket.once('close', () => upstreamClosed.resolve());
      sseHead(res);
      res.write(event1);
    });
    const h = await harness([a.url], 150);
    const { res } = await post(h.url);
    const out = await drain(res);
    expect(out.broken).toBe(true);
    expect(out.body).toBe(event1);
    await upstreamClosed.promise;
    const rec = await h.record();
    expect(rec.error).toContain('idle');
  });

  it('closes the upstream socket as soon as the client disconnects', async () => {
    const upstreamClosed = signal();
    const a = await fake((req, res) => {
      req.socket.once('close', () => upstreamClosed.resolve());
      sseHead(res);
      res.write(event1);
    });
    const h = await harness([a.url]);
    const { req, res } = await post(h.url);
    await new Promise((r) => res.once('data', r));
    req.destroy();
    await upstreamClosed.promise;
    const rec = await h.record();
    expect(rec.status).toBe(499);
    expect(rec.attempts.at(-1)?.decision).toBe('aborted');
    expect(h.balancer.state(h.view()).failureCounts[0]).toBe(0);
  });

  it('aborts the upstream request when the client leaves before the headers arrive', async () => {
    const upstreamClosed = signal();
    const upstreamGotRequest = signal();
    const a = await fake((req) => {
      req.socket.once('close', () => upstreamClosed.resolve());
      upstreamGotRequest.resolve();
    });
    const h = await harness([a.url]);
    const req = http.request(`${h.url}/v1/responses`, { method: 'POST', agent: false });
    req.on('error', () => undefined);
    req.end(reqBody);
    await upstreamGotRequest.promise;
    req.destroy();
    await upstreamClosed.promise;
    const rec = await h.record();
    expect(rec.status).toBe(499);
    expect(a.requests).toHaveLength(1);
  });
});
