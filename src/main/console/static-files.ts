// Serves the built renderer. Only files inside the static root are ever read: the decoded path is
// resolved and must stay under the root's real path (so neither `..%2f` nor a symlink escapes).
import { createReadStream, promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Codex Helper</title></head>
<body><h1>Codex Helper console</h1>
<p>The user interface has not been built yet. Run <code>npm run build</code>, then reload this page.</p>
<p>The API is available under <code>/api/</code>.</p></body></html>
`;

export type StaticOutcome = 'served' | 'not_found' | 'forbidden' | 'bad_request';

function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root + path.sep);
}

async function realFile(root: string, candidate: string): Promise<string | null> {
  try {
    const real = await fs.realpath(candidate);
    if (!isInside(root, real)) return null;
    const stat = await fs.stat(real);
    return stat.isFile() ? real : null;
  } catch {
    return null;
  }
}

function send(req: IncomingMessage, res: ServerResponse, file: string, size: number): void {
  res.writeHead(200, {
    'Content-Type': contentTypeFor(file),
    'Content-Length': String(size),
    // Asset names are content-hashed by the build; index.html must always be revalidated.
    'Cache-Control': file.endsWith('.html') ? 'no-cache' : 'public, max-age=3600',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** Serves `pathname` from `staticDir` (null → a page saying the UI is not built). */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  staticDir: string | null,
): Promise<StaticOutcome> {
  if (staticDir === null) {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : NOT_BUILT_PAGE);
    return 'served';
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return 'bad_request';
  }
  if (decoded.includes('\0')) return 'bad_request';
  const root = await fs.realpath(staticDir).catch(() => path.resolve(staticDir));
  const target = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  // normalize('/'+x) already clamps `..` at the root; this check catches backslash tricks on Windows.
  if (!isInside(root, target) || decoded.split(/[\\/]/).includes('..')) return 'forbidden';

  const file = await realFile(
    root,
    decoded.endsWith('/') ? path.join(target, 'index.html') : target,
  );
  if (file) {
    const stat = await fs.stat(file);
    send(req, res, file, stat.size);
    return 'served';
  }
  // Client-side routes have no extension: hand them the app shell. Missing assets stay 404.
  if (path.extname(decoded) === '') {
    const index = await realFile(root, path.join(root, 'index.html'));
    if (index) {
      const stat = await fs.stat(index);
      send(req, res, index, stat.size);
      return 'served';
    }
  }
  return 'not_found';
}
