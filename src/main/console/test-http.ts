// Raw HTTP helpers for console tests: node:http (not fetch) so tests can set any Host header and
// send unnormalised paths.
import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function rawRequest(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: opts.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

export interface SseItem {
  event: string | null;
  data: string | null;
  comment: string | null;
}

/** An open SSE stream; `next()` resolves with the next complete event or comment. */
export interface SseClient {
  status: number;
  headers: http.IncomingHttpHeaders;
  next(): Promise<SseItem>;
  close(): void;
}

export function openSse(
  port: number,
  path: string,
  headers?: Record<string, string>,
): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      const queue: SseItem[] = [];
      const waiters: ((item: SseItem) => void)[] = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const item: SseItem = { event: null, data: null, comment: null };
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) item.comment = line.slice(1).trim();
            else if (line.startsWith('event: ')) item.event = line.slice(7);
            else if (line.startsWith('data: ')) item.data = line.slice(6);
          }
          const waiter = waiters.shift();
          if (waiter) waiter(item);
          else queue.push(item);
        }
      });
      res.on('error', () => {});
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        next: () => {
          const item = queue.shift();
          return item ? Promise.resolve(item) : new Promise((r) => waiters.push(r));
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}
