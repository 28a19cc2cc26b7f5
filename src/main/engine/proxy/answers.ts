// Answers the proxy gives itself (docs/behaviour.md §3.1, §3.2, §3.7). All JSON, all secret-free.
import type { ServerResponse, OutgoingHttpHeaders } from 'node:http';
import type { AttemptRecord } from '../../../shared/snapshot';
import { countsAsTried } from './attempt-log';

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
    if (!countsAsTried(a)) continue;
    out.push({
      upstream: a.upstream,
      status: a.status ?? 502,
      error: a.error,
      cooldown_secs: a.cooldownSecs,
    });
  }
  return out;
}

/**
 * Clients show only `error.message` (Codex prints it verbatim), so the message itself names the
 * error type and each upstream's last outcome.
 */
export function unavailableMessage(attempts: readonly SummaryAttempt[]): string {
  const lastPer = new Map<string, SummaryAttempt>();
  for (const a of attempts) lastPer.set(a.upstream, a);
  const parts = [...lastPer.values()].map((a) => {
    const what = a.error ?? `status ${a.status}`;
    const cd = a.cooldown_secs !== null ? `, cooling ${a.cooldown_secs}s` : '';
    return `${a.upstream}: ${a.status} ${what}${cd}`;
  });
  const n = lastPer.size;
  return `codex-helper-desktop upstream_unavailable: all ${n} upstream${n === 1 ? '' : 's'} tried failed (${parts.join('; ')})`;
}
