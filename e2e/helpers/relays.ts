// Fake relays (real HTTP servers on 127.0.0.1:0, from the unit-test fixtures) and a client that
// sends a Codex-style request through the proxy.
import { json, startFakeUpstream, type FakeUpstream } from '../../tests/fixtures/fake-upstream';

export type { FakeUpstream };

const USAGE = { input_tokens: 1200, output_tokens: 340, total_tokens: 1540 };

/** Answers every request with 200 and a Responses-API JSON body carrying usage. */
export function okRelay(): Promise<FakeUpstream> {
  return startFakeUpstream((req, res, n) => {
    const model = (JSON.parse(req.body.toString() || '{}') as { model?: string }).model;
    // A request the client got wrong: returned to it unchanged, and shown as a failed request.
    if (model === 'gpt-5-unknown-param') {
      json(res, 422, {
        error: { type: 'invalid_request_error', message: "Invalid 'input': expected a string." },
      });
      return;
    }
    json(res, 200, {
      id: `resp_${n}`,
      object: 'response',
      status: 'completed',
      model,
      output: [],
      usage: USAGE,
    });
  });
}

/** Fails its first request with 500, then answers like okRelay. */
export function flakyRelay(): Promise<FakeUpstream> {
  let failed = false;
  return startFakeUpstream((req, res) => {
    if (!failed) {
      failed = true;
      json(res, 500, { error: { type: 'server_error', message: 'relay is down' } });
      return;
    }
    const model = (JSON.parse(req.body.toString() || '{}') as { model?: string }).model;
    json(res, 200, {
      id: 'resp_1',
      object: 'response',
      status: 'completed',
      model,
      output: [],
      usage: USAGE,
    });
  });
}

/** Answers every request with 500, which the proxy fails over from and cools. */
export function failingRelay(): Promise<FakeUpstream> {
  return startFakeUpstream((_req, res) => {
    json(res, 500, { error: { type: 'server_error', message: 'relay is down' } });
  });
}

export function hostOf(relay: FakeUpstream): string {
  return `127.0.0.1:${relay.port}`;
}

/** One non-streaming Responses request through the codex proxy; resolves with its status. */
export async function sendCodex(proxy: string, model = 'gpt-5'): Promise<number> {
  const res = await fetch(`${proxy}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-client-000' },
    body: JSON.stringify({ model, input: 'hello', stream: false }),
  });
  await res.arrayBuffer();
  return res.status;
}
