// Issue 13 item 6, against the real serve process: an invalid config.toml at start runs with no
// stations, but every listener still takes its port from the file where it can be read, and a
// port the file sets but that cannot be read is never replaced by a default.
import { afterEach, describe, expect, it } from 'vitest';
import { startServe, type Serve } from '../e2e/helpers/serve';
import { send } from './fixtures/http-client';
import { makeServeHome, type ServeHome } from './fixtures/serve-home';

let serve: Serve | null = null;
let home: ServeHome | null = null;

afterEach(async () => {
  await serve?.stop();
  home?.cleanup();
  serve = null;
  home = null;
});

describe('ports from an invalid config.toml', () => {
  it('listens on the ports the file sets although another key is invalid', async () => {
    home = await makeServeHome({ rest: '[retry]\nprofile = "no-such-profile"\n' });
    serve = await startServe(home.dir);
    const error = serve.stdout.find((l) => l.startsWith('config error:')) ?? '';
    // The file is named once, with the key path and its line.
    expect(error.split(home.configFile)).toHaveLength(2);
    expect(error).toContain('retry.profile');
    expect(error).toMatch(/line \d+/);
    expect(new URL(serve.consoleUrl).port).toBe(String(home.ports.console));
    expect(serve.codexProxy).toBe(`http://127.0.0.1:${home.ports.codex}`);
    const snap = await serve.snapshot();
    expect(snap.services.claude.listening?.port).toBe(home.ports.claude);
    expect(snap.configError?.path).toBe('retry.profile');
    expect((await send(`${serve.codexProxy}/v1/models`)).status).toBe(503);
  });

  it('keeps a proxy down, with the reason, when its port cannot be read', async () => {
    home = await makeServeHome();
    const { readFileSync, writeFileSync } = await import('node:fs');
    const text = readFileSync(home.configFile, 'utf8').replace(
      `codex_port = ${home.ports.codex}`,
      'codex_port = "3211x"',
    );
    writeFileSync(home.configFile, text);
    serve = await startServe(home.dir);
    const line = await serve.waitForLine('codex proxy: ');
    expect(line).toContain('not listening');
    expect(line).toContain('proxy.codex_port cannot be read');
    const snap = await serve.snapshot();
    expect(snap.services.codex.listening).toBeNull();
    expect(snap.services.claude.listening?.port).toBe(home.ports.claude);
  });

  it('warns in the terminal and the snapshot when a readable-by-others file holds a secret', async () => {
    home = await makeServeHome({
      rest: '[codex]\nactive = "main"\n[codex.stations.main]\n[[codex.stations.main.upstreams]]\nbase_url = "https://a.example/v1"\nauth = { auth_token = "sk-inline" }\n',
    });
    const { chmodSync } = await import('node:fs');
    chmodSync(home.configFile, 0o644);
    serve = await startServe(home.dir);
    const line = serve.stdout.find((l) => l.startsWith('warning:') && l.includes('chmod 600'));
    expect(line).toContain('mode 0644');
    expect(line).not.toContain('sk-inline');
    expect((await serve.snapshot()).warnings.some((w) => w.includes('chmod 600'))).toBe(true);
  });
});
