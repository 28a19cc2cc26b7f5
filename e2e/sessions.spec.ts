/// <reference lib="dom" />
// The Sessions view in Chromium (docs/behaviour.md §10) with a conversation written by the real
// Codex CLI (`codex exec`, not ephemeral, through serve's proxy): it is listed with the relay
// that answered it, Copy resume command puts `codex resume <id>` on the clipboard, and Pin to…
// shows the pinned upstream (and Unpin takes it away).
import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { baseEnv, cliProblem, runCli, threadIdOf, writeCodexConfig } from '../tests/fixtures/cli';
import {
  json,
  responsesReply,
  startFakeUpstream,
  type SeenRequest,
} from '../tests/fixtures/fake-upstream';
import type { SessionPage } from '../src/shared/contract';
import { openView } from './helpers/page';
import { openConsole, onCleanup, relay, stage, useStage } from './helpers/stage';

useStage();

const problem = cliProblem('codex');

function streaming(name: string) {
  return () =>
    startFakeUpstream((req: SeenRequest, res: ServerResponse) => {
      if (!req.url.includes('/responses')) return json(res, 200, { object: 'list', data: [] });
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(responsesReply(`hello from ${name}`));
    });
}

test('the Sessions view lists a real Codex conversation; Copy and Pin to… work', async ({
  page,
  context,
}) => {
  test.skip(problem !== null, `real Codex CLI not runnable: ${problem}`);
  const a = await relay(streaming('relay A'));
  const b = await relay(streaming('relay B'));
  const { home, ports, serve } = await stage([
    { url: a.url, alias: 'Relay A', id: 'relay-a' },
    { url: b.url, alias: 'Relay B', id: 'relay-b' },
  ]);

  // serve reads conversations from CODEX_HOME = <home>/codex: the CLI writes its rollout there.
  const codexHome = join(home, 'codex');
  writeCodexConfig(codexHome, ports.codex);
  const cliHome = mkdtempSync(join(tmpdir(), 'chd-e2e-cli-'));
  onCleanup(() => rmSync(cliHome, { recursive: true, force: true }));
  const work = join(cliHome, 'project');
  mkdirSync(work);
  const run = await runCli(
    'codex',
    ['exec', '--skip-git-repo-check', '--json', 'explain the build script'],
    {
      cwd: work,
      env: { ...baseEnv(cliHome), CODEX_HOME: codexHome, CODEX_TEST_KEY: 'client-key-123' },
      killAfterMs: 90_000,
    },
  );
  expect(run.killedByTimer).toBe(false);
  expect(run.code, run.stderr).toBe(0);
  const id = threadIdOf(run.stdout);
  expect(id).toMatch(/^[0-9a-f-]{36}$/);

  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: serve.consoleOrigin,
  });
  await openConsole(page, serve);
  await openView(page, 'Sessions');
  const item = page
    .getByRole('list', { name: 'Sessions' })
    .getByRole('listitem')
    .filter({ hasText: 'explain the build script' });
  await expect(item).toContainText(work);
  await expect(item).toContainText('1 turn');
  await expect(item).toContainText('Served by: Relay A (1)');
  await expect(item).toContainText('Bound to Relay A');

  await item.getByRole('button', { name: 'Copy resume command' }).click();
  await expect(item.getByRole('status').first()).toContainText(`codex resume ${id}`);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`codex resume ${id}`);

  await item.getByRole('button', { name: 'Pin to…' }).click();
  await item.getByLabel('Upstream').selectOption({ label: 'Relay B' });
  await item.getByRole('button', { name: 'Pin', exact: true }).click();
  await expect(item).toContainText('Pinned to Relay B');
  const listed = await serve.api<{ ok: boolean; value: SessionPage }>(
    '/api/commands/listSessions',
    { service: 'codex', offset: 0, limit: 10 },
  );
  expect(listed.value.sessions.find((s) => s.id === id)?.pinned).toEqual({
    station: 'main',
    id: 'relay-b/default',
  });

  await item.getByRole('button', { name: 'Unpin' }).click();
  await expect(item).not.toContainText('Pinned to');
  expect(b.requests.filter((r) => r.url === '/v1/responses')).toHaveLength(0);
});
