// `npm start`: the desktop app when Electron can run here, otherwise the headless console with a
// plain one-line explanation. Never a stack trace: every failure path prints a sentence.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { isBuildStale, root, runBuild } from './build.mjs';
import { decideStart, electronFailureReason } from './start-decision.mjs';

const args = process.argv.slice(2);
const say = (line) => process.stderr.write(`${line}\n`);

// require('electron') in plain Node returns the binary path (downloading it on first use where
// the internet is reachable); a child process keeps a slow download or a throw away from us.
function probeElectron() {
  const marker = '__ELECTRON_PATH__=';
  const r = spawnSync(
    process.execPath,
    ['-e', `process.stdout.write('\\n${marker}' + require('electron') + '\\n')`],
    { cwd: root, encoding: 'utf8', timeout: 5 * 60_000 },
  );
  const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  if (r.error) return { ok: false, reason: electronFailureReason(String(r.error.message)) };
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith(marker));
  if (r.status !== 0 || !line) return { ok: false, reason: electronFailureReason(out) };
  const path = line.slice(marker.length).trim();
  if (!existsSync(path)) return { ok: false, reason: `the Electron binary is missing at ${path}` };
  return { ok: true, path };
}

function which(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

/** Runs a child with our stdio, forwards Ctrl-C/TERM to it, and exits with its code. */
function runForwarding(command, childArgs) {
  const child = spawn(command, childArgs, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('error', (err) => {
    say(`codex-helper-desktop: could not start ${command}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? (signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1));
  });
}

function runHeadless() {
  runForwarding(process.execPath, [join(root, 'scripts/serve.mjs'), ...args]);
}

function main() {
  const plan = decideStart({
    platform: process.platform,
    electron: probeElectron(),
    env: { DISPLAY: process.env.DISPLAY, WAYLAND_DISPLAY: process.env.WAYLAND_DISPLAY },
    xvfbRun: process.platform === 'linux' ? which('xvfb-run') : null,
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    buildStale: isBuildStale([
      'out/main/index.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
    ]),
    projectRoot: root,
    args,
  });
  if (plan.kind === 'headless') {
    say(plan.message);
    runHeadless();
    return;
  }
  if (plan.build && !runBuild(say)) process.exit(1);
  if (plan.note) say(plan.note);
  runForwarding(plan.command, plan.args);
}

try {
  main();
} catch (err) {
  say(`codex-helper-desktop: could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
