// No secret ever leaves in a record, log line or error we echo (docs/behaviour.md §3.7, §4).

const KEY_LIKE = /(sk-[A-Za-z0-9_-]{8,}|sk_[A-Za-z0-9_-]{8,}|Bearer\s+[A-Za-z0-9._~+/=-]{8,})/g;

export function redact(text: string, secrets: readonly (string | null)[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  }
  return out.replace(KEY_LIKE, '[redacted]');
}
