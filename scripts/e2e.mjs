// `npm run test:e2e`: find a Chromium (or get one), build the app, run Playwright.
// Prints what it did so a reader of the CI log knows which browser ran the tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBuild } from './build.mjs';
import { electronFailureReason } from './start-decision.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (m) => process.stdout.write(`[e2e] ${m}\n`);

function findChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH))
    return process.env.CHROMIUM_PATH;
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (existsSync(p)) return p;
  }
  return null;
}

let browser = findChromium();
if (!browser) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    say("no Chromium found: installing Debian's chromium with apt-get (about 25 s)");
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch {
      say('apt-get could not install chromium');
    }
    browser = findChromium();
  }
}
if (!browser) {
  say("no system Chromium: trying Playwright's own browser download (needs internet)");
  const r = spawnSync(join(root, 'node_modules/.bin/playwright'), ['install', 'chromium'], {
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    say(
      'FAILED: no browser for the e2e tests. Install Chromium (apt-get install chromium) or set CHROMIUM_PATH.',
    );
    process.exit(1);
  }
  say("using Playwright's downloaded Chromium");
} else {
  say(`using ${browser}`);
  process.env.CHROMIUM_PATH = browser;
}

// The desktop stories (e2e/electron.spec.ts) need the Electron binary and a display; when they
// cannot run, say so here, where it shows in the CI log (Playwright lists them only as skipped).
const electronProbe = spawnSync(
  process.execPath,
  ['-e', "process.stdout.write(require('electron'))"],
  {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  },
);
const electronPath = electronProbe.status === 0 ? electronProbe.stdout.trim() : '';
if (!electronPath || !existsSync(electronPath)) {
  say(
    `the 3 Electron desktop stories will be skipped: ${electronFailureReason(`${electronProbe.stdout ?? ''}\n${electronProbe.stderr ?? ''}`)}`,
  );
} else if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  say('the 3 Electron desktop stories will be skipped: no display (run under xvfb-run -a)');
}

if (!runBuild(say)) process.exit(1);

const args = ['test', ...process.argv.slice(2)];
const run = spawnSync(join(root, 'node_modules/.bin/playwright'), args, {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
});
process.exit(run.status ?? 1);
