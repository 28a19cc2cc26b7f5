// One small `POST /v1/responses` (a JSON request) to a codex listener, for the bench's processes
// (bench/procs.mjs re-exports it; bench/scale-process.ts imports it directly, as it is bundled and
// must not pull in the process plumbing). Resolves the answer's status, 0 on a transport error.
import http from 'node:http';

export function postResponses(port) {
  return new Promise((resolve) => {
    const body = '{"model":"gpt-5","input":"hi"}';
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/responses',
        headers: { 'content-type': 'application/json', 'content-length': body.length },
      },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode));
      },
    );
    req.once('error', () => resolve(0));
    req.end(body);
  });
}
