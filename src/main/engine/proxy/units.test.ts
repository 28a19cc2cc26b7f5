import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { resolveRetryPolicy } from '../config/retry-policy';
import { emptyConfig } from '../../../shared/config-types';
import { classify, retryAfterSecs } from './classify';
import { limitAcceptEncoding, withCredentials } from './headers';
import { readRequestHead } from './request-head';
import { joinRepeated } from './upstream';
import { isModelSupported, mapModel, matchPattern } from './models';
import { leadingModel, parseBody, readBody, sessionIdOf } from './prepare';
import { redact } from './redact';
import { SseUsageScanner } from './sse';
import { usageFromJson, usageFromJsonBytes } from './usage';
import { joinUpstreamUrl, pointsAtOwnListener } from './url';

describe('URL joining', () => {
  it.each([
    ['https://r.example/v1', '/v1/responses', 'https://r.example/v1/responses'],
    ['https://r.example/v1/', '/v1/responses?a=1', 'https://r.example/v1/responses?a=1'],
    ['https://r.example/v1', '/responses', 'https://r.example/v1/responses'],
    ['https://r.example/v1', '/v12/x', 'https://r.example/v1/v12/x'],
    ['https://r.example/v1', '/v1', 'https://r.example/v1'],
    ['https://r.example', '/v1/messages?beta=true', 'https://r.example/v1/messages?beta=true'],
    ['http://r.example:8080/api/v1', '/v1/responses', 'http://r.example:8080/api/v1/responses'],
    [
      'https://h.example/openai/compat/v1',
      '/v1/responses?stream=1',
      'https://h.example/openai/compat/v1/responses?stream=1',
    ],
    ['https://h.example/openai/compat/v1/', '/v1', 'https://h.example/openai/compat/v1'],
    ['https://h.example/api/v1', '/v12/x', 'https://h.example/api/v1/v12/x'],
    ['https://h.example/api/v1', '/models', 'https://h.example/api/v1/models'],
    ['https://h.example/api', '/v1/models', 'https://h.example/api/v1/models'],
  ])('joins %s + %s as %s', (base, path, expected) => {
    expect(joinUpstreamUrl(base, path)).toBe(expected);
  });
});

describe('self-loop detection', () => {
  const own = [{ host: '127.0.0.1', port: 3211 }];
  const machine = () => ({ names: new Set(['mybox']), addresses: new Set(['192.168.1.5']) });
  it.each([
    ['http://127.0.0.1:3211/v1', true],
    ['http://localhost:3211', true],
    ['http://[::1]:3211/v1', true],
    ['http://0.0.0.0:3211', true],
    ['http://127.0.0.2:3211', true],
    ['http://[::ffff:127.0.0.1]:3211/v1', true],
    ['http://[0:0:0:0:0:ffff:7f00:1]:3211/v1', true],
    ['http://localhost.:3211', true],
    ['http://2130706433:3211', true],
    ['http://mybox:3211', true],
    ['http://127.0.0.1:3212', false],
    ['http://192.168.1.5:3211', false],
    ['https://relay.example:3211', false],
  ])('%s → %s', (url, expected) => {
    expect(pointsAtOwnListener(url, own, machine)).toBe(expected);
  });

  it("counts this machine's interface addresses only when the listener is on a wildcard address", () => {
    const wild = [{ host: '0.0.0.0', port: 3211 }];
    expect(pointsAtOwnListener('http://192.168.1.5:3211', wild, machine)).toBe(true);
    expect(pointsAtOwnListener('http://[::ffff:c0a8:105]:3211', wild, machine)).toBe(true);
    expect(pointsAtOwnListener('http://192.168.1.6:3211', wild, machine)).toBe(false);
  });
});

