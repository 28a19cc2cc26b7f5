// Model filter and mapping (docs/behaviour.md §3.4). A pattern is an exact string or has exactly
// one `*`.

interface Match {
  /** Length of the literal part; longer is more specific. */
  literal: number;
  /** What the `*` stood for ('' for exact matches). */
  capture: string;
}

export function matchPattern(pattern: string, model: string): Match | null {
  const star = pattern.indexOf('*');
  if (star === -1) return pattern === model ? { literal: pattern.length, capture: '' } : null;
  if (pattern.indexOf('*', star + 1) !== -1) return null;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  if (model.length < prefix.length + suffix.length) return null;
  if (!model.startsWith(prefix) || !model.endsWith(suffix)) return null;
  return {
    literal: prefix.length + suffix.length,
    capture: model.slice(prefix.length, model.length - suffix.length),
  };
}

function isEmpty(map: Readonly<Record<string, unknown>>): boolean {
  for (const _ in map) return false;
  return true;
}

export function isModelSupported(
  model: string,
  supported: Readonly<Record<string, boolean>>,
  mapping: Readonly<Record<string, string>>,
): boolean {
  if (isEmpty(supported) && isEmpty(mapping)) return true;
  if (supported[model] === true) return true;
  for (const key in supported) {
    if (supported[key] === true && key.includes('*') && matchPattern(key, model)) return true;
  }
  for (const key in mapping) {
    if (matchPattern(key, model)) return true;
  }
  return false;
}

/** The model to send upstream: exact key first, else the wildcard with the longest literal part. */
export function mapModel(model: string, mapping: Readonly<Record<string, string>>): string {
  const exact = mapping[model];
  if (exact !== undefined) return exact;
  let best: Match | null = null;
  let replacement: string | null = null;
  for (const key in mapping) {
    if (!key.includes('*')) continue;
    const m = matchPattern(key, model);
    if (m && (best === null || m.literal > best.literal)) {
      best = m;
      replacement = mapping[key] ?? null;
    }
  }
  if (best === null || replacement === null) return model;
  return replacement.includes('*') ? replacement.replace('*', best.capture) : replacement;
}
