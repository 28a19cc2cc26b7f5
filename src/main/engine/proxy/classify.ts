// Outcome of one upstream response (docs/behaviour.md §3.5), checked in the spec's order.
import { statusIn, type RetryPolicy } from '../config/retry-policy';

export type Outcome =
  | { kind: 'success' }
  /** The upstream cannot serve this model/parameter: skip it, health untouched. */
  | { kind: 'capability'; message: string }
  /** Quota, balance or credit used up: flag exhausted, penalize, fail over. */
  | { kind: 'quota'; message: string }
  /** The client's own mistake: return it unchanged, health untouched. */
  | { kind: 'client' }
  /** In the same-upstream retry list (may still fail over once attempts run out). */
  | { kind: 'retryable'; failover: boolean }
  | { kind: 'failover' }
  | { kind: 'other' };

export interface ErrorInfo {
  type: string | null;
  code: string | null;
  message: string;
}

const CAPABILITY_STATUS = new Set([400, 404, 409, 422]);
const CLIENT_ERROR_TYPES = new Set([
  'invalid_request_error',
  'context_length_exceeded',
  'invalid_prompt',
  'invalid_value',
  'invalid_type',
  'missing_required_parameter',
  'unknown_parameter',
  'string_above_max_length',
  'request_too_large',
]);

const CAPABILITY_RE =
  /\b(model|parameter|param|feature|tool)s?\b[^.\n]{0,120}?\b(not supported|unsupported|not available|unavailable|does not exist|doesn't exist|not exist|not found|is not allowed)\b|\b(unsupported|unknown|invalid) (model|parameter)\b|\bno such model\b/i;
const QUOTA_RE =
  /\b(insufficient|exhausted|exceeded|no remaining|out of|run out of|ran out of)\b[^.\n]{0,40}\b(quota|balance|credits?)\b|\b(quota|balance|credits?)\b[^.\n]{0,40}\b(exhausted|exceeded|insufficient|depleted|used up|run out|ran out|too low|is not enough)\b/i;

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

/** Reads `{error:{type,code,message}}` (OpenAI/Anthropic) or a flat/plain-text error body. */
export function errorInfo(body: string): ErrorInfo {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return { type: null, code: null, message: body.slice(0, 2000) };
  }
  if (typeof doc !== 'object' || doc === null)
    return { type: null, code: null, message: body.slice(0, 2000) };
  const d = doc as Record<string, unknown>;
  const e = d['error'];
  if (typeof e === 'string') return { type: str(d['type']), code: str(d['code']), message: e };
  const eo = typeof e === 'object' && e !== null ? (e as Record<string, unknown>) : d;
  return {
    type: str(eo['type']) ?? (eo === d ? null : str(d['type'])),
    code: str(eo['code']),
    message: str(eo['message']) ?? str(d['message']) ?? str(d['detail']) ?? body.slice(0, 2000),
  };
}

export function classify(status: number, body: string, policy: RetryPolicy): Outcome {
  if (status >= 200 && status < 300) return { kind: 'success' };
  const isError = status >= 400;
  const info = isError ? errorInfo(body) : null;
  if (info && CAPABILITY_STATUS.has(status) && CAPABILITY_RE.test(info.message)) {
    return { kind: 'capability', message: info.message };
  }
  if (info) {
    const quota =
      status === 402 ||
      info.type === 'insufficient_quota' ||
      info.code === 'insufficient_quota' ||
      QUOTA_RE.test(info.message);
    if (quota) return { kind: 'quota', message: info.message || `status ${status}` };
  }
  if (statusIn(policy.neverOnStatus, status)) return { kind: 'client' };
  if (
    info &&
    status < 500 &&
    ((info.type !== null && CLIENT_ERROR_TYPES.has(info.type)) ||
      (info.code !== null && CLIENT_ERROR_TYPES.has(info.code)))
  ) {
    return { kind: 'client' };
  }
  const failover = policy.failover && statusIn(policy.provider.onStatus, status);
  if (statusIn(policy.upstream.onStatus, status)) return { kind: 'retryable', failover };
  if (failover) return { kind: 'failover' };
  return { kind: 'other' };
}

/** Integer seconds from `Retry-After` (HTTP dates are not used by the relays we front). */
export function retryAfterSecs(value: string | string[] | undefined): number | null {
  if (typeof value !== 'string') return null;
  const v = value.trim();
  if (!/^\d+$/.test(v)) return null;
  return Number(v);
}
