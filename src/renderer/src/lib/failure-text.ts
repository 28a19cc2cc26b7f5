// A failure as a person reads it ("HTTP 500 — relay is down"), with the raw text kept for a
// "Details" disclosure. Relay error bodies are usually JSON; transport errors are class names.
import { translator, type MessageId, type Translate } from '../../../shared/i18n';

const TRANSPORT_WORDS: Record<string, MessageId> = {
  connect: 'up.transport.connect',
  'connect-timeout': 'up.transport.connect-timeout',
  timeout: 'up.transport.timeout',
  reset: 'up.transport.reset',
  tls: 'up.transport.tls',
  dns: 'up.transport.dns',
  aborted: 'up.transport.aborted',
};

export interface FailureText {
  /** One line: "HTTP 500 — relay is down", "could not connect", … */
  sentence: string;
  /** The text as received, when it says more than the sentence. */
  raw: string | null;
}

function messageFromJson(text: string): string | null {
  const start = text.indexOf('{');
  if (start < 0) return null;
  try {
    const v = JSON.parse(text.slice(start)) as Record<string, unknown>;
    const err = v['error'];
    if (typeof err === 'string') return err;
    if (err && typeof err === 'object') {
      const m = (err as Record<string, unknown>)['message'];
      if (typeof m === 'string' && m) return m;
    }
    for (const key of ['message', 'detail']) {
      const m = v[key];
      if (typeof m === 'string' && m) return m;
    }
    return null;
  } catch {
    return null;
  }
}

function shorten(text: string, max = 160): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/**
 * The proxy's own answers read "codex-helper-desktop <type>: <what> (<id>: <detail>, …)": the
 * type and the list of upstream ids are for logs and bug reports (the raw text), not the sentence.
 */
function ownAnswer(text: string): string | null {
  const m = /^codex-helper-desktop [a-z_]+:\s*(.*)$/s.exec(text);
  if (!m?.[1]) return null;
  return m[1].replace(/\s*\([^()]*\S\/\S[^()]*\)/g, '').trim();
}

export function failureText(
  status: number | null,
  error: string | null,
  t: Translate = translator('en'),
): FailureText {
  const raw = error?.trim() || null;
  // The probe writes "status 500: <body>"; the body is what matters.
  const body = raw?.replace(/^status \d{3}:\s*/, '') ?? '';
  const own = ownAnswer(body);
  const cls = /^([a-z-]+)(?::\s*(.*))?$/s.exec(body);
  const transportId = cls?.[1] ? TRANSPORT_WORDS[cls[1]] : undefined;
  const transport = transportId ? t(transportId) : undefined;
  const message = own ?? transport ?? (body ? (messageFromJson(body) ?? shorten(body)) : null);
  const head = status !== null ? `HTTP ${status}` : null;
  const sentence = head && message ? `${head} — ${message}` : (head ?? message ?? t('up.noAnswer'));
  return { sentence, raw: raw && raw !== message ? raw : null };
}
