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
  /** Human-readable problem ("RELAY_A_KEY is not set"), never containing a secret. */
  problem: string | null;
}

type Env = Readonly<Record<string, string | undefined>>;

function pick(inline: string | undefined, envName: string | undefined, env: Env) {
  if (inline !== undefined && inline.trim() !== '') return { value: inline, missingEnv: null };
  if (envName !== undefined && envName !== '') {
    const v = env[envName];
    if (v !== undefined && v.trim() !== '') return { value: v, missingEnv: null };
    return { value: null, missingEnv: envName };
  }
  return { value: null, missingEnv: null };
}

export function resolveAuth(auth: UpstreamAuth, env: Env): ResolvedAuth {
  const token = pick(auth.auth_token, auth.auth_token_env, env);
  const key = pick(auth.api_key, auth.api_key_env, env);
  const problems: string[] = [];
  if (token.missingEnv) problems.push(`${token.missingEnv} is not set`);
  if (key.missingEnv) problems.push(`${key.missingEnv} is not set`);
  if (auth.auth_token?.trim() && auth.auth_token_env) {
    problems.push(`both auth_token and auth_token_env are set: the inline token wins`);
  }
  if (auth.api_key?.trim() && auth.api_key_env) {
    problems.push(`both api_key and api_key_env are set: the inline key wins`);
  }
  let source: AuthSource = 'client';
  if (auth.auth_token?.trim() || auth.api_key?.trim()) source = 'inline';
  else if (auth.auth_token_env) source = `env:${auth.auth_token_env}`;
  else if (auth.api_key_env) source = `env:${auth.api_key_env}`;
  return {
    token: token.value,
    apiKey: key.value,
    source,
    problem: problems.length ? problems.join('; ') : null,
  };
}

/** Whether the upstream has credentials of its own configured (even if the variable is unset). */
export function hasOwnCredentials(auth: UpstreamAuth): boolean {
  return Boolean(
    auth.auth_token?.trim() || auth.auth_token_env || auth.api_key?.trim() || auth.api_key_env,
  );
}
