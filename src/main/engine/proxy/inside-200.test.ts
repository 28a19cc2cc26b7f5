// Issue 13 item 12: failures inside a 200 count as failed attempts and fail over: an empty or
// non-JSON body for a JSON request, and an SSE stream that fails (or ends) before any content.
// The opening events are held, so the client only ever sees the next relay's answer.
import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  json,
  responsesReply,
  sseEvent,
  startFakeUpstream,
  type FakeHandler,
} from '../../../../tests/fixtures/fake-upstream';
import { postJson, send } from '../../../../tests/fixtures/http-client';
import { configWith, startHarness, type Harness } from '../../../../tests/fixtures/proxy-harness';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const sseHead = (res: http.ServerResponse) =>
  res.writeHead(200, { 'content-type': 'text/event-stream' });

/** Relay a fails as scripted, relay b answers well; returns the harness and b's answer. */
async function twoRelays(failing: FakeHandler, stream = false): Promise<Harness> {
  const a = await startFakeUpstream(failing);
  const b = await startFakeUpstream((_r, res) => {
    if (!stream) return json(res, 200, { id: 'from-b' });
    sseHead(res);
    res.end(responsesReply('from b'));
  });
  cleanup.push(
    () => a.close(),
    () => b.close(),
  );
  const h = await startHarness({ config: configWith('codex', [a.url, b.url]) });
  cleanup.push(() => h.close());
  return h;
}

async function expectFailover(h: Harness, errorPart: string): Promise<void> {
  const rec = await h.record();
  expect(rec.status).toBe(200);
  expect(rec.attempts.map((x) => x.decision)).toEqual(['failover', 'success']);
  expect(rec.attempts[0]?.status).toBe(200);
  expect(rec.attempts[0]?.error).toContain(errorPart);
  expect(h.balancer.state(h.view()).cooldownUntil[0]).toBe(h.clock.now() + 30_000);
}

