// Reads a request body as JSON named arguments, with a size limit, never throwing.
import type { IncomingMessage } from 'node:http';
import type { CommandError } from '../../shared/contract';

export type BodyResult =
  { ok: true; value: unknown } | { ok: false; status: number; error: CommandError };

export function readJsonBody(
  req: IncomingMessage,
  limit: number,
  what: string,
): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult): void => {
      if (done) return;
      done = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        finish({
          ok: false,
          status: 413,
          error: { code: 'invalid_argument', message: `${what} is larger than ${limit} bytes` },
        });
        // Stop reading; the response goes out and the connection is closed after it.
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () =>
      finish({
        ok: false,
        status: 400,
        error: { code: 'invalid_argument', message: `${what} could not be read` },
      }),
    );
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') {
        finish({ ok: true, value: {} });
        return;
      }
      try {
        finish({ ok: true, value: JSON.parse(text) as unknown });
      } catch (err) {
        const detail = err instanceof Error ? err.message : String(err);
        finish({
          ok: false,
          status: 400,
          error: { code: 'invalid_argument', message: `${what} is not valid JSON: ${detail}` },
        });
      }
    });
  });
}