describe('models', () => {
  it('accepts exactly one wildcard and never two', () => {
    expect(matchPattern('gpt-5*', 'gpt-5-mini')).toEqual({ literal: 5, capture: '-mini' });
    expect(matchPattern('gpt-*-mini', 'gpt-5-mini')).toEqual({ literal: 9, capture: '5' });
    expect(matchPattern('gpt-*-*', 'gpt-5-mini')).toBeNull();
    expect(matchPattern('gpt-5', 'gpt-5-mini')).toBeNull();
  });

  it('supports a model by exact key, wildcard key or mapping key; empty maps allow all', () => {
    expect(isModelSupported('x', {}, {})).toBe(true);
    expect(isModelSupported('gpt-5', { 'gpt-5': true }, {})).toBe(true);
    expect(isModelSupported('gpt-5', { 'gpt-5': false }, {})).toBe(false);
    expect(isModelSupported('gpt-5.1', { 'gpt-5*': true }, {})).toBe(true);
    expect(isModelSupported('o3', { 'gpt-5*': true }, { 'o*': 'gpt-5' })).toBe(true);
    expect(isModelSupported('claude', { 'gpt-5*': true }, {})).toBe(false);
  });

  it('maps exact first, else the wildcard with the longest literal, substituting the capture', () => {
    const m = { 'gpt-5': 'gpt-5.4', 'gpt-*': 'g-*', 'gpt-5-*': 'relay-*' };
    expect(mapModel('gpt-5', m)).toBe('gpt-5.4');
    expect(mapModel('gpt-5-mini', m)).toBe('relay-mini');
    expect(mapModel('gpt-4o', m)).toBe('g-4o');
    expect(mapModel('o3', m)).toBe('o3');
  });
});

describe('usage extraction', () => {
  it('reads OpenAI Responses usage from response.usage', () => {
    expect(
      usageFromJson({
        response: {
          usage: {
            input_tokens: 10,
            output_tokens: 4,
            total_tokens: 14,
            input_tokens_details: { cached_tokens: 3 },
            output_tokens_details: { reasoning_tokens: 2 },
          },
        },
      }),
    ).toEqual({
      inputTokens: 10,
      outputTokens: 4,
      totalTokens: 14,
      reasoningTokens: 2,
      cachedInputTokens: 3,
      cacheCreationTokens: 0,
    });
  });

  it('reads Chat Completions usage with numeric strings', () => {
    expect(
      usageFromJson({
        usage: {
          prompt_tokens: '7',
          completion_tokens: '5',
          prompt_tokens_details: { cached_tokens: '1' },
          completion_tokens_details: { reasoning_tokens: 2 },
        },
      }),
    ).toEqual({
      inputTokens: 7,
      outputTokens: 5,
      totalTokens: 12,
      reasoningTokens: 2,
      cachedInputTokens: 1,
      cacheCreationTokens: 0,
    });
  });

  it('combines Anthropic message_start and message_delta from a stream split mid-line', () => {
    const s = new SseUsageScanner();
    const text =
      'event: message_start\r\ndata: {"type":"message_start","message":{"usage":{"input_tokens":25,"output_tokens":1,"cache_read_input_tokens":4,"cache_creation_input_tokens":6}}}\r\n\r\n' +
      'event: content_block_delta\ndata: {"type":"content_block_delta","delta":{"text":"héllo"}}\n\n' +
      'event: message_delta\ndata: {"type":"message_delta","usage":{"output_tokens":9}}\n\n';
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += 7) s.push(bytes.subarray(i, i + 7));
    s.end();
    expect(s.usage.result()).toEqual({
      inputTokens: 25,
      outputTokens: 9,
      totalTokens: 34,
      reasoningTokens: 0,
      cachedInputTokens: 4,
      cacheCreationTokens: 6,
    });
  });

  it('reads usage from the first and the last event of one big chunk', () => {
    const s = new SseUsageScanner();
    const delta = 'event: d\ndata: {"type":"response.output_text.delta","delta":"x"}\n\n';
    const text =
      'data: {"type":"message_start","message":{"usage":{"input_tokens":5}}}\n\n' +
      delta.repeat(200) +
      'data: {"type":"message_delta","usage":{"output_tokens":9}}\n\n';
    s.push(Buffer.from(text));
    s.end();
    expect(s.usage.result()).toMatchObject({ inputTokens: 5, outputTokens: 9, totalTokens: 14 });
  });

  it("reads an event's usage object alone, past quoted mentions of usage, else the whole event", () => {
    const s = new SseUsageScanner();
    const done = JSON.stringify({
      type: 'response.completed',
      response: {
        output_text: 'the "usage": {"input_tokens": 99} field',
        usage: { input_tokens: 5, output_tokens: 7 },
      },
    });
    s.push(Buffer.from(`event: response.completed\ndata: ${done}\n\n`));
    s.end();
    expect(s.usage.result()).toMatchObject({ inputTokens: 5, outputTokens: 7, totalTokens: 12 });

    // A usage that is not an object cannot be read alone: the event is parsed whole.
    const odd = new SseUsageScanner();
    odd.push(Buffer.from('data: {"response":{"usage":{"input_tokens":2}},"usage":null}\n\n'));
    odd.end();
    expect(odd.usage.result()).toMatchObject({ inputTokens: 2 });
  });

  it('reads usage from a large last event that arrives in many chunks', () => {
    const s = new SseUsageScanner();
    const output = 'token '.repeat(200_000);
    const done = JSON.stringify({
      type: 'response.completed',
      response: { output_text: output, usage: { input_tokens: 3, output_tokens: 200_000 } },
    });
    const bytes = Buffer.from(`event: response.completed\ndata: ${done}\n\n`);
    for (let i = 0; i < bytes.length; i += 16_384) s.push(bytes.subarray(i, i + 16_384));
    s.end();
    expect(s.usage.result()).toMatchObject({ inputTokens: 3, outputTokens: 200_000 });
  });

  it('reports no usage when none is present', () => {
    expect(usageFromJson({ id: 'x' })).toBeNull();
  });
});

