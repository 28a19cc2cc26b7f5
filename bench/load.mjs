// The load generator, in its own process so its CPU is not counted against any target. The
// orchestrator forks it and sends one command per message; each answer is one message back.
//   {cmd:'json', url, api, stream?, connections, seconds, rate?}  (rate: req/s over all connections)
//        → autocannon closed loop (JSON answers, or whole SSE streams with stream: true)
//        → {rps, requests, errors, non2xx}
//   {cmd:'sse', url, api, count}             → sequential streams timed with process.hrtime
//                                              → {ttfbMs: [..], contentMs: [..], gapMs: [..], totalMs: [..]}
//   {cmd:'sse', urls, api, count}            → the same for several targets, taken in turn stream
//                                              by stream → one such result per url
//        (contentMs: to the first event that is not an opening one: what a user waits for)
//   {cmd:'hold', url, api, count, timeoutMs} → opens `count` streams, answers once each has its
//                                              first event (or at the timeout) → {opened}
//   {cmd:'release'}                          → closes the held streams → {released}
// `api` is 'codex' (Responses body) or 'claude' (Messages body with the headers Claude Code sends).
import http from 'node:http';
import autocannon from 'autocannon';

const CODEX = { model: 'gpt-5', input: 'hi' };
const CLAUDE = {
  model: 'claude-sonnet-4-5',
  max_tokens: 16,
  messages: [{ role: 'user', content: 'hi' }],
};
const BODIES = {
  codex: { json: JSON.stringify(CODEX), stream: JSON.stringify({ ...CODEX, stream: true }) },
  claude: { json: JSON.stringify(CLAUDE), stream: JSON.stringify({ ...CLAUDE, stream: true }) },
};
const HEADERS = {
  codex: { 'content-type': 'application/json' },
  claude: {
    'content-type': 'application/json',
    'anthropic-version': '2023-06-01',
    'x-api-key': 'bench-client-key',
  },
};

function bodyOf(api, stream) {
  const b = BODIES[api];
  if (!b) throw new Error(`unknown api "${api}"`);
  return stream ? b.stream : b.json;
}

async function json({ url, api, stream = false, connections, seconds, rate }) {
  const result = await autocannon({
    ...(rate ? { overallRate: rate } : {}),
    url,
    method: 'POST',
    headers: HEADERS[api],
    body: bodyOf(api, stream),
    connections,
    pipelining: 1,
    duration: seconds,
  });
  return {
    rps: result.requests.total / result.duration,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

function postStream(url, api, agent, onEvent) {
  const body = bodyOf(api, true);
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      agent,
      headers: { ...HEADERS[api], 'content-length': Buffer.byteLength(body) },
    });
    req.once('response', (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`stream answered ${res.statusCode}`));
        return;
      }
      let tail = '';
      res.setEncoding('utf8');
      res.on('data', (text) => {
        const at = nowMs();
        // One timestamp per complete event, whatever way the bytes were split into chunks.
        const all = tail + text;
        let from = 0;
        for (let i = all.indexOf('\n\n'); i !== -1; i = all.indexOf('\n\n', from)) {
          onEvent(at, all.slice(from, i));
          from = i + 2;
        }
        tail = all.slice(from);
      });
      res.once('end', () => resolve(nowMs()));
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end(body);
  });
}

// The events a stream opens with before any content (the proxy holds them back until the first
// content event, docs/behaviour.md §3.6).
const OPENING_EVENT = /^event: ?(response\.created|response\.in_progress|message_start|ping)\s*$/m;

async function sse({ url, urls, api, count }) {
  // Several targets are timed in turn, stream by stream (the first target of each turn rotates):
  // a slow moment of the machine then falls on all of them rather than on one target's streams.
  const list = urls ?? [url];
  const agents = list.map(() => new http.Agent({ keepAlive: true }));
  const out = list.map(() => ({ ttfbMs: [], contentMs: [], gapMs: [], totalMs: [] }));
  for (let n = 0; n < count; n++) {
    for (let j = 0; j < list.length; j++) {
      const k = (n + j) % list.length;
      const events = [];
      let firstContent = null;
      const start = nowMs();
      const end = await postStream(list[k], api, agents[k], (at, text) => {
        events.push(at);
        if (firstContent === null && !OPENING_EVENT.test(text)) firstContent = at;
      });
      if (events.length === 0) throw new Error('a stream ended without any event');
      const o = out[k];
      o.ttfbMs.push(events[0] - start);
      o.contentMs.push((firstContent ?? end) - start);
      for (let i = 1; i < events.length; i++) o.gapMs.push(events[i] - events[i - 1]);
      o.totalMs.push(end - start);
    }
  }
  for (const a of agents) a.destroy();
  return urls ? out : out[0];
}

let held = [];

function hold({ url, api, count, timeoutMs }) {
  const body = bodyOf(api, true);
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  return new Promise((resolve) => {
    let opened = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ opened });
    };
    const timer = setTimeout(finish, timeoutMs);
    for (let i = 0; i < count; i++) {
      const req = http.request(url, {
        method: 'POST',
        agent,
        headers: { ...HEADERS[api], 'content-length': Buffer.byteLength(body) },
      });
      req.once('response', (res) => {
        let first = true;
        res.on('data', () => {
          if (!first) return;
          first = false;
          opened += 1;
          if (opened === count) finish();
        });
        res.on('error', () => undefined);
      });
      req.on('error', () => undefined);
      req.end(body);
      held.push(req);
    }
  });
}

function release() {
  for (const req of held) req.destroy();
  const released = held.length;
  held = [];
  return { released };
}

const commands = { json, sse, hold, release };

process.on('message', async (msg) => {
  try {
    const run = commands[msg.cmd];
    if (!run) throw new Error(`unknown load command "${msg.cmd}"`);
    process.send({ ok: true, value: await run(msg) });
  } catch (err) {
    process.send({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
process.on('disconnect', () => process.exit(0));
