// `npm run serve`: builds what it needs (once, or when sources changed), then runs the headless
// server in this process so signals reach it directly.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isBuildStale, root, runBuild } from './build.mjs';

if (isBuildStale(['out/main/serve.js', 'out/renderer/index.html']) && !runBuild()) process.exit(1);

await import(pathToFileURL(join(root, 'out/main/serve.js')).href);
