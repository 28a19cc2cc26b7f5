// The load generator, in its own process so its CPU is not counted against any target. The
// orchestrator forks it and sends one command per message; each answer is one message back.
//   {cmd:'json', url, connections, seconds}  → autocannon closed loop → {rps, requests, errors, non2xx}
//   {cmd:'sse', url, count}                  → sequential streams timed with process.hrtime
//                                              → {ttfbMs, gapMs, totalMs} (medians)
//   {cmd:'hold', url, count, timeoutMs}      → opens `count` streams, answers once each has its
//                                              first event (or at the timeout) → {opened}
//   {cmd:'release'}                          → closes the held streams → {released}
import http from 'node:http';
import autocannon from 'autocannon';
import { median } from './report.mjs';

const JSON_BODY = JSON.stringify({ model: 'gpt-5', input: 'hi' });
const STREAM_BODY = JSON.stringify({ model: 'gpt-5', input: 'hi', stream: true });

async function json({ url, connections, seconds }) {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON_BODY,
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

function postStream(url, agent, onEvent) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': STREAM_BODY.length },
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
          onEvent(at);
          from = i + 2;
        }
        tail = all.slice(from);
      });
      res.once('end', () => resolve(nowMs()));
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end(STREAM_BODY);
  });
}

async function sse({ url, count }) {
  const agent = new http.Agent({ keepAlive: true });
  const ttfb = [];
  const gaps = [];
  const totals = [];
  for (let n = 0; n < count; n++) {
    const events = [];
    const start = nowMs();
    const end = await postStream(url, agent, (at) => events.push(at));
    if (events.length === 0) throw new Error('a stream ended without any event');
    ttfb.push(events[0] - start);
    for (let i = 1; i < events.length; i++) gaps.push(events[i] - events[i - 1]);
    totals.push(end - start);
  }
  agent.destroy();
  return { ttfbMs: median(ttfb), gapMs: median(gaps), totalMs: median(totals) };
}

let held = [];

function hold({ url, count, timeoutMs }) {
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
        headers: { 'content-type': 'application/json', 'content-length': STREAM_BODY.length },
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
      req.end(STREAM_BODY);
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
