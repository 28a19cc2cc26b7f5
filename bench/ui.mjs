// The console at scale, in real Chromium (Playwright): `serve` with 1 000 upstreams and 10 000
// requests in its log. Times a click on one row's "Usage exhausted" until the switch shows the new
// state (the command's round trip, the snapshot push and the re-render), and the Requests view's
// paging through the log. A benchmark, not a test: it measures, it asserts nothing.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { manyUpstreamsToml } from './many-upstreams.mjs';
import { postResponses, startTarget, stopChild } from './procs.mjs';
import { launchServe, servePorts } from './scale.mjs';

export const UI_TARGETS = { toggleMs: 100 };
const UPSTREAMS = 1000;
const LOGGED = 10_000;
const TOKEN = 'bench-console-token-0123456789';

function chromiumPath() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) {
    return process.env.CHROMIUM_PATH;
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) =>
    existsSync(p),
  );
}

/** `count` request-log lines in the engine's format, spread over the upstreams, oldest first. */
function logLines(count, upstreams, host) {
  const start = Date.now() - count * 1000;
  const lines = [];
  for (let i = 0; i < count; i++) {
    const id = `relay-${(i % upstreams) + 1}/default`;
    const failed = i % 13 === 0;
    const attempt = {
      upstream: id,
      station: 'main',
      host,
      status: failed ? 502 : 200,
      error: null,
      decision: failed ? 'failover' : 'success',
      cooldownSecs: null,
      durationMs: 40,
    };
    lines.push(
      JSON.stringify({
        time: new Date(start + i * 1000).toISOString(),
        requestId: `bench-${i}`,
        service: 'codex',
        method: 'POST',
        path: '/v1/responses',
        status: failed ? 502 : 200,
        durationMs: 40,
        ttfbMs: 20,
        sessionId: null,
        model: 'gpt-5',
        mappedModel: null,
        station: 'main',
        upstream: failed ? null : { id, host },
        usage: failed
          ? null
          : {
              inputTokens: 12,
              outputTokens: 3,
              totalTokens: 15,
              reasoningTokens: 0,
              cachedInputTokens: 0,
              cacheCreationTokens: 0,
            },
        attempts: [attempt],
        error: failed ? 'upstream answered 502' : null,
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

/* global window, requestAnimationFrame, MutationObserver -- these run in the page */
/** Before the app loads: note when a command is answered and when a snapshot event arrives. */
function markTraffic() {
  window.__benchMarks = [];
  const mark = (what) => window.__benchMarks.push([what, performance.now()]);
  const fetch0 = window.fetch;
  window.fetch = async (...args) => {
    const r = await fetch0(...args);
    if (String(args[0]).includes('/api/commands/')) mark('answered');
    return r;
  };
  const ES = window.EventSource;
  window.EventSource = class extends ES {
    constructor(...args) {
      super(...args);
      this.addEventListener('snapshot', () => mark('pushed'));
    }
  };
}

/**
 * In the page: click `el`, resolve once its aria-checked flipped and a frame passed, with the ms
 * until then and until the command's answer and the first snapshot event after the click.
 */
function clickUntilFlipped(el) {
  return new Promise((resolve) => {
    const before = el.getAttribute('aria-checked');
    window.__benchMarks.length = 0;
    const t0 = performance.now();
    const since = (what) => {
      const m = window.__benchMarks.find(([w]) => w === what);
      return m ? m[1] - t0 : null;
    };
    const done = () =>
      requestAnimationFrame(() =>
        resolve({
          ms: performance.now() - t0,
          answered: since('answered'),
          pushed: since('pushed'),
        }),
      );
    const mo = new MutationObserver(() => {
      if (el.getAttribute('aria-checked') !== before) {
        mo.disconnect();
        done();
      }
    });
    mo.observe(el, { attributes: true, attributeFilter: ['aria-checked'] });
    el.click();
  });
}

const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export async function runUi({ root, quick, log }) {
  const browserPath = chromiumPath();
  if (!browserPath) {
    log('ui: skipped: no Chromium (apt-get install chromium, or set CHROMIUM_PATH)');
    return { skipped: 'no Chromium on this machine (apt-get install chromium)' };
  }
  const { chromium } = await import('@playwright/test');
  const upstream = await startTarget('fake upstream', process.execPath, [
    join(root, 'bench/upstream.mjs'),
  ]);
  const ports = await servePorts();
  const host = `127.0.0.1:${upstream.info.port}`;
  const serve = await launchServe(
    root,
    manyUpstreamsToml({ port: upstream.info.port, codex: UPSTREAMS, ports }),
    ports,
    {
      env: { CODEX_HELPER_DESKTOP_TOKEN: TOKEN },
      prepare: (home) => {
        mkdirSync(join(home, 'logs'), { recursive: true });
        writeFileSync(join(home, 'logs/requests.jsonl'), logLines(LOGGED, UPSTREAMS, host), {
          mode: 0o600,
        });
      },
    },
  );
  const browser = await chromium.launch({
    executablePath: browserPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  const out = { upstreams: UPSTREAMS, logged: LOGGED };
  try {
    // Live traffic too, so the snapshot carries its 200 newest requests.
    for (let i = 0; i < 200; i += 8)
      await Promise.all(Array.from({ length: 8 }, () => postResponses(ports.codex)));
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript(markTraffic);
    const t0 = performance.now();
    await page.goto(`http://127.0.0.1:${ports.console}/?token=${TOKEN}`);
    const list = page.getByRole('list', { name: 'Upstreams' });
    const rows = list.getByRole('listitem');
    await rows.nth(UPSTREAMS - 1).waitFor();
    out.firstViewMs = performance.now() - t0;
    out.listItems = await rows.count();
    log(
      `ui: ${out.listItems} listitems in the Upstreams list after ${out.firstViewMs.toFixed(0)} ms`,
    );

    const toggles = [];
    const picks = quick ? [500] : [1, 250, 500, 750, 999];
    for (const i of picks) {
      const sw = rows.nth(i).getByRole('switch', { name: 'Usage exhausted' });
      const handle = await sw.elementHandle();
      for (let k = 0; k < 2; k++) toggles.push(await page.evaluate(clickUntilFlipped, handle));
    }
    out.toggles = toggles.map((t) => t.ms);
    out.answered = toggles.map((t) => t.answered);
    out.pushed = toggles.map((t) => t.pushed);
    const f = (x) => (x === null ? '—' : x.toFixed(0));
    log(
      `ui: "Usage exhausted" click → switch shows it: ${toggles.map((t) => `${f(t.ms)} (answer ${f(t.answered)}, push ${f(t.pushed)})`).join(' / ')} ms`,
    );

    await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: 'Requests' })
      .click();
    const table = page.getByRole('table', { name: 'Requests' });
    await table.getByRole('row').nth(200).waitFor();
    const pages = [];
    for (let p = 0; p < (quick ? 2 : 5); p++) {
      const before = await table.getByRole('row').count();
      const p0 = performance.now();
      await page.getByRole('button', { name: 'Show older requests' }).click();
      // The page is rendered at once; waiting for its first row (not its 100th) also holds when
      // a few of its requests were already shown live (requests logged out of time order under
      // load are shown once), which made a full run wait for a row that never came.
      await table.getByRole('row').nth(before).waitFor();
      pages.push(performance.now() - p0);
    }
    out.pages = pages;
    out.requestRows = await table.getByRole('row').count();
    log(
      `ui: Requests "Show older requests" (100 rows each): ${pages.map((x) => x.toFixed(0)).join(' / ')} ms`,
    );
  } finally {
    await browser.close();
    await serve.stop();
    await stopChild(upstream.child);
  }
  return out;
}

export function renderUi(u) {
  if (!u) return '';
  if (u.skipped) return `## Console at scale\n\nSkipped: ${u.skipped}.\n`;
  const toggle = med(u.toggles);
  return `## Console at scale

Command: \`npm run bench\` (this part alone: \`npm run bench -- --only=ui\`).

\`serve\` with ${u.upstreams} upstreams in one station and ${u.logged} requests in its log (plus 200 live
ones), its console in headless Chromium driven by Playwright. A click on one row's "Usage
exhausted" is timed in the page from the click to the frame after the switch's \`aria-checked\`
changed: the command's round trip, the engine's snapshot build and push, the store update and the
re-render. Rows 2, 251, 501, 751 and 1 000, each switched on and off.

| what | goal | measured | met |
|---|---|---|---|
| click on "Usage exhausted" → switch shows it (median) | < ${UI_TARGETS.toggleMs} ms | ${toggle.toFixed(0)} ms (runs ${u.toggles.map((x) => x.toFixed(0)).join(' / ')}) | ${toggle < UI_TARGETS.toggleMs ? 'yes' : '**no**'} |
| rows of the Upstreams list that are \`listitem\`s | every one | ${u.listItems} of ${u.upstreams} | ${u.listItems === u.upstreams ? 'yes' : '**no**'} |
| console opened → all ${u.upstreams} rows shown | — | ${u.firstViewMs.toFixed(0)} ms | — |
| Requests: "Show older requests" → 100 more rows (median) | — | ${med(u.pages).toFixed(0)} ms (runs ${u.pages.map((x) => x.toFixed(0)).join(' / ')}; ${u.requestRows - 1} rows shown at the end) | — |
`;
}
