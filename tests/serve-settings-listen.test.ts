// Issue 13 item 5, against the real serve process: updateSettings never takes a working proxy
// down. What can be known in advance is refused; otherwise the new listener is bound first, and
// on any failure the old one keeps serving and the command says why. config.toml is untouched.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startServe, type Serve } from '../e2e/helpers/serve';
import { send } from './fixtures/http-client';
import { codexStation, makeServeHome, type ServeHome } from './fixtures/serve-home';

let serve: Serve | null = null;
let home: ServeHome | null = null;
let blocker: Server | null = null;

afterEach(async () => {
  await serve?.stop();
  await new Promise<void>((r) => (blocker ? blocker.close(() => r()) : r()));
  home?.cleanup();
  serve = null;
  home = null;
  blocker = null;
});

interface Envelope {
  ok: boolean;
  error?: { code: string; message: string };
}

async function start(): Promise<Serve> {
  home = await makeServeHome({ rest: codexStation([]) });
  serve = await startServe(home.dir);
  return serve;
}

/** The codex listener still answers on its port (503: no relays configured). */
async function codexAnswers(port: number): Promise<number> {
  return (await send(`http://127.0.0.1:${port}/v1/models`)).status;
}

async function settle(patch: unknown): Promise<Envelope> {
  return serve!.api<Envelope>('/api/commands/updateSettings', { patch });
}

describe('updateSettings keeps a working listener', () => {
  it('refuses a port another program holds and keeps serving on the old one', async () => {
    const s = await start();
    const before = readFileSync(home!.configFile, 'utf8');
    const busy = await freePort();
    blocker = createServer();
    await new Promise<void>((r) => blocker!.listen(busy, '127.0.0.1', r));
    const r = await settle({ proxy: { codexPort: busy } });
    expect(r.ok).toBe(false);
    expect(r.error?.message).toContain(`port ${busy}`);
    expect(r.error?.message).toContain('in use');
    expect(await codexAnswers(home!.ports.codex)).toBe(503);
    expect((await s.snapshot()).services.codex.listening?.port).toBe(home!.ports.codex);
    expect(readFileSync(home!.configFile, 'utf8')).toBe(before);
  });

  it("refuses the console's port and the other service's port", async () => {
    const s = await start();
    const toConsole = await settle({ proxy: { codexPort: home!.ports.console } });
    expect(toConsole.ok).toBe(false);
    expect(toConsole.error?.message).toContain('console');
    const toClaude = await settle({ proxy: { codexPort: home!.ports.claude } });
    expect(toClaude.ok).toBe(false);
    expect(toClaude.error?.message).toContain('claude');
    const consoleOnCodex = await settle({ console: { port: home!.ports.codex } });
    expect(consoleOnCodex.ok).toBe(false);
    expect(await codexAnswers(home!.ports.codex)).toBe(503);
    expect((await s.snapshot()).services.claude.listening?.port).toBe(home!.ports.claude);
  });

  it('refuses a host name that does not resolve and keeps both listeners', async () => {
    const s = await start();
    const r = await settle({ proxy: { host: 'no-such-host.invalid' } });
    expect(r.ok).toBe(false);
    expect(r.error?.message).toContain('no-such-host.invalid');
    const c = await settle({ console: { host: 'no-such-host.invalid' } });
    expect(c.ok).toBe(false);
    expect(await codexAnswers(home!.ports.codex)).toBe(503);
    expect((await s.snapshot()).services.claude.listening).not.toBeNull();
  });

  it('same port on an address this machine does not have: rebinds the old listener and refuses', async () => {
    const s = await start();
    const r = await settle({ proxy: { host: '192.0.2.1' } });
    expect(r.ok).toBe(false);
    expect(r.error?.message).toContain('192.0.2.1');
    expect(await codexAnswers(home!.ports.codex)).toBe(503);
    expect((await s.snapshot()).services.codex.listening?.host).toBe('127.0.0.1');
  });

  it('moves to a free port: the new one answers and the old one is closed', async () => {
    const s = await start();
    const next = await freePort();
    const r = await settle({ proxy: { codexPort: next } });
    expect(r.ok).toBe(true);
    expect(await codexAnswers(next)).toBe(503);
    await expect(codexAnswers(home!.ports.codex)).rejects.toThrow();
    expect((await s.snapshot()).services.codex.listening?.port).toBe(next);
  });
});
