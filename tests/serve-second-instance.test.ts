// Issue 13 item 10: a second `serve` on a home that one already uses exits non-zero and touches
// nothing (config.toml, state.json, the first one's listeners).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServe, type Serve } from '../e2e/helpers/serve';
import { send } from './fixtures/http-client';
import { codexStation, makeServeHome, type ServeHome } from './fixtures/serve-home';

let serve: Serve | null = null;
let home: ServeHome | null = null;

afterEach(async () => {
  await serve?.stop();
  home?.cleanup();
  serve = null;
  home = null;
});

describe('a second serve on the same home', () => {
  it('exits non-zero, names the first one, and changes no file', async () => {
    home = await makeServeHome({ rest: codexStation(['http://127.0.0.1:9/v1']) });
    serve = await startServe(home.dir);
    // Something for state.json to hold: a failed request cools the relay down.
    await send(`${serve.codexProxy}/v1/models`);
    await serve.api('/api/commands/setUpstreamExhausted', {
      service: 'codex',
      station: 'main',
      id: (await serve.snapshot()).services.codex.stations[0]!.upstreams[0]!.id,
      exhausted: true,
    });
    const stateFile = join(home.dir, 'state.json');
    await expect
      .poll(() => statSync(stateFile, { throwIfNoEntry: false }) !== undefined)
      .toBe(true);
    const before = {
      config: readFileSync(home.configFile, 'utf8'),
      state: readFileSync(stateFile, 'utf8'),
      stateMtime: statSync(stateFile).mtimeMs,
    };

    const second = await startServe(home.dir).then(
      async (s) => {
        await s.stop();
        return null;
      },
      (err: unknown) => String(err),
    );
    expect(second).toMatch(/exited early \(code [1-9]/);
    expect(second).toContain('is already using');
    expect(readFileSync(home.configFile, 'utf8')).toBe(before.config);
    expect(readFileSync(stateFile, 'utf8')).toBe(before.state);
    expect(statSync(stateFile).mtimeMs).toBe(before.stateMtime);
    expect((await send(`${serve.codexProxy}/v1/models`)).status).toBeGreaterThan(0);
  });
});
