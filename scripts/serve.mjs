// `npm run serve`: builds what it needs (once, or when sources changed), then runs the headless
// server in this process so signals reach it directly.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'out/main/serve.js');

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function needsBuild() {
  if (!existsSync(entry) || !existsSync(join(root, 'out/renderer/index.html'))) return true;
  const built = statSync(entry).mtimeMs;
  return ['src', 'electron.vite.config.ts', 'package.json'].some(
    (p) => existsSync(join(root, p)) && newestMtime(join(root, p)) > built,
  );
}

if (needsBuild()) {
  const bin = join(root, 'node_modules/.bin/electron-vite');
  if (!existsSync(bin)) {
    console.error('codex-helper-desktop: dependencies are missing. Run `npm install` first.');
    process.exit(1);
  }
  process.stderr.write('building (electron-vite build)...\n');
  const r = spawnSync(bin, ['build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    console.error('codex-helper-desktop: the build failed (see above).');
    process.exit(1);
  }
}

await import(pathToFileURL(entry).href);
