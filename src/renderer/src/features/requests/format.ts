// Texts for the requests table and its detail pane.
import type {
  AttemptDecision,
  AttemptRecord,
  RequestSummary,
  TokenUsage,
} from '../../../../shared/snapshot';
import { failureText } from '../../lib/failure-text';
import { formatUsd } from '../../lib/money';

export function isErrorRequest(r: Pick<RequestSummary, 'status' | 'error'>): boolean {
  return r.status >= 400 || r.error !== null;
}

export function clockTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function duration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function modelText(r: Pick<RequestSummary, 'model' | 'mappedModel'>): string {
  if (!r.model) return '—';
  return r.mappedModel && r.mappedModel !== r.model ? `${r.model} → ${r.mappedModel}` : r.model;
}

export function compactNumber(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export function tokensText(u: TokenUsage | null): string {
  if (!u) return '—';
  return `${compactNumber(u.inputTokens)} in · ${compactNumber(u.outputTokens)} out`;
}

/** "Cost $0.0049", or why there is none (docs/behaviour.md §9.1). */
export function costText(r: Pick<RequestSummary, 'costUsd' | 'model' | 'mappedModel'>): string {
  // Lines logged before costUsd existed have no such field.
  if (typeof r.costUsd === 'number') return `Cost ${formatUsd(r.costUsd)}`;
  return `No price for ${r.mappedModel ?? r.model ?? 'this model'}: cost not counted`;
}

export function attemptText(a: AttemptRecord): string {
  const outcome = a.status !== null ? String(a.status) : (a.error ?? 'no answer');
  const cooled = a.cooldownSecs ? `, cooled ${a.cooldownSecs}s` : '';
  return `${a.upstream} (${a.host}) → ${outcome}: ${a.decision}${cooled}, ${duration(a.durationMs)}`;
}

const DECISION_WORDS: Record<AttemptDecision, string> = {
  success: 'answered',
  'retry-same': 'tried again on the same upstream',
  failover: 'moved on to the next upstream',
  'skip-unsupported': 'skipped: model not supported',
  exhausted: 'marked exhausted',
  returned: 'returned to the client as it was',
  aborted: 'the client left',
};

/** What happened in one attempt, in words (the upstream's name is shown beside it). */
export function attemptOutcome(a: AttemptRecord): string {
  const got =
    a.status !== null && a.status < 400
      ? `HTTP ${a.status}`
      : failureText(a.status, a.error).sentence;
  const cooled = a.cooldownSecs ? `, cooling ${a.cooldownSecs}s` : '';
  return `${got} — ${DECISION_WORDS[a.decision]}${cooled} (${duration(a.durationMs)})`;
}

/** Plain text of one request for the clipboard (never carries a secret: the snapshot has none). */
/**
 * How a request of a conversation was routed (docs/behaviour.md §2.7), e.g. "moved: bound
 * upstream is cooling (12s left)"; null without a session id or affinity.
 */
export function affinityText(
  r: Pick<RequestSummary, 'affinity' | 'affinityReason'>,
): string | null {
  if (!r.affinity) return null;
  const words = { new: 'new conversation', kept: 'kept on its relay', moved: 'moved' }[r.affinity];
  return r.affinityReason ? `${words}: ${r.affinityReason}` : words;
}

export function requestReport(r: RequestSummary): string {
  const lines = [
    `${new Date(r.time).toISOString()} ${r.method} ${r.path} → ${r.status}`,
    `request ${r.requestId}${r.sessionId ? `, session ${r.sessionId}` : ''}`,
    `service ${r.service}, station ${r.station ?? '—'}, model ${modelText(r)}`,
    `ttfb ${duration(r.ttfbMs)}, total ${duration(r.durationMs)}, tokens ${tokensText(r.usage)}`,
    ...r.attempts.map((a, i) => `attempt ${i + 1}: ${attemptText(a)}`),
  ];
  if (r.error) lines.push(`error: ${r.error}`);
  return lines.join('\n');
}
