// Issue 13 item 3, against the real serve process: console saves while another program appends
// to config.toml. Every appended upstream survives, and every addUpstream that said ok is in the
// file; a save may be refused with a conflict, never silently lose a change.
import { appendFileSync, readFileSync } from 'node:fs';
import { parse } from 'smol-toml';
import { afterEach, describe, expect, it } from 'vitest';
import { startServe, type Serve } from '../e2e/helpers/serve';
import { codexStation, makeServeHome, type ServeHome } from './fixtures/serve-home';

let serve: Serve | null = null;
let home: ServeHome | null = null;

afterEach(async () => {
  await serve?.stop();
  home?.cleanup();
  serve = null;
  home = null;
});

interface Envelope {
  ok: boolean;
  error?: { code: string; message: string };
}

function baseUrlsInFile(file: string): string[] {
  const doc = parse(readFileSync(file, 'utf8')) as {
    codex: { stations: { main: { upstreams?: { base_url: string }[] } } };
  };
  return (doc.codex.stations.main.upstreams ?? []).map((u) => u.base_url);
}

describe('saving while config.toml changes on disk', () => {
  it('keeps every appended upstream and every acknowledged addUpstream', async () => {
    home = await makeServeHome({ rest: codexStation(['http://first.example/v1']) });
    serve = await startServe(home.dir);
    const s = serve;
    const file = home.configFile;

    const appender = (async () => {
      for (let i = 0; i < 200; i++) {
        appendFileSync(
          file,
          `\n[[codex.stations.main.upstreams]]\nbase_url = "http://ext${i}.example/v1"\n`,
        );
        // Let the event loop run the console calls in between.
        await new Promise<void>((r) => setImmediate(r));
      }
    })();
    const calls = Array.from({ length: 40 }, (_, i) =>
      s
        .api<Envelope>('/api/commands/addUpstream', {
          service: 'codex',
          station: 'main',
          upstream: { baseUrl: `http://api${i}.example/v1` },
        })
        .then((r) => ({ i, r })),
    );
    const results = await Promise.all(calls);
    await appender;

    const urls = new Set(baseUrlsInFile(file));
    const lost = Array.from({ length: 200 }, (_, i) => `http://ext${i}.example/v1`).filter(
      (u) => !urls.has(u),
    );
    expect(lost).toEqual([]);
    const acknowledged = results.filter((x) => x.r.ok).map((x) => `http://api${x.i}.example/v1`);
    expect(acknowledged.filter((u) => !urls.has(u))).toEqual([]);
    for (const x of results.filter((y) => !y.r.ok)) {
      expect(x.r.error?.code).toBe('conflict');
    }
    expect(acknowledged.length).toBeGreaterThan(0);
  });
});
