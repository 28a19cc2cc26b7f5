// `npm run bench:config`: builds what it needs, then times moving one upstream among 1 000 and
// 10 000 (bench/config-edits.ts). Separate from `npm run bench` so it runs in seconds.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { isBuildStale, root, runBuild } from './build.mjs';

import { statSync } from 'node:fs';

const built = join(root, 'out/main/bench-config.js');
const benchChanged = () => {
  try {
    return statSync(join(root, 'bench/config-edits.ts')).mtimeMs > statSync(built).mtimeMs;
  } catch {
    return true;
  }
};
if ((isBuildStale(['out/main/bench-config.js']) || benchChanged()) && !runBuild()) process.exit(1);
const r = spawnSync(process.execPath, [join(root, 'out/main/bench-config.js')], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
