// Shared by the launchers (`npm start`, `npm run serve`, e2e, bench): is out/ older than the
// sources, and build it with electron-vite.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** True when one of `outputs` (paths under the project root) is missing or older than the sources. */
export function isBuildStale(outputs) {
  const files = outputs.map((p) => join(root, p));
  if (!files.every((p) => existsSync(p))) return true;
  const built = Math.min(...files.map((p) => statSync(p).mtimeMs));
  return ['src', 'electron.vite.config.ts', 'package.json'].some(
    (p) => existsSync(join(root, p)) && newestMtime(join(root, p)) > built,
  );
}

/** Runs `electron-vite build`; prints a plain sentence and returns false when it cannot. */
export function runBuild(say = (line) => process.stderr.write(`${line}\n`)) {
  const bin = join(root, 'node_modules/.bin/electron-vite');
  if (!existsSync(bin)) {
    say('codex-helper-desktop: dependencies are missing. Run `npm install` first.');
    return false;
  }
  say('building (electron-vite build)...');
  const r = spawnSync(bin, ['build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    shell: process.platform === 'win32',
  });
  if (r.status !== 0) {
    say('codex-helper-desktop: the build failed (see above).');
    return false;
  }
  return true;
}
