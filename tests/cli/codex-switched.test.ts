// Drives the real Codex CLI against a config.toml that switchOn pointed at a tiny fake
// Responses-API server standing in for our proxy port (docs/behaviour.md §7).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { switchOff, switchOn, type ClientContext } from '../../src/main/engine/clients';

const CODEX = path.resolve(__dirname, '../../node_modules/.bin/codex');
const OFFLINE = `check_for_update_on_startup = false

[analytics]
enabled = false

[feedback]
enabled = false

[features]
plugins = false
`;

let home: string;
let server: http.Server;
let seen: { path: string; headers: http.IncomingHttpHeaders }[];

function sse(event: Record<string, unknown>): string {
  return `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`;
}

beforeEach(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'chd-codex-cli-'));
  seen = [];
  server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/responses')) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(
        sse({
          type: 'response.output_item.done',
          output_index: 0,
          item: {
            type: 'message',
            role: 'assistant',
            id: 'msg_1',
            content: [{ type: 'output_text', text: 'hello from the fake proxy' }],
          },
        }),
      );
      res.end(sse({ type: 'response.completed', response: { id: 'resp_1' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(home, { recursive: true, force: true });
});

function runCodex(
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      CODEX,
      ['exec', '--skip-git-repo-check', '--ephemeral', '--json', 'say hi'],
      {
        cwd: home,
        env,
        // An open stdin pipe makes codex wait for input forever.
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Codex retries a refused connection forever; the kill timer bounds a broken run.
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

it('runs the real codex exec through a config that switchOn pointed at our port', async () => {
  const port = (server.address() as AddressInfo).port;
  fs.writeFileSync(path.join(home, 'config.toml'), OFFLINE);
  const ctx: ClientContext = {
    codexHome: home,
    claudeConfigDir: home,
    proxyHost: '127.0.0.1',
    codexPort: port,
    claudePort: 1,
    serving: { codex: true, claude: false },
  };
  switchOn('codex', ctx);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, CODEX_HOME: home };
  const run = await runCodex(env);
  expect(run.stdout + run.stderr).toContain('hello from the fake proxy');
  expect(run.code).toBe(0);
  const turn = seen.find((r) => r.path === '/v1/responses');
  expect(turn?.headers.accept).toContain('text/event-stream');
  // No env_key in our table: Codex sends no credential of its own, so the proxy's upstream
  // credentials are the only ones a relay sees.
  expect(turn?.headers.authorization).toBeUndefined();
  switchOff('codex', ctx);
  expect(fs.readFileSync(path.join(home, 'config.toml'), 'utf8')).toBe(OFFLINE);
});
