// The three desktop stories, driven through the real Electron window. They run only where the
// Electron binary exists (it cannot be downloaded on the build machines) and a display is present
// (xvfb-run -a gives one); otherwise they are skipped with the reason.
import {
  _electron as electron,
  expect,
  test,
  type ElectronApplication,
  type Page,
} from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePortList } from './helpers/serve';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function resolveElectron(): { path: string } | { reason: string } {
  try {
    // In plain Node the electron package exports the binary's path, or tries to download it and
    // throws. Asking in a child keeps that download attempt's noise out of the test output.
    const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
      cwd: projectRoot,
      encoding: 'utf8',
      timeout: 120_000,
    });
    const found = probe.status === 0 ? probe.stdout.trim() : '';
    if (found && existsSync(found)) return { path: found };
    return { reason: 'Electron binary not downloadable here: require("electron") found no binary' };
  } catch (err) {
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    return { reason: `Electron binary not downloadable here (${first})` };
  }
}

const binary = resolveElectron();
const noDisplay =
  process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const NO_DISPLAY_REASON = 'no display for Electron: run the e2e tests under xvfb-run -a';

async function listen(handler: http.RequestListener): Promise<http.Server> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const portOf = (server: http.Server): number => (server.address() as AddressInfo).port;

test.describe.serial('desktop app', () => {
  test.skip('reason' in binary, 'reason' in binary ? binary.reason : '');
  test.skip(noDisplay, NO_DISPLAY_REASON);

  let tmp: string;
  let home: string;
  let app: ElectronApplication;
  let page: Page;
  let relayA: http.Server;
  let relayB: http.Server;
  let hostA: string;
  let hostB: string;

  test.beforeAll(async () => {
    if (!('path' in binary)) return;
    // Relay A always fails with a retryable status; relay B answers.
    relayA = await listen((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"relay A is down"}}');
    });
    relayB = await listen((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"resp_1","object":"response","status":"completed","output":[]}');
    });
    hostA = `127.0.0.1:${portOf(relayA)}`;
    hostB = `127.0.0.1:${portOf(relayB)}`;

    tmp = mkdtempSync(path.join(os.tmpdir(), 'chd-e2e-electron-'));
    home = path.join(tmp, 'home');
    mkdirSync(home);
    const [codexPort = 0, claudePort = 0] = await freePortList(2);
    writeFileSync(
      path.join(home, 'config.toml'),
      [
        'version = 1',
        '[proxy]',
        `codex_port = ${codexPort}`,
        `claude_port = ${claudePort}`,
        '[retry]',
        'failure_threshold = 1',
        'failure_cooldown_secs = 300',
        '[retry.upstream]',
        'max_attempts = 1',
        '[codex]',
        'active = "main"',
        '[codex.stations.main]',
        '',
      ].join('\n'),
    );
    app = await electron.launch({
      executablePath: binary.path,
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), projectRoot, '--home', home],
      env: {
        ...process.env,
        CODEX_HOME: path.join(tmp, 'codex'),
        CLAUDE_CONFIG_DIR: path.join(tmp, 'claude'),
      },
    });
    page = await app.firstWindow();
  });

  test.afterAll(async () => {
    await app?.close();
    await new Promise<void>((resolve) => (relayA ? relayA.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (relayB ? relayB.close(() => resolve()) : resolve()));
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const rows = () => page.getByRole('list', { name: 'Upstreams' }).getByRole('listitem');
  const row = (host: string) => rows().filter({ hasText: host });

  test('adds two upstreams through the dialog; they show in the list and in config.toml', async () => {
    for (const [name, host] of [
      ['Relay A', hostA],
      ['Relay B', hostB],
    ] as const) {
      await page.getByRole('button', { name: 'Add upstream' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add upstream' });
      await dialog.getByLabel('Base URL').fill(`http://${host}/v1`);
      await dialog.getByLabel('Display name').fill(name);
      await dialog.getByRole('button', { name: 'Save' }).click();
      await expect(dialog).toBeHidden();
      await expect(row(host)).toContainText(name);
    }
    await expect(rows()).toHaveCount(2);
    await expect
      .poll(() => readFileSync(path.join(home, 'config.toml'), 'utf8'))
      .toContain(`base_url = "http://${hostB}/v1"`);
    expect(readFileSync(path.join(home, 'config.toml'), 'utf8')).toContain(
      `base_url = "http://${hostA}/v1"`,
    );
  });

  test('a failing upstream shows "Cooling Ns" after a request fails over', async () => {
    const port = await page.evaluate(async () => {
      const api = (
        globalThis as unknown as {
          codexHelper: {
            getSnapshot(): Promise<
              | { ok: true; value: { services: { codex: { listening: { port: number } | null } } } }
              | { ok: false }
            >;
          };
        }
      ).codexHelper;
      const snapshot = await api.getSnapshot();
      return snapshot.ok ? (snapshot.value.services.codex.listening?.port ?? null) : null;
    });
    expect(port).not.toBeNull();
    const res = await fetch(`http://127.0.0.1:${port}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-5', input: 'hello' }),
    });
    expect(res.status).toBe(200);
    await expect(row(hostA)).toContainText(/Cooling \d+s/);
    await expect(row(hostB)).toContainText('Healthy');
  });

  test('moving the cooling upstream down keeps its cooldown', async () => {
    await row(hostA).getByRole('button', { name: 'Move down' }).click();
    await expect(rows().first()).toContainText(hostB);
    await expect(rows().nth(1)).toContainText(hostA);
    await expect(row(hostA)).toContainText(/Cooling \d+s/);
  });
});
