// Answers the proxy gives itself (BEHAVIOUR §3.1, §3.2, §3.7). All JSON, all secret-free.
import type { ServerResponse, OutgoingHttpHeaders } from 'node:http';
import type { AttemptRecord } from '../../../shared/snapshot';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function errorBody(type: string, message: string, extra: Record<string, unknown> = {}) {
  return { error: { type, message, ...extra } };
}

export interface SummaryAttempt {
  upstream: string;
  status: number;
  error: string | null;
  cooldown_secs: number | null;
}

/** The `attempts` list of an `upstream_unavailable` summary; skipped upstreams are left out. */
export function summaryAttempts(attempts: readonly AttemptRecord[]): SummaryAttempt[] {
  const out: SummaryAttempt[] = [];
  for (const a of attempts) {
    if (a.decision === 'skip-unsupported' && a.status === null) continue;
    out.push({
      upstream: a.upstream,
      status: a.status ?? 502,
      error: a.error,
      cooldown_secs: a.cooldownSecs,
    });
  }
  return out;
}

export function unavailableMessage(attempts: readonly SummaryAttempt[]): string {
  const n = new Set(attempts.map((a) => a.upstream)).size;
  const last = attempts[attempts.length - 1];
  const why = last ? `; last: ${last.upstream} ${last.error ?? `status ${last.status}`}` : '';
  return `codex-helper-desktop: all ${n} upstream${n === 1 ? '' : 's'} tried failed${why}`;
}
