// Issue 14 §1 (docs/behaviour.md §11.2): a console set to listen beyond loopback with
// `[console] host` answers its API only with its token, and only to that host name.
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { startServe, TOKEN, type Serve } from '../e2e/helpers/serve';
import { send } from './fixtures/http-client';
import { makeServeHome, type ServeHome } from './fixtures/serve-home';

const address = Object.values(networkInterfaces())
  .flat()
  .find((a) => a !== undefined && !a.internal && a.family === 'IPv4')?.address;
if (address === undefined) console.warn('skipping: this machine has no non-loopback IPv4 address');

let serve: Serve | null = null;
let home: ServeHome | null = null;
afterEach(async () => {
  await serve?.stop();
  home?.cleanup();
  serve = null;
  home = null;
});

describe.skipIf(address === undefined)('a console listening beyond loopback', () => {
  it('needs its token, and takes the configured host as the only other Host name', async () => {
    home = await makeServeHome({ console: `host = "${address}"` });
    serve = await startServe(home.dir);
    const origin = `http://${address}:${home.ports.console}`;
    expect(serve.consoleOrigin).toBe(origin);
    expect((await send(`${origin}/api/snapshot`)).status).toBe(401);
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await send(`${origin}/api/snapshot`, { headers: auth })).status).toBe(200);
    const foreign = await send(`${origin}/api/snapshot`, {
      headers: { ...auth, host: `evil.example:${home.ports.console}` },
    });
    expect(foreign.status).toBe(403);
  });
});