describe('usage of a whole JSON answer, read from its usage object alone', () => {
  const bytes = (doc: unknown) => Buffer.from(JSON.stringify(doc, null, 1));
  const expected = {
    inputTokens: 1200,
    outputTokens: 300,
    totalTokens: 1500,
    reasoningTokens: 7,
    cachedInputTokens: 200,
    cacheCreationTokens: 0,
  };
  const usage = {
    input_tokens: 1200,
    input_tokens_details: { cached_tokens: 200 },
    output_tokens: 300,
    output_tokens_details: { reasoning_tokens: 7 },
    total_tokens: 1500,
  };

  it('reads the usage of a Responses answer, whatever its text mentions', () => {
    const doc = {
      id: 'resp_1',
      output: [
        {
          type: 'message',
          content: [{ type: 'output_text', text: 'say "usage": {"input_tokens": 9} and } { "' }],
        },
      ],
      usage,
      metadata: { note: 'a "usage" word in a value' },
    };
    expect(usageFromJsonBytes(bytes(doc))).toEqual(expected);
    expect(usageFromJsonBytes(Buffer.from(JSON.stringify(doc)))).toEqual(expected);
    expect(usageFromJsonBytes(bytes(doc))).toEqual(usageFromJson(doc));
  });

  it('reads Chat Completions and Anthropic answers, and numeric strings', () => {
    const chat = { choices: [], usage: { prompt_tokens: '12', completion_tokens: 3 } };
    expect(usageFromJsonBytes(bytes(chat))).toEqual(usageFromJson(chat));
    const claude = {
      content: [{ type: 'text', text: '中文 {"usage":1}' }],
      usage: { input_tokens: 5, output_tokens: 2, cache_read_input_tokens: 4 },
    };
    expect(usageFromJsonBytes(bytes(claude))).toEqual(usageFromJson(claude));
  });

  it('finds nothing where there is no usage object', () => {
    expect(usageFromJsonBytes(bytes({ id: 'x' }))).toBeNull();
    expect(usageFromJsonBytes(bytes({ id: 'x', usage: null }))).toBeNull();
    expect(usageFromJsonBytes(bytes({ text: 'mentions "usage": {} only in a string' }))).toBeNull();
    expect(usageFromJsonBytes(Buffer.from('not json "usage": {"input_tokens": 1'))).toBeNull();
  });

  it('falls back to the whole answer when the last usage object is not readable alone', () => {
    const doc = { usage, trailer: { usage: 'a string, not an object' } };
    expect(usageFromJsonBytes(bytes(doc))).toEqual(usageFromJson(doc));
  });
});

