// Balance sources (docs/behaviour.md §9): where each kind is polled and what a user
// may enter for one. Shared by the engine (config and commands) and the upstream dialog.
import { BALANCE_KINDS, type BalanceKind } from './config-types';

/** Scheme + host + port of a base URL (its path dropped). */
export function originOf(baseUrl: string): string {
  return new URL(baseUrl).origin;
}

/** `{origin}` and `{base_url}` replaced (the base URL without a trailing slash). */
export function expandEndpoint(endpoint: string, baseUrl: string): string {
  return endpoint
    .split('{origin}')
    .join(originOf(baseUrl))
    .split('{base_url}')
    .join(baseUrl.replace(/\/+$/, ''));
}

/** The URL a balance poll GETs. */
export function balanceUrl(kind: BalanceKind, baseUrl: string, endpoint?: string): string {
  switch (kind) {
    case 'new-api':
      return `${originOf(baseUrl)}/api/usage/token/`;
    case 'openai-balance':
      return `${originOf(baseUrl)}/user/balance`;
    case 'sub2api':
      return `${originOf(baseUrl)}/v1/usage`;
    case 'http-json':
      return expandEndpoint(endpoint ?? '', baseUrl);
  }
}

/** Whether an http-json endpoint is usable; the reason when it is not. */
export function checkBalanceEndpoint(endpoint: string): string | null {
  const trimmed = endpoint.trim();
  if (trimmed === '') return 'an endpoint URL is required';
  let u: URL;
  try {
    u = new URL(expandEndpoint(trimmed, 'http://relay.invalid/v1'));
  } catch {
    return `"${endpoint}" is not a valid URL (e.g. {origin}/api/balance or https://relay.example/balance)`;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    return `"${endpoint}" must start with http://, https:// or {origin}`;
  }
  if (u.username || u.password) return 'put credentials in auth, not in the URL';
  return null;
}

export function isBalanceKind(v: unknown): v is BalanceKind {
  return typeof v === 'string' && (BALANCE_KINDS as readonly string[]).includes(v);
}

/** A dotted JSON path: names and array indices separated by dots. */
export function checkRemainingPath(path: string): string | null {
  if (path.trim() === '') return 'a JSON path is required (e.g. data.balance)';
  if (path.split('.').some((seg) => seg === '')) return `"${path}" has an empty segment`;
  return null;
}
