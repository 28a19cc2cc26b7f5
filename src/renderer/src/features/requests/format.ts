// Texts for the requests table and its detail pane.
import type {
  AttemptDecision,
  AttemptRecord,
  RequestSummary,
  TokenUsage,
} from '../../../../shared/snapshot';
import { failureText } from '../../lib/failure-text';
import { formatUsd } from '../../lib/money';
import { translator, type Translate } from '../../../../shared/i18n';

export function isErrorRequest(r: Pick<RequestSummary, 'status' | 'error'>): boolean {
  return r.status >= 400 || r.error !== null;
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

export function tokensText(u: TokenUsage | null, t: Translate = translator('en')): string {
  if (!u) return '—';
  return t('req.tokens', {
    input: compactNumber(u.inputTokens),
    output: compactNumber(u.outputTokens),
  });
}

/** "Cost $0.0049", or why there is none (docs/behaviour.md §9.1). */
export function costText(
  r: Pick<RequestSummary, 'costUsd' | 'model' | 'mappedModel'>,
  t: Translate = translator('en'),
): string {
  // Lines logged before costUsd existed have no such field.
  if (typeof r.costUsd === 'number') return t('req.cost', { amount: formatUsd(r.costUsd) });
  return t('req.noPrice', { model: r.mappedModel ?? r.model ?? t('req.thisModel') });
}

export function attemptText(a: AttemptRecord): string {
  const outcome = a.status !== null ? String(a.status) : (a.error ?? 'no answer');
  const cooled = a.cooldownSecs ? `, cooled ${a.cooldownSecs}s` : '';
  return `${a.upstream} (${a.host}) → ${outcome}: ${a.decision}${cooled}, ${duration(a.durationMs)}`;
}

/** What happened in one attempt, in words (the upstream's name is shown beside it). */
export function attemptOutcome(a: AttemptRecord, t: Translate = translator('en')): string {
  const got =
    a.status !== null && a.status < 400
      ? `HTTP ${a.status}`
      : failureText(a.status, a.error, t).sentence;
  const cooled = a.cooldownSecs ? t('req.cooling', { secs: a.cooldownSecs }) : '';
  const decision: AttemptDecision = a.decision;
  return `${got} — ${t(`req.decision.${decision}`)}${cooled} (${duration(a.durationMs)})`;
}

/** Plain text of one request for the clipboard (never carries a secret: the snapshot has none). */
/**
 * How a request of a conversation was routed (docs/behaviour.md §2.7), e.g. "moved: bound
 * upstream is cooling (12s left)"; null without a session id or affinity.
 */
export function affinityText(
  r: Pick<RequestSummary, 'affinity' | 'affinityReason'>,
  t: Translate = translator('en'),
): string | null {
  if (!r.affinity) return null;
  const words = t(`req.affinity.${r.affinity}`);
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