describe('classification', () => {
  const policy = resolveRetryPolicy(emptyConfig().retry);
  const err = (o: Record<string, unknown>) => JSON.stringify({ error: o });
  it('checks the outcomes in the spec order', () => {
    expect(classify(200, '', policy).kind).toBe('success');
    expect(classify(400, err({ message: 'The model `gpt-9` does not exist' }), policy).kind).toBe(
      'capability',
    );
    expect(
      classify(404, err({ message: 'Unsupported parameter: reasoning.effort' }), policy).kind,
    ).toBe('capability');
    expect(classify(402, '', policy).kind).toBe('quota');
    expect(classify(429, err({ code: 'insufficient_quota', message: 'x' }), policy).kind).toBe(
      'quota',
    );
    expect(classify(403, err({ message: 'Your credit balance is too low' }), policy).kind).toBe(
      'quota',
    );
    expect(classify(413, '', policy).kind).toBe('client');
    expect(classify(400, err({ type: 'invalid_request_error', message: 'bad' }), policy).kind).toBe(
      'client',
    );
    expect(classify(500, '', policy)).toEqual({ kind: 'retryable', failover: true });
    expect(classify(401, '', policy).kind).toBe('failover');
    expect(classify(418, '', policy).kind).toBe('other');
    expect(classify(301, '', policy).kind).toBe('other');
  });

  it('reads integer Retry-After only', () => {
    expect(retryAfterSecs('12')).toBe(12);
    expect(retryAfterSecs('Wed, 21 Oct 2015 07:28:00 GMT')).toBeNull();
  });
});

describe('headers and redaction', () => {
  it('keeps only decodable content codings', () => {
    expect(limitAcceptEncoding('zstd,gzip')).toBe('gzip');
    expect(limitAcceptEncoding('zstd')).toBeNull();
    expect(limitAcceptEncoding('br;q=1.0, gzip;q=0.8, zstd')).toBe('br;q=1.0, gzip;q=0.8');
  });

  it('drops host, content-length and hop-by-hop headers, and adds the loop mark', () => {
    const head = readRequestHead(
      ['Host', 'x', 'X-A', '1', 'Content-Length', '3', 'Connection', 'close, x-a', 'X-B', '2'],
      'codex',
      'me',
    );
    expect(head.upstream).toEqual(['x-b', '2', 'x-codex-helper-loop', 'me']);
    expect(head.host).toBe('x');
    expect(head.declaresBody).toBe(true);
  });

  it('keeps repeated lines, limits accept-encoding and extends a chain of loop marks', () => {
    const head = readRequestHead(
      [
        'x-tag',
        'a',
        'Accept-Encoding',
        'zstd, gzip',
        'x-tag',
        'b',
        'x-codex-helper-loop',
        'one, two',
        'upgrade',
        'h2c',
      ],
      'claude',
      'me',
    );
    expect(head.upstream).toEqual([
      'x-tag',
      'a',
      'accept-encoding',
      'gzip',
      'x-tag',
      'b',
      'x-codex-helper-loop',
      'one, two, me',
    ]);
    expect(head.loopMarks).toEqual(['one', 'two']);
    expect(head.declaresBody).toBe(false);
  });

  it('knows the body length only from a single valid content-length without chunking', () => {
    const length = (raw: string[]) => readRequestHead(raw, 'codex', 'me').contentLength;
    expect(length(['Content-Length', '42'])).toBe(42);
    expect(length(['content-length', '0'])).toBe(0);
    expect(length(['Content-Length', '4', 'Content-Length', '4'])).toBeNull();
    expect(length(['Content-Length', '4', 'Transfer-Encoding', 'chunked'])).toBeNull();
    expect(length(['Content-Length', '4x'])).toBeNull();
    expect(length(['x-b', '1'])).toBeNull();
  });

  it('joins repeated lines for an outbound proxy, which would keep only the last', () => {
    expect(joinRepeated(['x-tag', 'a', 'accept', '*/*', 'x-tag', 'b'])).toEqual({
      'x-tag': 'a, b',
      accept: '*/*',
    });
  });

  it("replaces the client's credentials only for an upstream with its own", () => {
    const head = readRequestHead(
      ['Authorization', 'Bearer client-key', 'x-api-key', 'client-2', 'x-b', '1'],
      'claude',
      'me',
    );
    expect(head.clientSecrets).toEqual(['client-key', 'client-2']);
    const auth = { token: 'relay-key', apiKey: null, source: 'inline', problem: null } as const;
    expect(withCredentials(head.upstream, false, auth)).toBe(head.upstream);
    expect(withCredentials(head.upstream, true, auth)).toEqual([
      'x-b',
      '1',
      'x-codex-helper-loop',
      'me',
      'authorization',
      'Bearer relay-key',
    ]);
  });

  it('redacts key-like strings and known secrets', () => {
    expect(
      redact('bad key sk-abcdefgh12345 and Bearer abc.def.ghi and mysecret', ['mysecret']),
    ).toBe('bad key [redacted] and [redacted] and [redacted]');
  });
});

