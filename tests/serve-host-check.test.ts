// Issue 13 item 2, against the real serve process: a request whose Host is not this machine is
// refused (DNS rebinding), on the proxy and on the console; allowed_hosts admits named hosts.
import { afterEach, describe, expect, it } from 'vitest';
import { startServe, TOKEN, type Serve } from '../e2e/helpers/serve';
import { startFakeUpstream, type FakeUpstream } from './fixtures/fake-upstream';
import { send } from './fixtures/http-client';
import { codexStation, makeServeHome, type ServeHome } from './fixtures/serve-home';

let serve: Serve | null = null;
let home: ServeHome | null = null;
let relay: FakeUpstream | null = null;

afterEach(async () => {
  await serve?.stop();
  await relay?.close();
  home?.cleanup();
  serve = null;
  relay = null;
  home = null;
});

async function start(proxy = '', consoleLines = ''): Promise<Serve> {
  relay = await startFakeUpstream((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  home = await makeServeHome({
    proxy,
    console: consoleLines,
    rest: `${codexStation([relay.url])}\n[codex.stations.main.upstreams.auth]\nauth_token = "sk-relay-secret"\n`,
  });
  serve = await startServe(home.dir);
  return serve;
}

describe('Host check (DNS rebinding)', () => {
  it('refuses a proxy request whose Host is another site, and the relay sees nothing', async () => {
    const s = await start();
    const reply = await send(`${s.codexProxy}/v1/models`, { headers: { host: 'evil.com' } });
    expect(reply.status).toBe(403);
    expect(reply.body).toContain('allowed_hosts');
    expect(relay!.requests).toHaveLength(0);
    const ok = await send(`${s.codexProxy}/v1/models`, { headers: { host: 'localhost.' } });
    expect(ok.status).toBe(200);
    expect(relay!.requests).toHaveLength(1);
  });

  it('lets a name listed in [proxy] allowed_hosts through', async () => {
    const s = await start('allowed_hosts = ["proxy.lan"]');
    const reply = await send(`${s.codexProxy}/v1/models`, { headers: { host: 'proxy.lan:80' } });
    expect(reply.status).toBe(200);
  });

  it('refuses a console request whose Host is another site unless [console] allowed_hosts names it', async () => {
    const s = await start('', 'allowed_hosts = ["console.lan"]');
    const auth = { authorization: `Bearer ${TOKEN}` };
    const evil = await send(`${s.consoleOrigin}/api/snapshot`, {
      headers: { ...auth, host: 'evil.com' },
    });
    expect(evil.status).toBe(403);
    expect(evil.body).toContain('[console] allowed_hosts');
    const named = await send(`${s.consoleOrigin}/api/snapshot`, {
      headers: { ...auth, host: 'console.lan' },
    });
    expect(named.status).toBe(200);
  });
});
