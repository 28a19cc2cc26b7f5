// The bench's fake upstream, in its own process. `POST /v1/responses` (Codex) and `POST
// /v1/messages` (Claude) answer a small JSON with a `usage` block in their API's shape; with
// `"stream": true` in the body they stream SSE events instead. The query sets the stream's shape so
// every target sees the same one: `?events=20&gap=5` (gap in ms; 0 = as fast as timers go).
// Usage: node bench/upstream.mjs → prints {"port":N} once listening on 127.0.0.1.
import http from 'node:http';

const JSON_ANSWER = JSON.stringify({
  id: 'resp_bench',
  object: 'response',
  status: 'completed',
  model: 'gpt-5',
  output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'ok' }] }],
  usage: { input_tokens: 12, output_tokens: 3, total_tokens: 15 },
});

function intParam(params, name, fallback, max) {
  const raw = params.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 && n <= max ? n : fallback;
}

const CLAUDE_ANSWER = JSON.stringify({
  id: 'msg_bench',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5',
  content: [{ type: 'text', text: 'ok' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 12, output_tokens: 3 },
});

function claudeEventText(i, last) {
  if (i === 1) {
    const message = {
      id: 'msg_bench',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [],
      usage: { input_tokens: 12, output_tokens: 1 },
    };
    return `event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message })}\n\n`;
  }
  if (last) {
    return `event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":${i}}}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n`;
  }
  return `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"token ${i} "}}\n\n`;
}

function codexEventText(i, last) {
  if (last) {
    const response = {
      id: 'resp_bench',
      status: 'completed',
      usage: { input_tokens: 12, output_tokens: i, total_tokens: 12 + i },
    };
    return `event: response.completed\ndata: ${JSON.stringify({ type: 'response.completed', response })}\n\n`;
  }
  return `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"token ${i} "}\n\n`;
}

function stream(req, res, events, gapMs, eventText) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let i = 0;
  let timer = null;
  let closed = false;
  const next = () => {
    if (closed) return;
    i += 1;
    const last = i >= events;
    res.write(eventText(i, last));
    if (last) res.end();
    // gap 0: the next event in the next turn of the loop (each is its own write and chunk).
    else if (gapMs === 0) setImmediate(next);
    else timer = setTimeout(next, gapMs);
  };
  // A client (or proxy) that goes away must not leave timers writing into a dead socket.
  res.once('close', () => {
    closed = true;
    if (timer) clearTimeout(timer);
  });
  next();
}

const server = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const claude = url.pathname === '/v1/messages';
  if (req.method !== 'POST' || (!claude && url.pathname !== '/v1/responses')) {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(
      '{"error":{"type":"not_found","message":"bench upstream: only POST /v1/responses and /v1/messages"}}',
    );
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    // A substring test is enough for the bench's own bodies and costs less than JSON.parse.
    if (body.includes('"stream":true')) {
      const events = intParam(url.searchParams, 'events', 20, 100_000);
      const gap = intParam(url.searchParams, 'gap', 5, 600_000);
      stream(req, res, Math.max(1, events), gap, claude ? claudeEventText : codexEventText);
    } else {
      const answer = claude ? CLAUDE_ANSWER : JSON_ANSWER;
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(answer),
      });
      res.end(answer);
    }
  });
});
server.on('connection', (socket) => socket.setNoDelay(true));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
