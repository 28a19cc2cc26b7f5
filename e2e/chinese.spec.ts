/// <reference lib="dom" />
// The Chinese smoke story (docs/behaviour.md §8.6): with [app] language = "zh-CN" every view
// renders with no English UI word left, checked against the catalogue and word by word.
import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { englishLeft } from './helpers/english-left';
import { failingRelay, okRelay, sendCodex } from './helpers/relays';
import { relay, stage, useStage } from './helpers/stage';
import type { Ports } from './helpers/serve';

useStage();

function chineseConfig(ports: Ports, good: string, bad: string, spare: string): string {
  return `version = 1

[proxy]
codex_port = ${ports.codex}
claude_port = ${ports.claude}

[console]
port = ${ports.console}

[app]
language = "zh-CN"

[retry.upstream]
max_attempts = 1

[codex]
active = "main"

[codex.stations.main]
alias = "主站"

[[codex.stations.main.upstreams]]
base_url = "${bad}/v1"
alias = "中转乙"
tags = { provider_id = "relay-b", endpoint_id = "default" }

[[codex.stations.main.upstreams]]
base_url = "${good}/v1"
alias = "中转甲"
tags = { provider_id = "relay-a", endpoint_id = "default" }

[[codex.stations.main.upstreams]]
base_url = "${spare}/v1"
alias = "中转丙"
tags = { provider_id = "relay-c", endpoint_id = "default" }
`;
}

const VIEWS = ['上游', '请求', '会话', '概览', '设置'];

test('every view in Chinese, with no English UI word left', async ({ page }, testInfo) => {
  const good = await relay(okRelay);
  const bad = await relay(failingRelay);
  const spare = await relay(okRelay);
  const { serve } = await stage([], {}, (ports) =>
    chineseConfig(ports, good.url, bad.url, spare.url),
  );
  expect(await sendCodex(serve.codexProxy)).toBe(200);
  // One relay of each state: cooling, healthy and last good, exhausted by hand.
  await serve.api('/api/commands/setUpstreamExhausted', {
    service: 'codex',
    station: 'main',
    id: 'relay-c/default',
    exhausted: true,
  });

  await page.goto(serve.consoleUrl);
  const nav = page.getByRole('navigation', { name: '视图' });
  await expect(page.getByRole('list', { name: '上游列表' })).toBeVisible();
  for (const name of VIEWS) {
    await nav.getByRole('button', { name, exact: true }).click();
    await expect(nav.getByRole('button', { name, exact: true })).toHaveAttribute(
      'aria-current',
      'page',
    );
    const left = await englishLeft(page, ['relay-a', 'relay-b', 'relay-c', 'default']);
    expect(left, `English left in the ${name} view`).toEqual({ messages: [], words: [] });
    if (name === '上游') {
      // README's Chinese screenshot: UPDATE_SCREENSHOTS=1 npm run test:e2e refreshes it.
      const file = 'screenshot-zh-upstreams.png';
      const png = await page.screenshot({ path: testInfo.outputPath(file), fullPage: true });
      if (process.env.UPDATE_SCREENSHOTS === '1') {
        writeFileSync(path.join(process.cwd(), 'docs', file), png);
      }
    }
  }
});