describe('request preparation', () => {
  it('reads a leading model without parsing and falls back to JSON.parse otherwise', () => {
    expect(leadingModel(Buffer.from(' { "model" : "gpt-5", "input": [] }'))).toBe('gpt-5');
    expect(leadingModel(Buffer.from('{"input":[],"model":"gpt-5"}'))).toBeUndefined();
    expect(leadingModel(Buffer.from('{"model":"a\\"b"}'))).toBeUndefined();
    expect(parseBody('application/json', Buffer.from('{"input":[],"model":"gpt-5"}')).model).toBe(
      'gpt-5',
    );
    expect(parseBody('text/plain', Buffer.from('{"model":"gpt-5"}')).model).toBeNull();
    expect(parseBody('application/json', Buffer.from('not json')).json()).toBeNull();
  });

  it('has the whole body once the declared length arrived, without waiting for the end', async () => {
    // A stream that never ends: only the declared length can finish the read.
    const req = new PassThrough();
    const read = readBody(req as unknown as IncomingMessage, 100, 5);
    req.write(Buffer.from('ab'));
    req.write(Buffer.from('cde'));
    expect((await read).toString()).toBe('abcde');
    const unknown = new PassThrough();
    const untilEnd = readBody(unknown as unknown as IncomingMessage, 100, null);
    unknown.end(Buffer.from('xyz'));
    expect((await untilEnd).toString()).toBe('xyz');
  });

  it('takes the session id from the headers in order, else prompt_cache_key', () => {
    const body = parseBody(
      'application/json',
      Buffer.from('{"model":"m","prompt_cache_key":"pk"}'),
    );
    const header = (raw: string[]) => readRequestHead(raw, 'codex', 'me').sessionHeader;
    expect(sessionIdOf('codex', header(['thread-id', 't', 'conversation_id', 'c']), body)).toBe(
      'c',
    );
    expect(sessionIdOf('codex', header(['Thread-Id', 't']), body)).toBe('t');
    expect(sessionIdOf('codex', header(['session_id', '']), body)).toBe('pk');
    expect(sessionIdOf('codex', header([]), body)).toBe('pk');
  });

  it("takes Claude Code's session id from its header, else from metadata.user_id", () => {
    const userId = JSON.stringify({ device_id: 'd', session_id: 'cc-session' });
    const body = parseBody(
      'application/json',
      Buffer.from(JSON.stringify({ model: 'claude-x', metadata: { user_id: userId } })),
    );
    const header = (raw: string[]) => readRequestHead(raw, 'claude', 'me').sessionHeader;
    expect(sessionIdOf('claude', header(['x-claude-code-session-id', 'h']), body)).toBe('h');
    expect(sessionIdOf('claude', header([]), body)).toBe('cc-session');
    // Codex's sources are not Claude Code's.
    expect(
      sessionIdOf(
        'claude',
        header(['session-id', 's']),
        parseBody('application/json', Buffer.from('{}')),
      ),
    ).toBeNull();
    const plain = parseBody('application/json', Buffer.from('{"metadata":{"user_id":"user_abc"}}'));
    expect(sessionIdOf('claude', null, plain)).toBeNull();
  });
});