describe('failures inside a 200', () => {
  it('fails over from an empty 200 body for a JSON request', async () => {
    const h = await twoRelays((_r, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end();
    });
    const reply = await postJson(`${h.url}/v1/responses`, { model: 'gpt-5' });
    expect(JSON.parse(reply.body)).toEqual({ id: 'from-b' });
    await expectFailover(h, 'empty body');
  });

  it('fails over from a non-JSON 200 body for a JSON request', async () => {
    const h = await twoRelays((_r, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>maintenance</html>');
    });
    const reply = await postJson(`${h.url}/v1/responses`, { model: 'gpt-5' });
    expect(JSON.parse(reply.body)).toEqual({ id: 'from-b' });
    await expectFailover(h, 'non-JSON');
  });

  it('fails over from a truncated JSON object in a 200, and relays a JSON that is not an object', async () => {
    const h = await twoRelays((_r, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"cut off","usage":{"input_tokens":1');
    });
    await postJson(`${h.url}/v1/responses`, { model: 'gpt-5' });
    await expectFailover(h, 'non-JSON');

    const s = await twoRelays((_r, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(' "a JSON string" \n');
    });
    const reply = await postJson(`${s.url}/v1/responses`, { model: 'gpt-5' });
    expect(reply.body).toBe(' "a JSON string" \n');
    expect((await s.record()).attempts.map((x) => x.decision)).toEqual(['success']);
  });

  it('fails over from a stream whose first event after the opening ones is an error', async () => {
    const h = await twoRelays((_r, res) => {
      sseHead(res);
      res.write(sseEvent('response.created', { response: { id: 'r' } }));
      res.end(`event: error\ndata: {"error":{"message":"upstream overloaded"}}\n\n`);
    }, true);
    const reply = await postJson(`${h.url}/v1/responses`, { model: 'gpt-5', stream: true });
    expect(reply.body).toBe(responsesReply('from b'));
    await expectFailover(h, 'upstream overloaded');
  });

  it('reads an event name on any line of the event, with CRLF line ends', async () => {
    // An `id:` line before `event:` and CRLF line ends: the opening is still held and the
    // error after it still fails over.
    const h = await twoRelays((_r, res) => {
      sseHead(res);
      res.write('id: 1\r\nevent: response.created\r\ndata: {"response":{"id":"r"}}\r\n\r\n');
      res.end('id: 2\r\nevent: error\r\ndata: {"error":{"message":"upstream overloaded"}}\r\n\r\n');
    }, true);
    const reply = await postJson(`${h.url}/v1/responses`, { model: 'gpt-5', stream: true });
    expect(reply.body).toBe(responsesReply('from b'));
    await expectFailover(h, 'upstream overloaded');
  });

  it('judges events cut anywhere across chunks: an error after the opening fails over, content commits', async () => {
    // Written in pieces a few ms apart so they arrive as separate chunks: the separator of the
    // opening event cut in two, the next event cut mid-line.
    const pieces = (res: http.ServerResponse, parts: string[]): void => {
      sseHead(res);
      const next = (i: number): void => {
        if (i === parts.length - 1) res.end(parts[i]);
        else {
          res.write(parts[i]);
          setTimeout(() => next(i + 1), 5);
        }
      };
      next(0);
    };
    const opening = sseEvent('message_start', { message: { id: 'm' } });
    const h = await twoRelays(
      (_r, res) =>
        pieces(res, [
          opening.slice(0, -1),
          `\nevent: err`,
          `or\ndata: {"error":{"message":"over`,
          `loaded"}}\n\n`,
        ]),
      true,
    );
    await postJson(`${h.url}/v1/messages`, { model: 'claude', stream: true });
    await expectFailover(h, 'overloaded');

    const content = sseEvent('content_block_delta', { delta: { text: 'hi' } });
    const whole = opening + content;
    const a = await startFakeUpstream((_r, res) =>
      pieces(res, [opening.slice(0, -1), `\n${content.slice(0, 9)}`, content.slice(9)]),
    );
    cleanup.push(() => a.close());
    const one = await startHarness({ config: configWith('codex', [a.url]) });
    cleanup.push(() => one.close());
    const reply = await postJson(`${one.url}/v1/messages`, { model: 'claude', stream: true });
    expect(reply.body).toBe(whole);
    expect((await one.record()).attempts.map((x) => x.decision)).toEqual(['success']);
  });

  it('fails over from an Anthropic stream that ends after message_start and ping', async () => {
    const h = await twoRelays((_r, res) => {
      sseHead(res);
      res.write(sseEvent('message_start', { message: { id: 'm' } }));
      res.end(sseEvent('ping', {}));
    }, true);
    await postJson(`${h.url}/v1/messages`, { model: 'claude', stream: true });
    await expectFailover(h, 'ended before any content');
  });

  it('marks a relay exhausted when its stream fails with a quota error', async () => {
    const h = await twoRelays((_r, res) => {
      sseHead(res);
      res.write(sseEvent('response.in_progress', {}));
      res.end(
        sseEvent('response.failed', {
          response: { error: { code: 'insufficient_quota', message: 'quota exceeded' } },
        }),
      );
    }, true);
    await postJson(`${h.url}/v1/responses`, { model: 'gpt-5', stream: true });
    const rec = await h.record();
    expect(rec.attempts.map((x) => x.decision)).toEqual(['exhausted', 'success']);
    expect(h.balancer.state(h.view()).usageExhausted[0]).toBe(true);
  });

  it('passes an empty 200 through when the request sent no JSON', async () => {
    const a = await startFakeUpstream((_r, res) => {
      res.writeHead(200, { 'content-length': '0' });
      res.end();
    });
    cleanup.push(() => a.close());
    const h = await startHarness({ config: configWith('codex', [a.url]) });
    cleanup.push(() => h.close());
    const reply = await send(`${h.url}/v1/models`);
    expect(reply.status).toBe(200);
    expect((await h.record()).attempts.map((x) => x.decision)).toEqual(['success']);
  });
});
