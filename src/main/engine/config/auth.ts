// Auth resolution per request (docs/behaviour.md §1): inline (non-blank) → environment variable →
// none.
import type { UpstreamAuth } from '../../../shared/config-types';
import type { AuthSource } from '../../../shared/snapshot';

export interface ResolvedAuth {
  /** Sent as `Authorization: Bearer <token>`. */
  token: string | null;
  /** Sent as `x-api-key`. */
  apiKey: string | null;
  source: AuthSource;
  /**
   * Set when the key is missing ("RELAY_A_KEY is not set"): such an upstream is not selectable
   * (docs/behaviour.md §2.7). Never contains a secret.
   */
  problem: string | null;
}

type Env = Readonly<Record<string, string | undefined>>;

function pick(inline: string | undefined, envName: string | undefined, env: Env): string | null {
  if (inline !== undefined && inline.trim() !== '') return inline;
  if (envName !== undefined && envName !== '') {
    const v = env[envName];
    if (v !== undefined && v.trim() !== '') return v;
  }
  return null;
}

export function resolveAuth(auth: UpstreamAuth, env: Env): ResolvedAuth {
  let source: AuthSource = 'client';
  if (auth.auth_token?.trim() || auth.api_key?.trim()) source = 'inline';
  else if (auth.auth_token_env) source = `env:${auth.auth_token_env}`;
  else if (auth.api_key_env) source = `env:${auth.api_key_env}`;
  return {
    token: pick(auth.auth_token, auth.auth_token_env, env),
    apiKey: pick(auth.api_key, auth.api_key_env, env),
    source,
    problem: missingKey(auth, env),
  };
}

/** Whether the upstream has credentials of its own configured (even if the variable is unset). */
export function hasOwnCredentials(auth: UpstreamAuth): boolean {
  return Boolean(
    auth.auth_token?.trim() || auth.auth_token_env || auth.api_key?.trim() || auth.api_key_env,
  );
}

function blank(v: string | undefined): boolean {
  return v === undefined || v.trim() === '';
}

/**
 * Key present (docs/behaviour.md §2.7): every header the upstream sends its own credential in has
 * a value. Returns the problem ("RELAY_A_KEY is not set") when a named variable is unset and no
 * inline secret stands in for it, else null. Allocates nothing when the key is present: the
 * balancer asks this for every upstream it considers.
 */
export function missingKey(auth: UpstreamAuth | undefined, env: Env): string | null {
  if (auth === undefined) return null;
  const tokenEnv = auth.auth_token_env;
  const tokenMissing =
    blank(auth.auth_token) && tokenEnv !== undefined && tokenEnv !== '' && blank(env[tokenEnv]);
  const keyEnv = auth.api_key_env;
  const keyMissing =
    blank(auth.api_key) && keyEnv !== undefined && keyEnv !== '' && blank(env[keyEnv]);
  if (!tokenMissing && !keyMissing) return null;
  if (tokenMissing && keyMissing) return `${tokenEnv} is not set; ${keyEnv} is not set`;
  return `${tokenMissing ? tokenEnv : keyEnv} is not set`;
}

/** The variables missing for `missingKey`, for the UI's translated text (docs/behaviour.md §8.6). */
export function missingKeyNames(auth: UpstreamAuth, env: Env): string[] {
  const names: string[] = [];
  for (const [inline, name] of [
    [auth.auth_token, auth.auth_token_env],
    [auth.api_key, auth.api_key_env],
  ] as const) {
    if (blank(inline) && name !== undefined && name !== '' && blank(env[name])) names.push(name);
  }
  return names;
}
